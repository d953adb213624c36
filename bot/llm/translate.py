"""Translations written by a language model, held to the same facts and jargon checks as the offline engine."""

from __future__ import annotations

import logging

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.jargon import plain_where_needed
from bot.llm.call import OFFLINE_NOTE, LLMPath
from bot.llm.protocol import ChatRequest
from bot.llm.safety import defuse, fence, leaks
from bot.translate.clean import detect_language, prepare
from bot.understand.facts import check_facts
from bot.translate.model import Category, Pillar, Stage, Translation
from prompts import load_prompt

log = logging.getLogger(__name__)

TASK = "translate"


class TranslationDraft(BaseModel):
    """What the model fills in: the business texts and the classification (terms and citations come from the engine)."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field(description="One or two plain sentences: what is happening, in business terms.")
    impact: str = Field(description="What it means for users, dates, cost and risk.")
    options: list[str] = Field(description="The trade-offs, when there are any.")
    decision: str | None = Field(description="What must be decided and by whom, or null.")
    pillars: list[Pillar]
    category: Category
    stage: Stage | None


class NotedTranslation(Translation):
    """A Translation with a note that is shown to people but kept out of the documented JSON shape."""

    note: str = Field("", exclude=True)
    backend: str = Field("offline", exclude=True)


def _noted(result: Translation, note: str, backend: str = "offline") -> NotedTranslation:
    # Field by field, not model_dump(): citations keep their excluded kind and chunk id.
    return NotedTranslation(**{f: getattr(result, f) for f in Translation.model_fields}, note=note, backend=backend)


def build_request(cleaned: str, terms: str, person: str | None, offline) -> ChatRequest:
    """The translate prompt: the update and the glossary's meanings fenced as data."""
    prompt = load_prompt(TASK)
    system, user = prompt.render(update=fence(cleaned), terms=fence(terms) or "(none)")
    return ChatRequest(task=TASK, prompt=prompt.name, system=system, user=user, schema=TranslationDraft, offline=offline, person=person)


def finish(draft: TranslationDraft, request: ChatRequest, cleaned: str, offline: Translation, glossary) -> NotedTranslation:
    """Repair what can be repaired (bare jargon, a lost fact); fall back to the engine when a number was invented."""

    def clean(text: str) -> str:
        text = defuse(text.strip(), allowed_mentions=cleaned, sources=cleaned)
        return plain_where_needed(text, glossary)

    try:
        result = Translation(
            summary=clean(draft.summary), impact=clean(draft.impact),
            options=[clean(o) for o in draft.options if o.strip()],
            decision=clean(draft.decision) if draft.decision and draft.decision.strip() else None,
            pillars=list(dict.fromkeys(draft.pillars)), category=draft.category, stage=draft.stage,
            terms=offline.terms, citations=offline.citations, issues=offline.issues,
        )
    except ValidationError as exc:
        log.warning("translate: the model's draft is not a valid Translation (%s); answering offline", exc.errors()[0]["msg"])
        return _noted(offline, f"{OFFLINE_NOTE} (the model's reply was incomplete)")
    if leaks(result.business_text(), request.system):
        log.warning("translate: the model's reply repeated the instructions; answering offline")
        return _noted(offline, f"{OFFLINE_NOTE} (the model's reply was rejected)")
    report = check_facts(cleaned, result.business_text(), glossary)
    if report.added:
        log.warning("translate: the model added numbers the update lacks (%s); answering offline", report.added)
        return _noted(offline, f"{OFFLINE_NOTE} (the model's reply changed the figures)")
    if report.missing:
        log.info("translate: restoring facts the model left out: %s", report.missing)
        result = result.model_copy(update={"impact": f"{result.impact} Figures as reported: {', '.join(report.missing)}."})
        if not check_facts(cleaned, result.business_text(), glossary).ok:
            return _noted(offline, f"{OFFLINE_NOTE} (the model's reply lost figures)")
    return _noted(result, "", backend="openai")


class LLMTranslator(LLMPath):
    """The translator with a language model writing the business text; same call, same Translation."""


    def translate(self, text: str | None, person: str | None = None) -> Translation:
        """One update in business language, checked; the offline translation when a check or the call fails."""
        offline = self.base.translate(text)  # refuses bad input first, and is the fallback and the source of terms
        cleaned = prepare(text, self.base.limit)
        if detect_language(cleaned) is not None:
            return offline  # the engine passes foreign text on unchanged; a rewrite could not be checked
        terms = "\n".join(f"{t.term}: {t.meaning}" for t in offline.terms)
        request = build_request(cleaned, terms, person, lambda: offline)
        outcome = self.caller.call(request)
        if outcome.reply.final:
            return _noted(outcome.reply.output, outcome.note)
        return finish(outcome.reply.output, request, cleaned, offline, self.base.glossary)
