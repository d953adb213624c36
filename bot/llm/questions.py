"""Stage questions worded by a language model for one use case, each grounded in the offline questions it rests on."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.llm.call import OFFLINE_NOTE, Caller, LLMPath
from bot.llm.protocol import ChatRequest
from bot.llm.safety import defuse, fence, leaks, passage
from bot.oversight.questions import Question, QuestionSet
from bot.understand.facts import numbers_in
from prompts import load_prompt

log = logging.getLogger(__name__)

TASK = "stage_questions"
MAX_QUESTIONS = 8
MAX_FINDINGS = 12


class DraftQuestion(BaseModel):
    """One question and the ids of the passages it rests on."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="One plain question a non-engineer can ask the delivery team.")
    sources: list[str] = Field(description="The id attribute of each passage the question relies on.")


class QuestionsDraft(BaseModel):
    """What the model fills in: the questions, each citing its passages."""

    model_config = ConfigDict(extra="forbid")

    questions: list[DraftQuestion] = Field(description="At most eight questions.")


class NotedQuestionSet(QuestionSet):
    """A QuestionSet with a note and backend shown to people but kept out of the documented JSON shape."""

    note: str = Field("", exclude=True)
    backend: str = Field("offline", exclude=True)


def _noted(qs: QuestionSet, note: str, backend: str = "offline") -> NotedQuestionSet:
    return NotedQuestionSet(**{f: getattr(qs, f) for f in QuestionSet.model_fields}, note=note, backend=backend)


def _grounds(q: Question) -> str:
    """The passage text for one offline question: the question, and the cited words when they add to it."""
    quote = q.citation.quote.strip()
    return q.text if not quote or quote == q.text else f"{q.text}\n{quote}"


def passages(offline: QuestionSet) -> dict[str, Question]:
    """The offline questions as the passages the model may cite, by id (p1, p2, ...)."""
    return {f"p{n}": q for n, q in enumerate(offline.questions, 1)}


def build_request(offline: QuestionSet, records: list[str], person: str | None, fallback) -> ChatRequest:
    """The stage-questions prompt: the grounded questions fenced as passages, the use case's findings fenced as records."""
    prompt = load_prompt(TASK)
    system, user = prompt.render(
        stage=fence(offline.stage_name),
        use_case=fence(offline.use_case_name or "(none: questions for the stage in general)"),
        passages="\n\n".join(passage(pid, q.citation.label(), _grounds(q)) for pid, q in passages(offline).items()),
        records=fence("\n".join(records)) or "(none)",
    )
    return ChatRequest(task=TASK, prompt=prompt.name, system=system, user=user, schema=QuestionsDraft, offline=fallback, person=person)


def finish(draft: QuestionsDraft, request: ChatRequest, offline: QuestionSet, records: list[str], glossary) -> NotedQuestionSet:
    """Keep the questions that cite real passages, add no number and ask something; the offline set when none is left.

    A kept question carries the citation of the first passage it rests on; offline questions no kept question cites
    follow unchanged, so nothing grounded is lost.
    """
    from bot.jargon import plain_where_needed

    by_id = passages(offline)
    texts = [q.text for q in draft.questions]
    if texts and leaks("\n".join(texts), request.system):
        log.warning("stage questions: the model's reply repeated the instructions; using the offline questions")
        return _noted(offline, f"{OFFLINE_NOTE} (the model's reply was rejected)")
    kept: list[Question] = []
    used: set[str] = set()
    given = "\n".join([*(p.text + " " + p.citation.quote for p in by_id.values()), *records])  # links a question may keep
    for q in draft.questions[:MAX_QUESTIONS]:
        valid = [i for i in dict.fromkeys(q.sources) if i in by_id]
        text = defuse(" ".join(q.text.split()), sources=given)
        if not valid or not text.endswith("?"):
            log.info("stage questions: dropped %r (cites %s)", text[:60], q.sources)
            continue
        grounds = " ".join([*(by_id[i].text + " " + by_id[i].citation.quote for i in valid), *records])
        invented = numbers_in(text) - numbers_in(grounds)
        if invented:
            log.info("stage questions: dropped a question with numbers its grounds lack: %s", sorted(invented))
            continue
        if glossary is not None:
            # The use case's own name is a name: a term inside it ("Delivery ETA prediction") is never reworded.
            text = plain_where_needed(text, glossary.protecting([offline.use_case_name or ""]))
        first = by_id[valid[0]]
        kept.append(Question(text=text, origin="llm", citation=first.citation, rule=first.rule))
        used.update(valid)
    if not kept:
        return _noted(offline, f"{OFFLINE_NOTE} (the model's reply cited no given passage)")
    rest = [q for pid, q in by_id.items() if pid not in used]
    return _noted(offline.model_copy(update={"questions": kept + rest}), "", backend="openai")


class LLMOversight(LLMPath):
    """The oversight engine with stage questions worded by a language model; every other call goes to it as is."""

    def __init__(self, base: Any, caller: Caller, glossary=None) -> None:
        super().__init__(base, caller)
        self._glossary = glossary

    # The oversight calls a model does not word, passed on as they are.
    def findings(self, program: str | None = None, *, rules: list[str] | None = None, as_of=None) -> list:
        return self.base.findings(program, rules=rules, as_of=as_of)

    def view_and_findings(self, program: str | None = None, as_of=None):
        return self.base.view_and_findings(program, as_of)

    def readiness(self, use_case: str, program: str | None = None):
        return self.base.readiness(use_case, program)

    def status(self, program: str | None = None, as_of=None):
        return self.base.status(program) if as_of is None else self.base.status(program, as_of)

    def section_text(self, module: str, article: int, section: str) -> str | None:
        return self.base.section_text(module, article, section)

    def glossary(self):
        """The glossary for the jargon check (the organisation's file from the settings, loaded on first use)."""
        if self._glossary is None:
            from knowledge.glossary import load_glossary

            self._glossary = load_glossary(self.base.settings.glossary)
        return self._glossary

    def questions(self, *, stage: str | None = None, use_case: str | None = None, program: str | None = None,
                  person: str | None = None) -> QuestionSet:
        """The offline questions reworded for the use case and checked; the offline set when the call or the checks fail."""
        offline = self.base.questions(stage=stage, use_case=use_case, program=program)
        if not offline.questions:
            return offline  # nothing to ground a question in: never ask a model to make some up
        records: list[str] = []
        if offline.use_case is not None:
            own = [f for f in self.base.findings(program=program) if f.subject == offline.use_case]
            records = [f"{f.title} ({f.severity}): {f.explanation}" for f in own[:MAX_FINDINGS]]
        request = build_request(offline, records, person, lambda: offline)
        outcome = self.caller.call(request)
        if outcome.reply.final:
            return _noted(outcome.reply.output, outcome.note)
        return finish(outcome.reply.output, request, offline, records, self.glossary())
