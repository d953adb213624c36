"""The shared update analysis: situations, issues, polarity, pillars and decisions on updates these tests write."""

from __future__ import annotations

import pytest

from bot.translate.consistency import contradictions, grammar_problems, translation_grammar
from bot.understand import Understander, bank, situations
from bot.understand.bank import (CHOICE_CUES, CHOICE_PREFIX, HAND_CUES, HAND_PREFIX, MEASURE_CUES, MEASURE_PREFIX, PILLAR_CUES,
                                 PILLAR_PREFIX)
from bot.understand.clauses import recurs


# Two or more updates per situation, written for these tests (not from the development sets or the example bank).
# A second accepted situation is given where a careful reader could file it either way.
BY_SITUATION = {
    "performance_gap": [
        "The address lookup answers in 900ms while the booking form gives it 150ms.",
        "Overnight reconciliation now needs 11 hours, so branch reports are not ready when doors open.",
    ],
    "quality_below_target": [
        "The invoice classifier sits at 0.81 accuracy and the finance team asked for 0.9 before it replaces manual coding.",
        "Spam filter recall is 62% against the 80% we agreed with the service desk.",
    ],
    "quality_drop": [
        "Churn predictions got noticeably worse after the pricing change, recall fell from 0.74 to 0.58.",
        "Since the new product feed went in, click-through on the suggestions has dropped by a third.",
    ],
    "experimentation_stalled": [
        "Six sprints of experiments and the demand model still can't beat last year's seasonal average.",
        "After 5 sprints the fraud model is stuck at 0.66 precision against a target of 0.8.",
    ],
    "data_quality": [
        "A quarter of the meter readings arrive with missing timestamps, so the load forecast cannot use them.",
        "The supplier master data has thousands of duplicate vendors with conflicting bank details.",
    ],
    "access_wait": [
        "Still no read access to the payroll database; the request has been with the DBA team since last Tuesday.",
        "Waiting on network security to open the route to the scanning vendor, ticket NET-5521 raised 6 days ago.",
    ],
    "dependency_slip": [
        "The platform team pushed the new message queue back by three weeks, and our integration tests need it.",
        "The translation agency delivered only half of the reviewed documents it promised for Friday.",
    ],
    "integration_scope": [
        "Three more downstream systems turned out to need the risk score, none of them in the original plan.",
        "Hooking into the warehouse system keeps growing: every workshop finds another interface to build.",
    ],
    "cost_over": [
        "Vector database hosting came to $14k this month against a $5k plan.",
        "The GPU bill doubled because nobody shut the training machines down over the holidays.",
    ],
    "incident_open": [
        "The quote engine has been down since 07:40 and brokers cannot price any policies.",
        "Every call to the claims API returns errors since the certificate expired this morning.",
    ],
    "incident_fixed": [
        "The bad release of the scoring service was rolled back at noon and quotes are back to normal.",
        "Yesterday's outage on the chatbot is over; we reverted the config change and customers are served again.",
    ],
    "governance_gap": [
        "The triage model was switched on for patients before the clinical safety review signed it off.",
        "The credit model gives noticeably lower scores to applicants over sixty, which could be discrimination by age.",
    ],
    "compliance_requirement": [
        "Internal audit now requires a log of every prompt and answer before the assistant can go to customers.",
        "The ethics board asked for a human check on every refusal the model makes; that is extra work for the pilot.",
    ],
    "monitoring_risk": [
        "The pricing model has been live for six weeks and nothing alerts us if its error jumps.",
        "There is still no monitoring on the forecast in production; we only notice problems when planners complain.",
    ],
    "reliability": [
        "The nightly stock sync fails about twice a week and someone restarts it by hand each morning.",
        "The document loader breaks whenever a scanned file is too large, so we rerun it manually.",
    ],
    "shortcut_debt": [
        "We hard-coded the branch list to get the demo out; it needs to come from the master data later.",
        "For the pilot the matching rules live in a spreadsheet we update by hand until the rules service exists.",
    ],
    "adoption_gap": [
        "Two months after launch most claims handlers still ignore the suggested reserves and type their own.",
        "Only a handful of the 40 buyers opened the demand dashboard this month; they prefer their own workbook.",
    ],
    "people_capacity": [
        "Our only MLOps engineer has handed in her notice and leaves in three weeks with nobody to take over.",
        "Two data engineers were moved to the billing project and the backfill work has no owner now.",
    ],
    "process_gap": [
        "Nobody has decided which team follows up the fraud alerts, so they sit in a queue for days.",
        "The model flags risky orders but there is no agreed step for what the warehouse does with them.",
    ],
    "delivery_slip": [
        "We finished 9 of the 20 committed stories this sprint, the third sprint running well below plan.",
        "User testing starts two weeks late, so the March go-live is now at risk.",
    ],
    "progress_no_advancement": [
        "Lots of groundwork done again this sprint but still nothing end to end that we could show the sponsor.",
        "Status is green on every task yet there is no working demo of the forecast screen after two months.",
    ],
    "value_unclear": [
        "The assistant cut average handling time by 20% in the pilot, but first-contact resolution has not moved.",
        "Users like the new search, yet the number of tickets raised is the same as before.",
    ],
    "progress": [
        "Finished the customer table migration and the row counts match the old system.",
        "The new release passed all checks in the test environment and is on track for Thursday.",
    ],
    "note": [
        "Thanks all for the help this week.",
        "Catching up with the finance lead tomorrow afternoon.",
    ],
}
ALSO_OK = {
    "The translation agency delivered only half of the reviewed documents it promised for Friday.": {"access_wait"},
    "Status is green on every task yet there is no working demo of the forecast screen after two months.": {"delivery_slip"},
}
# Read wrongly today, kept as known failures so the weakness stays visible (see the closing note of issue 11).
KNOWN_WEAK = {
    "Users like the new search, yet the number of tickets raised is the same as before.",
    # These three were read right only by cue regexes fitted to development wording ("more ... systems",
    # "nothing alerts", "nothing ... show"), which issue 11's third round removed; meaning alone misreads them.
    "Three more downstream systems turned out to need the risk score, none of them in the original plan.",
    "The pricing model has been live for six weeks and nothing alerts us if its error jumps.",
    "Lots of groundwork done again this sprint but still nothing end to end that we could show the sponsor.",
    # understand5: "cut average handling time by 20%" now reads as the good news it is; the short "has not moved"
    # clause after it, which carries the value question, is not read as that by meaning alone.
    "The assistant cut average handling time by 20% in the pilot, but first-contact resolution has not moved.",
}
CASES = [(sit, text) for sit, texts in BY_SITUATION.items() for text in texts]
READ_CASES = [pytest.param(sit, text, marks=pytest.mark.xfail(reason="known weak reading", strict=True)) if text in KNOWN_WEAK
              else (sit, text) for sit, text in CASES]


