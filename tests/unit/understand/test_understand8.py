"""Whether the team has a problem in hand, and the one reader of asks naming the decider (own wording)."""

from __future__ import annotations

import pytest

from bot.translate.sentences import named_decider
from bot.understand.asked import asked_party, asks, decider
from bot.understand.inhand import acting, handles, in_plan


# --- the exact half of "in hand" ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "the refresh fits inside the quarter's compute budget",
    "the change is already budgeted",
    "so the schedule does not move",
    "and the pilot still ends on 12 May",
    "which keeps the original dates",
])
def test_a_plan_kept_is_read(text):
    assert in_plan(text)


@pytest.mark.parametrize("text", ["the extra nodes are not within budget", "the retrain was not in the plan", "the plan moved"])
def test_a_plan_not_kept_is_not(text):
    assert not in_plan(text)


@pytest.mark.parametrize("text", ["Amal is retraining the model", "the platform team has doubled the disk", "Tom takes over the runs",
                                  "we patched the parser", "the improved parser is scheduled for the May release"])
def test_someone_acting_is_read(text):
    assert acting(text)


@pytest.mark.parametrize("text", ["Farid has been asked to join another programme", "the report is late", "nobody owns the check"])
def test_no_one_acting_is_not(text):
    assert not acting(text)


def test_an_action_said_to_fail_does_not_handle_it():
    assert not handles("we have tried three fixes and none of them held", {"negated"})


# --- in hand by meaning and exact form, through the analysis ----------------------------------------------------------
IN_HAND = [
    "Our forecasting analyst Leila is off sick for two weeks; Tom from the planning desk is covering her weekly runs and the schedule does not move.",
    "Search answers got worse for Spanish queries last week; the team is rebuilding the language index now and expects it finished by Friday, inside the release plan.",
    "Nobody was watching the nightly reconciliation; we have added an alert that messages the finance data channel when the totals differ.",
    "The label vendor is two days late with the March batch; they have sent a corrected delivery plan and the training run still lands on 4 April.",
]
STILL_OPEN = [
    "Our forecasting analyst Leila resigned and her last day is Friday; nobody else knows the weekly runs.",
    "Nobody is watching whether the churn scores drift after launch.",
    "Search answers got worse for Spanish queries last week and we do not yet know why.",
    "The churn scores drifted after the pricing change; retraining would cost about 3,000 EUR that is not in the budget.",
]


@pytest.mark.parametrize("text", IN_HAND)
def test_a_problem_in_hand_needs_no_decision(understander, text):
    a = understander.analyse(text)
    assert not a.decision, [(i.situation, i.decision) for i in a.issues]


@pytest.mark.parametrize("text", STILL_OPEN)
def test_a_problem_that_stands_still_asks_the_business(understander, text):
    a = understander.analyse(text)
    assert a.decision, [(i.situation, i.decision) for i in a.issues]
    assert not any(i.in_hand for i in a.issues)


def test_the_issue_says_it_is_in_hand(understander):
    a = understander.analyse(IN_HAND[0])
    assert any(i.in_hand and i.polarity == "open" for i in a.issues)
    # The cover is the capacity issue's handling, not an issue of its own.
    assert len(a.issues) == 1, [(i.situation, i.clauses) for i in a.issues]


def test_handling_that_leaves_a_risk_open_still_asks(understander):
    a = understander.analyse("The churn model is too slow on the full history; Amal is running it on a 5% sample for now, "
                             "which might miss the smaller regions.")
    assert a.decision


def test_without_the_reading_every_such_issue_asks(understander):
    plain = understander.with_params(k=understander.k, floor=understander.floor, hand=None)
    assert plain.analyse(IN_HAND[0]).decision


# --- one reader of asks ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,who", [
    ("The records owner for the Iberia region has to sign off before we use the call recordings.", "the records owner for the Iberia region"),
    ("Can the head of risk for retail lending approve the new limits this week?", "the head of risk for retail lending"),
    ("We need the data steward for payroll records to confirm the field list.", "the data steward for payroll records"),
])
def test_a_role_with_a_qualifier_is_the_asked_party(text, who):
    assert asked_party(text) == who


def test_a_purpose_after_from_is_not_part_of_the_role():
    assert asked_party("Still waiting on approval from our finance lead for the spring promotion.") == "the finance lead"


@pytest.mark.parametrize("text", ["We need sign-off to pull the claims table from Databricks into the sandbox.",
                                  "Requesting approval to load the ledger extract from the finance share."])
def test_a_source_is_never_the_asked_party(text):
    assert asks(text)
    assert asked_party(text) is None and decider([text]) is None


def test_assent_said_to_come_from_someone_names_them_but_asks_nothing():
    text = "a ruling from the procurement lead on which supplier to keep"
    assert not asks(text)
    assert decider([text]) == "the procurement lead"
    assert not asks("the approval from the CFO arrived on Monday")


def test_a_phone_call_is_no_ask():
    assert not asks("we got a call from the carrier about the missing pallets")
    assert decider(["we got a call from the carrier about the missing pallets"]) is None


def test_the_composer_and_the_analysis_name_the_same_decider(understander):
    text = ("Refund errors doubled after the Tuesday release; we need a call from Marisol on whether to switch back to the "
            "previous version or keep it while the fix is tested.")
    a = understander.analyse(text)
    assert a.decision and a.who == "Marisol"
    assert named_decider([c for i in a.issues if i.decision for c in i.clauses]) == a.who


def test_the_decision_line_names_a_qualified_role(translator):
    t = translator.translate("The store operations manager for the Benelux region has to sign off before we share the "
                             "loyalty scores with the marketing agency.")
    assert "Decision needed from the store operations manager for the Benelux region" in t.business_text()
