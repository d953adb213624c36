"""What a reader flagged in the demo's `compel status`, stand-up summaries, integration review and steering update:
each fix held by the shared reading checks (tests/fixtures/text_audit.py) and by the line it changed."""

from __future__ import annotations

import os

import pytest

from tests.fixtures.oversight import cli_text as _cli
from tests.fixtures.text_audit import problems, report_problems

DAY = "2026-11-04"  # the demo's last stand-up: every section of every report has content on it


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    """The four texts on the demo, on its last stand-up day and dated today."""
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith(("COMPEL_", "SLACK_", "OPENAI_", "CHROMA_"))]:
            mp.delenv(key)
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("COMPEL_DATA_DIR", str(tmp_path_factory.mktemp("reading-demo")))
        _cli("demo", "load", "--no-index")
        out = {"status": _cli("status"), "status as of": _cli("status", "--as-of", DAY)}
        for audience in ("team", "sponsor", "steering"):
            out[f"summary {audience}"] = _cli("standup", "summary", "--date", DAY, "--audience", audience)
        out["integration"] = _cli("report", "integration", "--as-of", DAY)
        out["steering"] = _cli("report", "steering", "--as-of", DAY)
        out["steering today"] = _cli("report", "steering")
        out["risks"] = _cli("risks", "--as-of", DAY)  # the findings the status and the reports quote
    return out


def _lines(text: str, start: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(start)]


@pytest.mark.parametrize("name", ["status", "status as of", "summary team", "summary sponsor", "summary steering",
                                  "integration", "steering", "steering today", "risks"])
def test_each_text_passes_the_reading_checks(texts, name):
    assert problems(texts[name], figures=True) == [] and report_problems(texts[name]) == []


def test_the_checks_catch_what_the_readers_flagged():
    flagged = [
        "  - Customer churn early warning (access to CRM (sales cloud)) waits on its owners",
        "Halvorsen Freight AI Transformation — Produce, sprint 7 (as of 2026-11-04)",
        "  - To watch: sprints completing under commitment. Sprints 4, 5 completed under 70% of what they committed.",
        "  - Spot pricing cannot move until Responsible AI governance (clear): Pricing may deploy only under policy.",
    ]
    assert [len(report_problems(line)) for line in flagged] == [1, 1, 1, 1]


def test_dependencies_say_who_waits_on_whom_in_a_whole_clause(texts):
    deps = [line for line in texts["integration"].split("Cross-workstream dependencies")[1].splitlines() if line.strip()]
    assert deps and all(" takes input from " in d or " is waiting on " in d or " depends on " in d for d in deps)
    assert "cannot move until" not in texts["integration"]
    assert any(d.strip().startswith("- Adoption and training is waiting on Delivery ETA prediction, which is late:") for d in deps)


def test_an_access_wait_names_the_system_once_without_nested_brackets(texts):
    (line,) = [w for w in _lines(texts["integration"], "- Customer churn early warning") if "access" in w]
    assert line.startswith("- Customer churn early warning's access to CRM (sales cloud) waits on the system's owners since 12 Oct")


def test_steering_milestone_lists_do_not_repeat_their_title(texts):
    missed = texts["steering"].split("Milestones missed")[1].split("\n\n")[0]
    due = texts["steering"].split("Milestones due in the next month")[1].split("\n\n")[0]
    assert "- Route optimisation: Integration testing passed, planned 13 Nov" in due and ", due (" not in due
    assert "- Delivery ETA prediction: Model viability demonstrated, planned 16 Oct" in missed and ", missed (" not in missed


def test_an_escalation_says_to_whom_with_its_article(texts):
    (line,) = _lines(texts["steering"], "- ETA model viability milestone missed")
    assert line == "- ETA model viability milestone missed: escalated to the steering committee on 20 Oct 2026, open 15 days"


def test_status_findings_read_as_sentences(texts):
    status = " ".join(texts["status as of"].split())  # the terminal wraps lines
    assert "(as of 4 Nov 2026)" in status
    assert "Sprints 4 and 5 completed under 70% of what they committed" in status
    assert "it is ordered but not delivered, and no interim solution is recorded" in status and "is still ordered" not in status
    assert "'Model registry behind single sign-on' is at risk: SSO application registration" in status
    assert "was requested 3 Nov 2026, later than its 21-day lead time allows" in status
    assert "Technical-debt remediation took 11% of sprint 5's capacity and 9% of sprint 6's" in status


def test_findings_say_dates_and_states_in_words(texts):
    risks = " ".join(texts["risks"].split())
    assert "Delivery ETA prediction (technology) is slipping: it missed its model viability milestone." in risks
    assert "Telematics gateway licence, ordered but not delivered, was needed by 30 Oct 2026 and holds up Route optimisation." in risks
    assert "planned to go live in sprint 7 (13 Nov 2026), but the work that makes the people pillar ready is planned for sprint 8." in risks