def test_every_situation_has_tests_and_bank_examples():
    assert set(BY_SITUATION) == set(situations())
    labels = {lab for lab in bank().labels if not lab.startswith((PILLAR_PREFIX, CHOICE_PREFIX, HAND_PREFIX, MEASURE_PREFIX))}
    assert all(len(BY_SITUATION[s]) >= 2 for s in situations())
    assert labels == set(situations()), "every situation has examples in the bank"
    cues = {lab.removeprefix(PILLAR_PREFIX) for lab in bank().labels if lab.startswith(PILLAR_PREFIX)}
    assert cues == set(PILLAR_CUES), "every pillar cue has examples in the bank"
    choices = {lab.removeprefix(CHOICE_PREFIX) for lab in bank().labels if lab.startswith(CHOICE_PREFIX)}
    assert choices == set(CHOICE_CUES), "both choice cues have examples in the bank"
    hands = {lab.removeprefix(HAND_PREFIX) for lab in bank().labels if lab.startswith(HAND_PREFIX)}
    assert hands == set(HAND_CUES), "both in-hand cues have examples in the bank"
    measures = {lab.removeprefix(MEASURE_PREFIX) for lab in bank().labels if lab.startswith(MEASURE_PREFIX)}
    assert measures == set(MEASURE_CUES), "both sides of a measure have examples in the bank"
    counts = {s: bank().labels.count(s) for s in situations()}
    assert min(counts.values()) >= 5, counts


def test_no_test_update_is_copied_into_the_bank():
    texts = {t.lower() for t in bank().texts}
    assert not any(text.lower().rstrip(".") in texts for _, text in CASES)


