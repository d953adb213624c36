"""Ranges kept whole, explicit asks with their decider, and the exact cues as learned features (own wording)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.understand.asked import asked_party, asks
from bot.understand.clauses import split
from bot.understand.joins import joins_figures, splits_at_and


# --- "and" never cuts a range or a list --------------------------------------------------------------------------
def test_and_between_two_figures_is_a_range():
    assert joins_figures("keeps swinging between 3", "11 workers since Monday")
    assert joins_figures("error rates of 2.5%", "4% on the two sites")
    assert not joins_figures("the queue is empty", "the team moved on")


def test_and_splits_only_before_a_statement_of_its_own():
    assert splits_at_and("the cache is warm", "the team rolled the index out to every region")
    assert not splits_at_and("we tested the EU, the US", "the APAC stores last week")  # no verb: a list of nouns


@pytest.mark.parametrize("text,kept", [
    ("The worker pool keeps swinging between 3 and 11 nodes since Monday, and nobody has found why.", "between 3 and 11 nodes"),
    ("Refunds ran at 40 and 55 a day over the two weekends, and the desk coped with both.", "40 and 55 a day"),
])
def test_a_range_stays_in_one_clause(text, kept):
    clauses = split(text)
    assert any(kept in c.text for c in clauses), [c.text for c in clauses]
    assert len(clauses) == 2  # the ", and <statement>" still starts a clause of its own


def test_a_list_of_nouns_after_and_stays_in_its_clause():
    clauses = split("We ran the load test on the Lisbon, Porto, and Faro stores over the weekend.")
    assert len(clauses) == 1


def test_the_business_text_keeps_a_range_whole(translator):
    t = translator.translate("The scheduler keeps swinging between 3 and 11 nodes since Monday.")
    text = t.business_text()
    assert "between 3 and 11 nodes" in text
    assert "between 3;" not in text and "between 3." not in text


# --- explicit asks ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,party", [
    ("We need sign-off from the DPO on keeping the voice logs for a year.", "the DPO"),
    ("Could Farid approve the extra test budget before the quarter closes?", "Farid"),
    ("Awaiting a go-ahead from our operations manager for the weekend cut-over.", "the operations manager"),
    ("The regional director has to confirm whether the pilot may include the night shift.", "the regional director"),
    ("Asking Ingrid to accept the lower recall for the first two months.", "Ingrid"),
])
def test_an_ask_names_whom_it_asks(text, party):
    assert asks(text)
    assert asked_party(text) == party


@pytest.mark.parametrize("text", [
    "Can someone okay the larger machine for the retraining run?",
    "Yes or no by Wednesday: do we switch the old scoring off?",
    "Please confirm the test accounts can stay open until March.",
])
def test_an_ask_that_names_nobody_is_still_an_ask(text):
    assert asks(text) and asked_party(text) is None


@pytest.mark.parametrize("text", [
    "The DPO signed off the retention period yesterday.",
    "Farid approved the extra test budget on Monday.",
    "No sign-off is needed for the internal dashboard.",
    "The team moved the nightly export to an earlier slot.",
])
def test_a_mention_of_an_approval_is_not_an_ask(text):
    assert not asks(text)


def test_an_explicit_ask_puts_a_decision_to_whom_it_names(understander):
    a = understander.analyse("The forecast pilot finished on time; we need sign-off from the CFO to extend it to the two northern depots.")
    assert a.decision
    assert a.who == "the CFO"


def test_a_named_person_is_addressed_without_an_article(translator):
    t = translator.translate("Could Farid approve moving the release to the first week of March?")
    assert t.decision is not None
    assert "from Farid" in t.decision and "the Farid" not in t.decision


# --- exact cues as features of the learned situation model --------------------------------------------------------
def test_a_date_moved_is_an_exact_cue():
    (clause,) = split("The launch moved from 4 March to 22 April.")
    assert "date_moved" in clause.cues
    (plain,) = split("The launch is on 22 April.")
    assert "date_moved" not in plain.cues


def test_a_sum_of_money_is_an_exact_cue_but_the_word_bill_is_not():
    (spend,) = split("Hosting came to $41k against $30k planned.")
    assert "amount" in spend.cues
    (word,) = split("The billing complaints go to the returns queue.")
    assert "amount" not in word.cues


def test_the_situation_model_can_learn_the_exact_cues_from_the_bank():
    from bot.understand.bank import bank, bank_linear, bank_vectors
    from bot.understand.features import EXACT, fit_situations

    b = bank()
    vectors = np.asarray(bank_vectors(lambda texts: pytest.fail("the shipped vectors are current")), dtype=np.float32)
    model = fit_situations(vectors, b.texts, b.labels, features=EXACT)
    assert model.features == EXACT and model.fcoef is not None
    assert model.fcoef.shape == (len(model.labels), len(EXACT))
    assert np.abs(model.fcoef).max() > 0.5  # weights learned from the bank's examples, not set by hand
    shipped = bank_linear(vectors)  # the shipped model reads the vectors alone (features measured, not shipped)
    assert shipped.fcoef is None and set(shipped.labels) == set(model.labels)


def test_a_sum_of_money_over_its_plan_is_a_cost_overrun(understander):
    worse = understander.analyse("Hosting for the search service came to $41k against $30k planned.")
    assert worse.main.situation == "cost_over"
