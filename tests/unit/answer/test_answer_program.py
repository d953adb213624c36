"""Questions about the program's state, answered from the demo program's records and the oversight findings."""

from __future__ import annotations

import json
import re

import pytest

from bot.cli.records import DEMO_FILE
from store.io import read_program

# Internal ids look like "uc-eta", "dec-002", "u-045", "rk-003": none may reach the answer text.
_ID = re.compile(r"\b(?:uc|ws|dec|debt|rk|u|ar|pr|dep|esc|dq)-[a-z0-9-]+\b")


@pytest.fixture
def services(indexed_data_dir):
    from bot.services import Services

    services = Services()
    services.records.import_program(read_program(DEMO_FILE), source="demo")
    yield services
    services.close()


def _records(answer) -> list[tuple[str, str]]:
    """(kind, id) of every record citation."""
    return [tuple(c.section.split(" ", 1)) for c in answer.citations if c.kind == "record"]


def _check_shape(answer) -> None:
    assert not answer.abstained and not _ID.search(answer.answer), answer.answer
    used = [int(n) for marks in re.findall(r"\[([\d, ]+)\]", answer.answer) for n in marks.split(",")]
    assert sorted(set(used)) == list(range(1, len(answer.citations) + 1))  # every source cited, none left over
    first = list(dict.fromkeys(used))
    assert first == sorted(first)  # numbered in the order the answer first uses them
    assert "(s)" not in answer.answer
    for c in answer.citations:
        if c.kind == "record":
            assert c.source == "records:halvorsen" and len(c.section.split(" ")) == 2


def test_at_risk_names_every_use_case_the_oversight_engine_flags(services):
    answer = services.answerer.answer("Which use cases are at risk this sprint?", program="halvorsen")
    _check_shape(answer)
    flagged = {f.subject_name for f in services.oversight.findings("halvorsen") if f.subject_kind == "use_case"}
    assert flagged and all(name in answer.answer for name in flagged)
    data = read_program(DEMO_FILE)
    from bot.prose import count_word

    assert f"of the {count_word(len(data.use_cases))} use cases" in answer.answer  # how many of all the use cases
    assert ("use_case", "uc-eta") in _records(answer)
    assert any(c.kind in ("bok", "pack") and c.quote for c in answer.citations)  # the passage the findings rest on


def test_who_has_not_reported_names_people_from_the_stand_up_records(services):
    answer = services.answerer.answer("Who has not reported at stand-up?", program="halvorsen")
    _check_shape(answer)
    data = read_program(DEMO_FILE)
    latest = max(u.date for u in data.updates)
    reported = {u.author for u in data.updates if u.date == latest}
    missing_lines = [line for line in answer.answer.split("\n") if line.startswith("- ")]
    named = {line[2:].split(",")[0] for line in missing_lines}
    authors = {u.author for u in data.updates}
    assert named and named <= authors and not named & reported
    cited = {rid for kind, rid in _records(answer) if kind == "update"}
    assert cited <= {u.id for u in data.updates} and cited


def test_cloud_spend_cites_the_cloud_spend_risk(services):
    answer = services.answerer.answer("What is our cloud spend situation?", program="halvorsen")
    _check_shape(answer)
    assert ("risk", "rk-003") in _records(answer)
    assert "Priya Raman" in answer.answer and "mitigated" in answer.answer


def test_open_decisions_name_owners_and_deadlines(services):
    answer = services.answerer.answer("Which decisions are still open, and who has to make them?", program="halvorsen")
    _check_shape(answer)
    data = read_program(DEMO_FILE)
    open_ = [d for d in data.decisions if d.status == "open"]
    assert len(open_) == 3 and "Three decisions are open" in answer.answer  # a sentence never opens on a figure
    for d in open_:
        assert d.owner in answer.answer and ("decision", d.id) in _records(answer)


def test_blockers_of_one_use_case_come_from_its_records(services):
    answer = services.answerer.answer("What is holding up route optimisation?", program="halvorsen")
    _check_shape(answer)
    assert ("procurement", "pr-002") in _records(answer) and "Telematics gateway licence" in answer.answer