@pytest.mark.parametrize(("situation", "text"), READ_CASES, ids=[f"{s}-{i % 2}" for i, (s, _) in enumerate(CASES)])
def test_each_situation_is_read(understander, situation, text):
    analysis = understander.analyse(text)
    found = [i.situation for i in analysis.issues]
    accepted = {situation} | ALSO_OK.get(text, set())
    assert found[0] in accepted or (situation == "note" and found == ["note"]), (found, text)
    sit = situations()[found[0]]
    # These test updates state no trade-off, so a situation that asks for a decision only when the update puts a choice
    # to the business ("if_choice") asks for none here, unless it is a fault said to recur with no fix in hand
    # ("fails about twice a week"): a running risk the business accepts or pays to remove (decide11).
    recurring = sit.name in {"incident_open", "reliability"} and any(recurs(c) for c in analysis.issues[0].clauses)
    assert analysis.issues[0].decision == (sit.decision is True and sit.polarity == "open" or recurring) \
        or "option" in analysis.issues[0].cues


@pytest.mark.parametrize(("situation", "text"), CASES, ids=[f"{s}-{i % 2}" for i, (s, _) in enumerate(CASES)])
def test_each_situation_renders_true_and_grammatical(translator, situation, text):
    t = translator.translate(text)
    assert contradictions(text, t) == []
    assert translation_grammar(t) == []
    assert (t.decision is not None) == any(i.decision for i in t.issues)


def test_a_fix_and_a_risk_left_open_are_two_issues(understander):
    a = understander.analyse(
        "We restored yesterday's model after the bad release; the new drift alerts are still not connected to anyone."
    )
    assert [i.situation for i in a.issues][:2] == ["monitoring_risk", "incident_fixed"]
    assert a.issues[0].polarity == "open" and a.issues[0].debt == "operational_risk" and a.decision


def test_three_issues_in_one_update(understander):
    a = understander.analyse(
        "Model v4 is deployed to the pilot stores; labels for the returns data are still full of mistakes, "
        "and cloud costs came in 30% over budget this month."
    )
    found = {i.situation for i in a.issues}
    assert {"progress", "data_quality", "cost_over"} <= found
    assert a.decision and set(a.pillars) >= {"technology"}


def test_a_rollback_that_did_not_fix_the_problem_is_not_running_normally(translator):
    text = ("Error rates spiked after Tuesday's release; we rolled back but the queue workers keep crashing, "
            "so checkout is degraded; the latency alert isn't hooked up to on-call")
    t = translator.translate(text)
    assert t.decision is not None
    assert contradictions(text, t) == []
    assert "working as before" not in t.business_text() and "running normally" not in t.business_text()
    assert {i.situation for i in t.issues} >= {"incident_open", "monitoring_risk"}
    fixed = [i for i in t.issues if i.situation == "incident_fixed"]
    assert fixed and fixed[0].polarity == "resolved" and not fixed[0].decision
    assert "not settled" in t.impact


def test_a_rollback_that_worked_needs_no_decision(translator):
    t = translator.translate("Search v5.2 broke filtering for customers; reverted to v5.1 and filtering works again.")
    assert [i.situation for i in t.issues] == ["incident_fixed"] and t.decision is None
    assert "v5.2" in t.business_text() and "v5.1" in t.business_text()


def test_the_contradiction_checker_catches_an_all_clear_over_an_open_problem(translator):
    text = "We rolled back, but the job keeps failing every hour."
    t = translator.translate(text)
    lying = t.model_copy(update={"summary": "The problem was resolved and the service is running normally again."})
    assert contradictions(text, t) == []
    assert contradictions(text, lying)


def test_figures_against_a_target_read_as_a_shortfall_and_after_sprints_as_stalled(understander):
    short = understander.analyse("Answer accuracy is 0.71 against 0.9 on the test questions.")
    assert short.issues[0].situation == "quality_below_target" and "compared_worse" in short.issues[0].cues
    stalled = understander.analyse("Extraction F1 is 0.7 against 0.85 after 5 sprints of tuning.")
    assert stalled.issues[0].situation == "experimentation_stalled"
    assert stalled.issues[0].pattern == "stalled_experimentation"
    better = understander.analyse("The new model beats the old one, error 8.1% vs 9.6% on last month's data.")
    assert better.issues[0].situation == "progress" and not better.decision


