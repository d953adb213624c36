"""Stand-up summaries reworded by a language model, claim by claim, with every claim's facts and sources kept."""

from __future__ import annotations

import logging
from datetime import date as Date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.llm.call import OFFLINE_NOTE, Caller
from bot.llm.protocol import ChatRequest
from bot.llm.safety import defuse, fence, leaks
from bot.standup.model import Summary, check_summary
from bot.translate.facts import check_facts
from prompts import load_prompt

log = logging.getLogger(__name__)

TASK = "standup_summary"
MAX_UPDATES = 80  # the prompt carries at most this many of the updates the summary covers


class ClaimText(BaseModel):
    """One claim's new wording, by its number in the draft."""

    model_config = ConfigDict(extra="forbid")

    n: int = Field(description="The claim's number as given in the draft.")
    text: str = Field(description="The claim reworded, every fact kept.")


class SummaryDraft(BaseModel):
    """What the model fills in: a headline and reworded claims (status, sources and structure stay the engine's)."""

    model_config = ConfigDict(extra="forbid")

    headline: str
    claims: list[ClaimText]


class NotedSummary(Summary):
    """A Summary with a note and backend shown to people but kept out of the documented JSON shape."""

    note: str = Field("", exclude=True)
    backend: str = Field("offline", exclude=True)


def _noted(summary: Summary, note: str, backend: str = "offline") -> NotedSummary:
    return NotedSummary(**{f: getattr(summary, f) for f in Summary.model_fields}, note=note, backend=backend)


def _draft_text(summary: Summary) -> str:
    lines = [f"HEADLINE ({summary.rag}): {summary.headline}"]
    lines += [f"[{n}] {c.text}" for n, c in enumerate(summary.claims())]
    return "\n".join(lines)


def build_request(summary: Summary, updates: list[tuple[str, str]], offline) -> ChatRequest:
    """The summary prompt: the engine's summary and the updates behind it, fenced as data."""
    prompt = load_prompt(TASK)
    system, user = prompt.render(
        audience=summary.audience, program=fence(summary.program_name), day=summary.date.isoformat(),
        draft=fence(_draft_text(summary)),
        updates="\n".join(f'<update id="{fence(uid)}">\n{fence(text)}\n</update>' for uid, text in updates[:MAX_UPDATES]) or "(none)",
    )
    return ChatRequest(task=TASK, prompt=prompt.name, system=system, user=user, schema=SummaryDraft, offline=offline)


class _Checker:
    """Whether a reworded text may replace the engine's: same facts, no new numbers or names, plain for business readers."""

    def __init__(self, audience: str, glossary, names: tuple[str, ...]) -> None:
        self.audience = audience
        self.glossary = glossary
        self.names = names

    def accept(self, original: str, new: str) -> str | None:
        from bot.jargon import find_unexplained, plain_rewrite

        text = defuse(new.strip())
        if not text:
            return None
        if text == original:
            return text
        if self.audience != "team" and self.glossary is not None and find_unexplained(text, self.glossary):
            text = plain_rewrite(text, self.glossary)
            if find_unexplained(text, self.glossary):
                return None
        if not check_facts(original, text, self.glossary).ok:
            return None
        if any(n and n in text and n not in original for n in self.names):
            return None  # a person the engine did not name here
        return text


def finish(draft: SummaryDraft, request: ChatRequest, offline: Summary, update_ids: set[str], glossary, names: tuple[str, ...]) -> NotedSummary:
    """The engine's summary with the reworded texts that pass the checks; the engine's own where one fails."""
    texts = [draft.headline, *(c.text for c in draft.claims)]
    if any(leaks(t, request.system) for t in texts):
        log.warning("summary: the model's reply repeated the instructions; using the engine's summary")
        return _noted(offline, f"{OFFLINE_NOTE} (the model's reply was rejected)")
    check = _Checker(offline.audience, glossary, names)
    result = offline.model_copy(deep=True)
    claims = list(result.claims())
    new = {c.n: c.text for c in reversed(draft.claims) if 0 <= c.n < len(claims)}  # first wording of a number wins
    kept = 0
    for n, claim in enumerate(claims):
        text = check.accept(claim.text, new[n]) if n in new else None
        if text is not None:
            claim.text = text
            kept += 1
    headline = check.accept(offline.headline, draft.headline)
    if headline is not None and (offline.rag not in offline.headline.lower() or offline.rag in headline.lower()):
        result.headline = headline  # honesty: the red/amber/green word stays when the engine's headline said it
    log.info("summary: %d of %d claims reworded by the model", kept, len(claims))
    # Sources never change and each new text passed the checks above; the summary-wide check is a second net for the
    # business audiences, whose texts have the stricter rules (plain words, no names).
    after = check_summary(result, update_ids, glossary, names) if offline.audience != "team" else []
    if after and len(after) > len(check_summary(offline, update_ids, glossary, names)):
        log.warning("summary: the reworded summary fails checks the engine's passed (%s); using the engine's", after[:3])
        return _noted(offline, f"{OFFLINE_NOTE} (the model's wording failed the checks)")
    return _noted(result, "", backend="openai")


class LLMStandups:
    """Stand-ups with summaries reworded by a language model; every other call goes to the stand-up service as is."""

    def __init__(self, base: Any, caller: Caller) -> None:
        self.base = base
        self.caller = caller

    def __getattr__(self, name: str) -> Any:
        if name == "base":
            raise AttributeError(name)
        return getattr(self.base, name)

    def summary(self, program: str | None = None, day: Date | None = None, audience: str = "team", *, channel: str | None = None) -> Summary:
        """The engine's summary, reworded and checked; the engine's own when the call or a check fails."""
        from bot.standup.summary import _Words

        offline = self.base.summary(program, day, audience, channel=channel)
        data = self.base.records.program(offline.program)
        covered = set(offline.updates)
        updates = [(u.id, u.text) for u in data.updates if u.id in covered]
        request = build_request(offline, updates, lambda: offline)
        outcome = self.caller.call(request)
        if outcome.reply.final:
            return _noted(outcome.reply.output, outcome.note)
        names = _Words(data, audience, None).names
        return finish(outcome.reply.output, request, offline, {u.id for u in data.updates}, self.base._glossary(), names)
