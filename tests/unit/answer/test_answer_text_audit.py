"""Every composed answer read as a person reads it: on the 86 development questions, our own question sets and the
demo program's questions. No dangling lead-ins, each sentence ends before its marker, only cited sources listed in
order of use, no sentence twice, and a weak match says so plainly first."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.answer import NOT_COVERED, WEAK_MATCH
from tests.paths import DATA, SHARED_EVAL
from tests.fixtures.text_audit import problems

_MARK = re.compile(r"\s*\[[\d, ]+\]")


def audit(answer) -> list[str]:
    """What is wrong with one answer's text and citations, as 'kind: detail' lines (empty when all is well)."""
    text = answer.answer
    if answer.abstained:
        return [] if text == NOT_COVERED and not answer.citations else [f"refusal with text or sources: {text!r}"]
    ids = {c.section.split(" ", 1)[1] for c in answer.citations if c.kind == "record" and " " in c.section}
    ids = {i for i in ids if not i.isdigit()}  # a sprint is cited by its number, which the text may give
    found = list(problems(text, ids=ids, figures=True))
    for m in re.finditer(r"(.)\s*\[[\d, ]+\]", text):
        if m.group(1) not in ".?!\"”)":
            found.append(f"marker not after a sentence's end: …{text[max(0, m.start() - 30):m.end()]}")
    used = [int(n) for marks in re.findall(r"\[([\d, ]+)\]", text) for n in marks.split(",")]
    if sorted(set(used)) != list(range(1, len(answer.citations) + 1)):
        found.append(f"sources listed {len(answer.citations)}, cited {sorted(set(used))}")
    first = list(dict.fromkeys(used))
    if first != sorted(first):
        found.append(f"sources not numbered in order of use: {first}")
    said = [s.strip(" -") for line in _MARK.sub("", text).split("\n") for s in re.split(r"(?<=[.?!])\s+", line) if s.strip(" -")]
    twice = {s for s in said if said.count(s) > 1 and len(s) > 20}
    if twice:
        found.append(f"sentence twice: {sorted(twice)[0]!r}")
    if "Weak match." in answer.context and not text.startswith(WEAK_MATCH):
        found.append("weak match not said first")
    if text.startswith(WEAK_MATCH) and "Weak match." not in answer.context:
        found.append("weak-match warning on a strong match")
    return found


def _questions(path, key: str = "q") -> list[str]:
    return [c[key] for c in yaml.safe_load(path.read_text())["cases"]]


@pytest.fixture(scope="module")
def services(demo_services):
    """The demo program in this module's own data dir (tests/fixtures/records.py)."""
    return demo_services


def _run(services, questions: list[str], program: str | None = None) -> list[str]:
    out = []
    for q in questions:
        answer = services.answerer.answer(q, program=program)
        out += [f"{q!r}: {p}" for p in audit(answer)]
    return out


@pytest.mark.parametrize("name", ["retrieval_dev.yaml", "retrieval_chat_dev.yaml"])
def test_development_answers_read_cleanly(name, services):
    path = SHARED_EVAL / name
    if not path.is_file():
        pytest.skip(f"the development question sets are not at {SHARED_EVAL}")
    bad = _run(services, _questions(path))
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", ["retrieval_own.yaml", "list_questions.yaml", "stage_questions.yaml"])
def test_own_set_answers_read_cleanly(name, services):
    bad = _run(services, _questions(DATA / name))
    assert not bad, "\n".join(bad)


def test_program_answers_read_cleanly(services):
    questions = (_questions(DATA / "program_questions.yaml") + _questions(DATA / "program_questions_more.yaml")
                 + _questions(DATA / "stage_questions.yaml"))
    bad = _run(services, questions, program="halvorsen")
    assert not bad, "\n".join(bad)


def test_the_audit_finds_each_fault_it_names():
    from bot.answer.model import Answer
    from knowledge.types import Citation

    cite = Citation(source="a.txt", section="S", quote="q")
    glued = Answer(answer="The register is reviewed at retrospectives [1]", abstained=False, citations=[cite])
    extra = Answer(answer="The register is reviewed at retrospectives. [1]", abstained=False, citations=[cite, cite])
    lead = Answer(answer="The EATP keeps four things in place: [1]", abstained=False, citations=[cite])
    twice = Answer(answer="Debt is logged with a date. [1] Debt is logged with a date. [1]", abstained=False, citations=[cite])
    weak = Answer(answer="The register is reviewed. [1]", abstained=False, citations=[cite], context="Searched: x. Weak match.")
    assert any("marker" in p for p in audit(glued))
    assert any("sources listed" in p for p in audit(extra))
    assert audit(lead)  # a lead-in with nothing after it
    assert any("twice" in p for p in audit(twice))
    assert any("weak match" in p for p in audit(weak))
    assert audit(Answer(answer="Fine. [1]", abstained=False, citations=[cite])) == []
