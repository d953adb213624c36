"""Words that only look like cues: a risk that names a thing, parallel work, a date still booked, a nobody who
knows nothing. Own wording, none of it from the development or unseen sets."""

from __future__ import annotations

import pytest

from bot.understand.clauses import cues
from bot.understand.facts import NAME, extract_facts
from bot.understand.inhand import capacity_short, plan_holds

import re


def _cues(text: str) -> list[str]:
    return cues(text, extract_facts(text))


@pytest.mark.parametrize("text", [
    "the flood risk map now covers the whole valley",
    "precision on the high-risk parcels went up to 0.81",
    "the credit risk model passed its back-test",
    "Hamid is rebuilding the risk score from the new claims table",
    "we flag at-risk tenants a week earlier now",
])
def test_risk_naming_a_thing_raises_no_risk(text):
    assert "risk" not in _cues(text)


@pytest.mark.parametrize("text", [
    "this puts the spring launch at risk",
    "there is a risk the supplier walks away",
    "the numbers may be double-counted in places",
])
def test_a_risk_raised_is_still_one(text):
    assert "risk" in _cues(text)


def test_work_going_on_in_parallel_is_no_option():
    assert "option" not in _cues("meanwhile Okonkwo is drafting the export mapping")


@pytest.mark.parametrize("text", [
    "the handover is still pencilled in for 12 Feb",
    "sign-off still set for Friday",
    "the go-live is still slated for the 9th",
])
def test_a_date_still_booked_holds(text):
    assert plan_holds(text)


def test_a_date_once_booked_says_nothing_holds():
    assert not plan_holds("the handover was scheduled for 12 Feb but the vendor slipped")


@pytest.mark.parametrize("text", [
    "nobody knows why the counts jumped",
    "no one has a new date for the feed",
    "nobody signed the model off before launch",
])
def test_a_nobody_about_knowing_or_checking_is_no_capacity_short(text):
    assert not capacity_short(text)


@pytest.mark.parametrize("text", ["nobody owns the nightly reload after March", "no one can cover the weekend rota"])
def test_a_nobody_for_a_role_is_capacity_short(text):
    assert capacity_short(text)


@pytest.mark.parametrize("name", ["Nguyễn", "Trần", "Ștefan", "Đặng"])
def test_names_in_vietnamese_and_romanian_letters_read_as_names(name):
    assert re.fullmatch(NAME, name)
    facts = [f.text for f in extract_facts(f"yesterday {name} re-ran the whole batch")]
    assert name in facts


def test_the_stop_ending_a_sentence_is_no_part_of_a_date():
    facts = [f.text for f in extract_facts("the feed broke on 3 Feb. Olamide restarted it")]
    assert "3 Feb" in facts and "3 Feb." not in facts
    assert "Dec. 5" in [f.text for f in extract_facts("the cut-over is due Dec. 5 now")]


def test_a_label_before_a_colon_raises_no_issue_of_its_own(translator):
    update = ("harbour cranes team update: the lift-time model has been off by 40% since the sensor swap on 2 Mar. "
              "Aiyana is refitting it against the new readings, done by 9 Mar, inside the sprint.")
    t = translator.translate(update)
    assert [i.situation for i in t.issues].count("progress") == 0
    assert "progress" not in t.business_text().lower()


@pytest.mark.parametrize("text", [
    "Ngozi is rewriting the loader, done by 14 Apr",
    "the backfill should be finished tomorrow",
    "Lars expects it complete by end of sprint",
])
def test_a_step_done_by_a_time_to_come_is_not_done(text):
    assert "done" not in _cues(text)


@pytest.mark.parametrize("text", ["the backfill is finished", "we are done with the tariff import"])
def test_a_step_done_is_done(text):
    assert "done" in _cues(text)


@pytest.mark.parametrize("text", [
    "the works council signed off the rota tool on Tuesday",
    "the head of nursing approved it for both wards",
    "legal gave us the go-ahead this morning",
])
def test_an_approval_given_is_a_step_done(text):
    assert "done" in _cues(text)


def test_an_approved_budget_is_no_step_done():
    assert "done" not in _cues("hosting reached 9,400 EUR against the 5,000 EUR that was approved")


def test_an_approval_given_asks_nothing(translator):
    t = translator.translate("The ethics board signed off the triage pilot yesterday, so the ward trial starts on the 4th.")
    assert t.decision is None


def test_an_approval_after_before_or_until_is_not_given():
    assert "done" not in _cues("the chatbot was switched on before the privacy office signed it off")
    assert "done" not in _cues("nothing ships until legal approved the wording")



def test_a_group_that_says_the_plan_holds_is_the_handling_of_the_issue_before_it():
    from bot.understand.bank import situations
    from bot.understand.clauses import split
    from bot.understand.inhand import handled

    known = situations()
    away, cover, holds = split("Oskar is off on paternity leave from 3 March; Leilani picks up his reconciler "
                               "tickets; so the plan does not move")
    groups = [[known["people_capacity"], [away]], [known["dependency_slip"], [cover, holds]]]
    in_hand, joined = handled(groups, {}, 0.0)
    assert away.text in in_hand and joined == {1}