def test_risk_patterns_come_from_the_knowledge_pack(understander):
    from knowledge.pack import load_pack

    keys = {p.key for p in load_pack().risk_patterns}
    patterns = {s.pattern for s in situations().values() if s.pattern}
    assert patterns <= keys and len(patterns) >= 3
    a = understander.analyse("Busy sprint again, plenty of tickets closed, but nothing working that we could demonstrate.")
    assert a.issues[0].pattern == "progress_without_advancement"
    b = understander.analyse("Another four interfaces to the ledger came up this week that were not in the estimate.")
    assert b.issues[0].pattern == "integration_scope_creep"


def test_the_articles_example_reads_as_data_too_slow_for_real_time(translator):
    t = translator.translate("the feature store latency exceeds the serving-layer SLA")
    text = t.business_text().lower()
    assert t.issues[0].situation == "performance_gap"
    assert "data infrastructure is too slow" in text and "real time" in text
    assert "batches on a schedule" in text and "how and when people can use the predictions" in text
    assert t.decision and t.decision.startswith("Decision needed from the business sponsor")


def test_names_of_systems_stay_and_are_explained_once(translator):
    t = translator.translate("Snowflake costs are 60% over plan and the Snowflake warehouse never suspends.")
    assert t.business_text().count("Snowflake (") == 1


def test_every_template_is_grammatical():
    for s in situations().values():
        for text in (s.lead, *s.leads.values(), s.lead_alone, s.partial, s.risky, s.meaning, *s.options):
            if text:
                assert grammar_problems(text) == [], (s.name, text)
        if s.question:
            line = f"Decision needed from the {s.who}: {s.question}."
            assert grammar_problems(line) == [], line
            assert not s.question[:1].isupper()


def test_the_grammar_checker_finds_what_people_notice():
    assert grammar_problems("Two blocker(s) remain.")
    assert grammar_problems("The the model is slow.")
    assert grammar_problems("It is slow. the team knows.")
    assert grammar_problems("It needs a owner.")
    assert grammar_problems("The plan ensures:")
    assert grammar_problems("One blocker remains. An hour was lost. A user complained.") == []


def test_bad_input_is_refused_before_the_model(translator):
    from bot.errors import InputError

    with pytest.raises(InputError):
        translator.analyse("   ")


def test_the_shipped_bank_vectors_are_the_current_banks():
    from bot.understand.bank import shipped_path

    assert shipped_path().is_file(), "bank.yaml changed: run `python -m bot.understand.bank` to re-embed it"


def test_a_fake_embedder_never_reads_the_shipped_vectors(glossary):
    import numpy as np

    calls = []

    def embed(texts):
        calls.append(len(texts))
        rng = np.random.default_rng(len(texts))
        v = rng.normal(size=(len(texts), 8)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    u = Understander(glossary, embed=embed)
    a = u.analyse("The nightly job failed again.")
    assert a.issues and sum(calls) == len(bank().texts) + 1  # the bank and the clause, embedded by the given model


# Pillars by meaning: none of these names a body or uses a pillar word the old rules listed.
PILLAR_BY_MEANING = [
    ("The score may treat applicants from some neighbourhoods worse than others and nobody has looked into it.", "governance"),
    ("The forklift drivers say the new screen slows them down, so they switched it off.", "people"),
    ("Flagged shipments sit in a spreadsheet until somebody remembers to open it on Friday.", "process"),
]


@pytest.mark.parametrize("text,pillar", PILLAR_BY_MEANING)
def test_pillars_are_read_by_meaning(understander, text, pillar):
    assert pillar in understander.analyse(text).pillars


def test_a_purely_technical_update_names_only_technology(understander):
    a = understander.analyse("We moved the scoring service to the larger instance type and the build is green again.")
    assert a.pillars == ["technology"]


def test_pillar_cues_are_never_situations(understander):
    a = understander.analyse("The claims adjusters still prefer their own notes to the suggested next step.")
    assert all(not i.situation.startswith(PILLAR_PREFIX) for i in a.issues)
