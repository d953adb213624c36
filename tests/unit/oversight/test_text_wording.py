"""The one wording of milestones, signals and status reasons (bot/oversight/wording.py), and its use by status,
the stand-up summary and the steering update: sentences, names once, terms explained once and never swapped."""

from __future__ import annotations

from datetime import date

import pytest

from bot.oversight.wording import join_words, milestone_evidence, next_milestone, state_word, subject_reason
from tests.fixtures.oversight import load_demo, cli_text as _cli
from tests.fixtures.text_audit import problems


def test_a_reason_names_its_subject_once_and_speaks_in_sentences():
    said = subject_reason("Fleet telemetry", [("integration_testing_passed", date(2027, 3, 9))],
                          [("feasibility_risk", "Feasibility risk", "high"), ("open_risk", "Open risk on the register", "medium")])
    assert said == ("Fleet telemetry missed its integration testing milestone (planned 9 Mar). A serious signal: feasibility risk. "
                    "Also to watch: open risk on the register.")
    assert "(high)" not in said and "(medium)" not in said and said.count("Fleet telemetry") == 1


def test_the_workstreams_own_reason_leaves_its_name_to_the_heading():
    said = subject_reason(None, [], [("risk_register_gap", "Risk register entry not kept", "medium")])
    assert said == "A signal to watch: risk register entry not kept."


def test_an_unescalated_miss_is_said_with_the_miss_not_as_a_second_label():
    said = subject_reason("Parts reorder", [("data_preparation_complete", date(2027, 1, 4))],
                          [("missed_milestone_unescalated", "Missed milestone, not escalated", "high"),
                           ("progress_without_advancement", "Progress without advancement", "high"),
                           ("access_late", "Source-system access late", "medium")])
    assert said.startswith("Parts reorder missed its data preparation milestone (planned 4 Jan), and it was not escalated.")
    assert "Missed milestone" not in said and "missed milestone" not in said
    assert "A serious signal: progress without advancement." in said and said.endswith("Also to watch: source-system access late.")


def test_labels_with_commas_are_kept_apart():
    assert join_words(["platform procurement late, no interim", "MLOps gaps"]) == "platform procurement late, no interim; and MLOps gaps"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_milestones_and_states_read_as_words():
    assert state_word("at_risk") == "at risk" and state_word("pending") == "not reached yet"
    assert next_milestone("integration testing passed", "at_risk", date(2027, 2, 1)) == \
        "Next milestone: Integration testing passed, planned 1 Feb 2027, at risk"
    assert next_milestone(None, "", None) == "All milestones met"
    assert milestone_evidence("model_viability_demonstrated", "pending", date(2027, 2, 1)) == \
        "Model viability demonstrated: planned 1 Feb 2027, missed"


@pytest.fixture
def demo() -> str:
    return load_demo()


def test_status_text_on_the_demo(demo):
    out = _cli("status")
    assert "[uc-" not in out and "at_risk" not in out and "(high)" not in out.split("Program-wide:")[0]
    lines = out.split("Operations process redesign (process")[1].splitlines()[1:]
    reasons = [line for line in lines[: next(i for i, line in enumerate(lines) if not line.startswith("         "))]]
    assert any("risk register entry not kept" in r for r in reasons)
    assert not any("Operations process redesign" in r for r in reasons)  # its own reasons do not repeat its name
    assert "sign-\n" not in out and "single sign-on" in out.replace("\n    ", " ")
    assert not problems(out, figures=True)


def test_status_json_keeps_its_shape_and_ids(demo):
    import json

    out = json.loads(_cli("status", "--json"))
    assert {"program", "name", "program_name", "stage", "current_sprint", "as_of", "use_cases_by_stage", "workstreams",
            "program_signals", "findings_by_severity"} == set(out)
    assert out["program_name"] == out["name"]  # the key the reports' JSON use, beside the one scripts already read
    cases = [uc for group in out["use_cases_by_stage"].values() for uc in group]
    assert {"uc-route", "uc-eta"} <= {uc["id"] for uc in cases}  # traceability stays in --json
    assert next(uc for uc in cases if uc["id"] == "uc-route")["milestones"]["integration_testing_passed"] == "at_risk"


def test_terms_are_explained_once_and_kept_in_labels(demo):
    from knowledge.glossary import load_glossary
    from bot.standup.summary import AudienceWords
    from store.io import read_program
    from tests.fixtures.reports import DEMO

    words = AudienceWords(read_program(DEMO), "sponsor", load_glossary(None))
    first = words.label("Invoice matching runs without governance approval.")
    again = words.label("Spot pricing waits for governance approval.")
    assert "governance approval (" in first and "go-ahead" in first  # explained beside the term, not swapped for it
    assert again == "Spot pricing waits for governance approval."  # explained once per document


def test_the_sponsor_summary_keeps_status_terms(demo):
    out = _cli("standup", "summary", "--audience", "sponsor")
    assert "runs without formal go-ahead" not in out and "runs without governance approval" in out
    assert not problems(out, figures=True)
