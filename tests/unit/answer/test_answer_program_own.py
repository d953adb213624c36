"""Program questions worded unlike the intent bank (tests/data/program_questions.yaml and program_questions_more.yaml),
on the demo program: routed to the records, on the right topic, naming the use cases, people and figures, each claim
cited to its record."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.paths import DATA
from tests.fixtures.text_audit import problems

# The first 22 (one per program topic), then more covering every record kind (program_questions_more.yaml), then 24
# worded as people type in a channel (program_questions_7.yaml: short asks, loose names, counts, two asks in one), then 24
# more across every record kind (program_questions_8.yaml: last reports, workstream state, nicknames, escalations), then
# 24 more (program_questions_9.yaml: relative time, nicknames, a person's status, two asks in one), then 24 more
# (program_questions_11.yaml: fillers and greetings, yes/no asks about people, points and dates).
CASES = [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["known_miss"])) if c.get("known_miss") else c
    for name in ("program_questions.yaml", "program_questions_more.yaml", "program_questions_7.yaml", "program_questions_8.yaml",
                 "program_questions_9.yaml", "program_questions_11.yaml")
    for c in yaml.safe_load((DATA / name).read_text())["cases"]
]


@pytest.fixture(scope="module")
def services(demo_services):
    """The demo program in this module's own data dir (tests/fixtures/records.py)."""
    return demo_services


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["q"][:40] if isinstance(c, dict) else None)
def test_program_question_is_answered_from_the_records(case, services):
    answer = services.answerer.answer(case["q"], program="halvorsen")
    topics = case["topic"] if isinstance(case["topic"], list) else [case["topic"]]  # a question two topics answer
    said = re.search(r"\(([^()]*)\)\.", answer.context)  # '(at risk; blockers)': the topics answered
    assert answer.context.startswith("Answered from the records") and said and set(said.group(1).split("; ")) & {
        t.replace("_", " ") for t in topics}, (case["q"], answer.context)
    for name in case.get("names", []):
        assert name.lower() in answer.answer.lower(), f"{case['q']!r} does not give {name!r}:\n{answer.answer}"
    for name in case.get("not_names", []):  # the question narrowed the records: others stay out
        assert name.lower() not in answer.answer.lower(), f"{case['q']!r} gives {name!r}, which it did not ask about:\n{answer.answer}"
    if case.get("bok"):
        assert any(c.kind in ("bok", "pack") for c in answer.citations), f"{case['q']!r} cites no BoK passage:\n{answer.answer}"
    cited = {tuple(c.section.split(" ", 1)) for c in answer.citations if c.kind == "record"}
    for kind, rid in case.get("records", []):
        assert (kind, rid) in cited, f"{case['q']!r} does not cite {kind} {rid}:\n{answer.answer}"
    ids = {rid for _, rid in cited if not rid.isdigit()}  # a sprint is cited by its number, which the text may give
    assert not problems(answer.answer, ids=ids, figures=True), problems(answer.answer, ids=ids, figures=True)
    used = [int(n) for marks in re.findall(r"\[([\d, ]+)\]", answer.answer) for n in marks.split(",")]
    assert sorted(set(used)) == list(range(1, len(answer.citations) + 1))