def test_readiness_of_a_named_use_case(services):
    answer = services.answerer.answer("Can spot pricing go live yet?", program="halvorsen")
    _check_shape(answer)
    assert "Spot pricing" in answer.answer and "not ready" in answer.answer and "retraining" in answer.answer


def test_debt_register_gives_counts_and_plans(services):
    answer = services.answerer.answer("What's on our debt register?", program="halvorsen")
    _check_shape(answer)
    data = read_program(DEMO_FILE)
    assert f"{sum(1 for d in data.debt if d.status == 'open')} open items" in answer.answer
    assert ("debt", "debt-003") in _records(answer) and "overdue" in answer.answer


def test_bok_questions_still_answer_from_the_bok_with_a_program_in_scope(services):
    for q in ("How should an EATP run a daily stand-up?", "Why keep a list of the shortcuts a team has taken?"):
        answer = services.answerer.answer(q, program="halvorsen")
        assert not answer.abstained and answer.context.startswith("Searched:"), (q, answer.context)
        assert any(c.kind in ("bok", "pack") for c in answer.citations)


def test_without_a_program_the_same_question_is_a_bok_question(services):
    answer = services.answerer.answer("Which use cases are at risk this sprint?")
    assert not any(c.kind == "record" for c in answer.citations)


def test_unknown_program_is_refused_with_exit_2_and_the_closest_names(services, capsys):
    from bot.cli import main

    assert main(["ask", "--program", "halvorsn", "Which use cases are at risk?"]) == 2
    err = capsys.readouterr().err
    assert "halvorsn" in err and "Closest: halvorsen" in err and len(err.strip().splitlines()) == 1


def test_json_keeps_its_shape_with_record_citations(services, capsys):
    from bot.cli import main

    assert main(["ask", "--program", "halvorsen", "--json", "Who has not reported at stand-up?"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["program", "answer", "abstained", "citations"] and out["program"] == "halvorsen"
    assert all(set(c) == {"source", "module", "article", "section", "quote", "score"} for c in out["citations"])
    assert any(c["source"] == "records:halvorsen" and c["section"].startswith("update ") for c in out["citations"])


def test_the_llm_path_answers_program_questions_from_the_records(services):
    from bot.llm.answer import LLMAnswerer
    from bot.llm.call import Caller
    from tests.fixtures.llm import ScriptedBackend

    backend = ScriptedBackend()
    answer = LLMAnswerer(services.answerer, Caller(backend)).answer("What is our cloud spend situation?", program="halvorsen")
    assert ("risk", "rk-003") in _records(answer) and backend.requests == []  # records answer; no model call


def test_an_unlinked_debt_item_naming_a_use_case_is_found_when_that_use_case_is_asked_about(services):
    """`debt add` from Slack links no use case; the item still belongs to the use case its text names."""
    services.records.add_debt("halvorsen", description="Arrival time prediction job has no alerting on failed runs")
    services.records.add_debt("halvorsen", description="Shared build server still on an unsupported OS")
    answer = services.answerer.answer("What debt is open on the ETA use case?", program="halvorsen")
    _check_shape(answer)
    assert "Arrival time prediction job has no alerting" in answer.answer
    assert "Shared build server" not in answer.answer  # names no use case asked about


def test_program_answers_never_open_a_sentence_on_a_figure(services):
    """Counts that open a sentence are words ('Five of the eight use cases ...'), as everywhere else the program's texts are read."""
    for question in ("Which use cases are at risk?", "Who has not reported at stand-up?", "Which decisions are open?",
                     "which purchases are not delivered yet?"):
        answer = services.answerer.answer(question, program="halvorsen").answer
        starts = [s for s in re.split(r"(?<=[.!?])\s+|\n+(?:- )?", answer) if s]
        assert not [s for s in starts if s[:1].isdigit()], (question, answer)


def test_a_persons_latest_report_names_the_use_case_it_is_about(services):
    """Ines's last update speaks of precision and partial deliveries, never of invoice matching: the answer says which
    use case it is about, and names it once for two reports on the same one."""
    answer = services.answerer.answer("what has ines been posting lately?", program="halvorsen")
    assert "Ines Duarte last reported on 3 Nov 2026, about Invoice matching:" in answer.answer, answer.answer
    assert answer.answer.count("Invoice matching") == 1, answer.answer