@pytest.mark.parametrize("text", [
    "the new alert fired correctly in Monday's drill",
    "the guard worked as expected on the replayed files",
    "verified against the March invoices",
])
def test_a_fix_shown_to_work_is_verified(text):
    from bot.understand.inhand import verified

    assert verified(text, set(_cues(text)))


def test_a_check_that_did_not_work_is_not_verified():
    from bot.understand.inhand import verified

    text = "the new alert still has not fired correctly in any drill"
    assert not verified(text, set(_cues(text)))


@pytest.mark.parametrize("text", [
    "the payslips went out without a single correction",
    "the March run finished with not one fault reported",
    "the new rota ran all week with zero escalations",
])
def test_an_absence_of_problems_is_no_problem(text):
    found = _cues(text)
    assert "no_problem" in found and "negated" not in found


@pytest.mark.parametrize("text", ["the pickers keep working through the backlog", "drivers kept to the new routes",
                                  "Amaru keeps tuning the holiday features"])
def test_people_who_keep_on_with_work_raise_nothing_that_persists(text):
    assert "still" not in _cues(text)


@pytest.mark.parametrize("text", ["the export keeps timing out at midnight", "scope keeps growing",
                                  "the ranker kept serving last week's list"])
def test_a_fault_or_a_machine_that_keeps_going_persists(text):
    assert "still" in _cues(text)


def test_an_emoji_closes_a_sentence():
    from bot.understand.clauses import split

    texts = [c.text for c in split("scrap rate down to 2% from 5% 🎉 Halima starts on the second press tomorrow")]
    assert len(texts) == 2 and texts[1].startswith("Halima")


@pytest.mark.parametrize("text", ["the demo for the buyers is still 9 Jan", "the go-live is still Thu"])
def test_still_before_a_date_is_a_date_that_holds(text):
    assert "still" not in _cues(text)
    assert plan_holds(text)


@pytest.mark.parametrize("text", ["the totals are correct again", "the forecast is back within its tolerance since Friday"])
def test_a_state_restored_is_resolved(text):
    assert "resolved" in _cues(text)


@pytest.mark.parametrize("text, said", [
    ("the sorter hit recall 0.88 on the 2019-2022 archive (target 0.85)", "better"),
    ("the sorter catches 71% of damaged boxes on belt 2 vs 80% before", "worse"),
    ("food waste at the 9 canteens went up to 12% vs 7% in spring", "worse"),
])
def test_the_figure_set_against_its_bound_is_the_one_compared(text, said):
    from bot.understand.clauses import comparison

    assert comparison(text, extract_facts(text)) == said


def test_nothing_asked_of_anyone_is_no_problem():
    assert "no_problem" in _cues("ticket closed, nothing needed from the warehouse team")


def test_a_fix_in_exact_words_after_a_fault_answers_it(translator):
    update = ("The overnight tariff job crashed with an OOM at 02:10. Ewa gave it a bigger node and reran it, the "
              "totals were checked against the billing file and match.")
    t = translator.translate(update)
    assert t.issues[0].situation == "incident_fixed", [i.situation for i in t.issues]
    assert t.decision is None


@pytest.mark.parametrize("text", [
    "the returns feed now also has to reach the warehouse screens",
    "two more interfaces turned up this week",
    "that's the fourth re-estimate since June",
])
def test_work_said_to_grow_past_its_scope(text):
    assert "grows" in _cues(text)


def test_growing_scope_asks_for_a_decision(translator):
    update = ("The quoting integration started as CRM to pricing only; it now also has to reach the stock system and "
              "the partner portal. Third re-estimate in six weeks.")
    t = translator.translate(update)
    assert "integration_scope" in [i.situation for i in t.issues] and t.decision is not None


@pytest.mark.parametrize("text", ["the team labels the invoices this week, as the plan set out",
                                  "Ravi finishes the mapping on Friday per the plan"])
def test_work_as_the_plan_set_out_holds(text):
    assert plan_holds(text)


@pytest.mark.parametrize("text", ["the delivery notes are now scanned at the dock", "the rota now lands in Teams by 6am"])
def test_a_new_way_of_working_said_with_now_is_a_step_done(text):
    assert "done" in _cues(text)


def test_a_state_said_with_now_is_no_step_done():
    assert "done" not in _cues("the export is now stuck behind the firewall change")


def test_a_fix_dated_at_the_clause_end_holds():
    assert plan_holds("so the kiln runs on manual until Sadia recalibrates the probe, planned for Thursday")


def test_a_date_once_planned_that_slipped_does_not_hold():
    assert not plan_holds("the recalibration was planned for Thursday but slipped to next month")
