"""Issue 11, third round: situations read by meaning (no cue words), causes and consequences, the team's own words, debt lines.

Every update here is written for these tests, worded away from the development sets, the unseen set and the bank.
"""

from __future__ import annotations

import re

import pytest

from bot.translate.consistency import contradictions, translation_grammar
from bot.understand import Understander
from bot.understand import clauses
from knowledge.glossary import load_glossary


# Worded without the cue words the earlier rules looked for ("leaving", "ignore", "nothing to show", "more systems",
# "not wired", "in a row", "rerun"): only the meaning says what each one is.
BY_MEANING = [
    ("people_capacity", "Our one analyst who understands the tariff logic starts a year's secondment abroad in January."),
    pytest.param("adoption_gap", "The underwriters glance at the risk score and then price the policy exactly as they did before.",
                 marks=pytest.mark.xfail(reason="known weak: 'risk score' pulls it towards governance", strict=True)),
    ("integration_scope", "The payroll interface turned out to need its own translation service, on top of the two feeds we planned."),
    pytest.param("cost_over", "Hosting for the assistant came to twice the amount the sponsor approved for the quarter.",
                 marks=pytest.mark.xfail(reason="known weak: an overspend with no money word reads as an approval wait", strict=True)),
    ("data_quality", "Roughly one delivery address in six has the house number in the wrong field."),
    ("access_wait", "Our request to read the billing tables has been sitting with the database owners since last month."),
]


@pytest.mark.parametrize(("situation", "text"), BY_MEANING)
def test_situations_are_read_by_meaning_without_cue_words(understander, situation, text):
    found = [i.situation for i in understander.analyse(text).issues]
    assert found[0] == situation, (found, text)


def test_the_fitted_cue_patterns_are_gone():
    for name in ("_LEAVING", "_IGNORED", "_NOTHING_SHOWN", "_GROWTH", "_UNWATCHED", "_IN_A_ROW", "_RECURRING"):
        assert not hasattr(clauses, name), name


def test_a_slow_run_whose_results_come_late_is_a_speed_problem_not_a_process_gap(understander):
    a = understander.analyse("The route planner needs 3 hours per depot, so the drivers' lists are not ready when the shift starts.")
    assert a.issues[0].situation == "performance_gap" and a.decision
    assert len(a.issues) == 1  # the lateness is the consequence of the same problem, not a second issue


def test_a_cause_given_with_because_never_renames_the_problem(understander):
    a = understander.analyse("Cloud costs are 60% over plan because the test machines are never switched off.")
    assert a.issues[0].situation == "cost_over"


def test_facts_keep_what_they_measure_without_quoting_the_clause(translator):
    t = translator.translate("The supplier sent 1,500 of the 6,000 tagged photos it owed us by Friday.")
    text = t.business_text()
    assert "1,500 of the 6,000" in text and "Friday" in text
    assert "6,000 tagged photos" in text  # the figure keeps what it counts
    assert "Details as reported" not in text and "In the team's words:" not in text
    # compose7: told as a whole sentence in the third person, not a span list
    assert "The supplier sent 1,500 of the 6,000 tagged photos it owed the team by Friday." in t.summary
    assert not translation_grammar(t)


def test_several_issues_never_open_the_same_way_twice(translator):
    t = translator.translate(
        "Shipped v3.1 of the claims screen; the fraud model's precision is 0.58 against the 0.75 we agreed, "
        "the vendor's address file is full of duplicates, and the legal team has not approved using call recordings."
    )
    openers = re.findall(r"(?:^|\. )(Also|Separately|In addition|Beyond that|One more point|On the positive side),", t.impact)
    assert len(openers) == len(set(openers))
    assert "Also," not in t.impact
    assert not translation_grammar(t) and not contradictions(t.summary, t)
    assert "v3.1" in t.business_text() and "0.58" in t.business_text() and "0.75" in t.business_text()


def test_a_fix_is_called_partial_only_beside_a_live_fault(translator):
    unrelated = translator.translate("Fixed the export bug and released v1.2; the forecast is at 0.61 against 0.7 after 6 sprints.")
    assert "not settled" not in unrelated.impact
    beside = translator.translate("We reverted the release, but the payment page still times out for most customers.")
    assert beside.decision is not None and "running normally" not in beside.business_text()


def test_every_issue_says_where_it_falls_on_the_debt_line(understander):
    shortcut = understander.analyse("We hard-coded the VAT rates for the pilot and will move them to the reference service later.")
    assert shortcut.issues[0].debt == "debt" and shortcut.debt_line == "debt"
    unwatched = understander.analyse("If the live churn model started giving bad scores, no one would be told until the month-end review.")
    assert unwatched.issues[0].debt == "operational_risk"
    skipped = understander.analyse("The scoring went live for loan customers before the risk review signed it off.")
    assert skipped.issues[0].debt == "compliance_violation" and skipped.debt_line == "compliance_violation"
    both = understander.analyse("We hard-coded the store list for the demo; the model went live before the privacy review approved it.")
    assert set(both.by_debt_line) >= {"compliance_violation"} and both.debt_line == "compliance_violation"
    done = understander.analyse("Finished moving the reports to the new database and the totals match.")
    assert done.debt_line is None and done.by_debt_line == {}


def test_a_month_and_a_person_named_first_are_facts_kept(translator, glossary):
    from bot.understand.facts import check_facts, extract_facts

    assert [f.text for f in extract_facts("Priya, who owns the loader, is away from March.")] == ["Priya", "March"]
    assert extract_facts("We may need another week.") == []
    text = "Licence fees reached €9,200 in October against the €5,000 that was agreed."
    t = translator.translate(text)
    assert check_facts(text, t.business_text(), glossary).ok and "October" in t.business_text()


@pytest.mark.parametrize("text", [
    "Response time rose to 900 ms after Tuesday's release.",
    "Error rate up to 4 percent since the Monday deploy.",
])
def test_a_rise_in_a_measure_where_less_is_better_is_not_good_news(text):
    """'Up to' or 'rose to' is good news only for a measure where more is better."""
    from bot.understand.clauses import split

    assert all("better" not in c.cues for c in split(text))


def test_a_fragile_job_kept_going_by_hand_is_debt_and_a_live_fault_is_an_operational_risk():
    """Thin error handling is debt to schedule; the same fault in the live service is a risk to operations."""
    from bot.understand.bank import situations
    from bot.understand.debt import debt_line

    reliability = situations()["reliability"]
    assert debt_line(reliability, {"still"}) == "debt"
    assert debt_line(reliability, {"live", "still"}) == "operational_risk"
    analysis = Understander(load_glossary()).analyse(
        "The nightly export has no retry step, so someone restarts it by hand whenever it fails.")
    assert analysis.debt_line == "debt"
