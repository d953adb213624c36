"""Stand-up summaries reworded by a language model, claim by claim, with every claim's facts and sources kept."""

from __future__ import annotations

import logging
from datetime import date as Date

from pydantic import BaseModel, ConfigDict, Field

from bot.llm.call import OFFLINE_NOTE, LLMPath
from bot.llm.protocol import ChatRequest
from bot.llm.safety import defuse, fence, leaks
from bot.standup.model import Summary
from bot.understand.facts import check_facts
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

        text = defuse(new.strip(), sources=original)
        if not text:
            return None
        if text == original:
            return text
        glossary = self.glossary.protecting(self.names) if self.glossary is not None else None  # names keep their words
        if self.audience != "team" and glossary is not None and find_unexplained(text, glossary):
            text = plain_rewrite(text, glossary)
            if find_unexplained(text, glossary):
                return None
        if not check_facts(original, text, self.glossary).ok:
            return None
        if any(n and n in text and n not in original for n in self.names):
            return None  # a person the engine did not name here
        return text


def _with_texts(summary: Summary, texts: dict[int, str]) -> Summary:
    """A copy of the summary with claim n's text replaced (numbered as `claims()` yields them); the rest shared, not copied."""
    seen = [0]  # claims numbered so far, across all the lists

    def swap(claims: list) -> list:
        first = seen[0]
        seen[0] += len(claims)
        return [c.model_copy(update={"text": texts[n]}) if n in texts else c for n, c in enumerate(claims, first)]

    reasons = swap(summary.reasons)
    sections = []
    for ws in summary.workstreams:
        # The order of Summary.claims() within a workstream: done, next, blockers, risks, decisions.
        done, nxt, blockers, risks, decisions = swap(ws.done), swap(ws.next), swap(ws.blockers), swap(ws.risks), swap(ws.decisions)
        sections.append(ws.model_copy(update={"done": done, "next": nxt, "blockers": blockers, "risks": risks, "decisions": decisions}))
    # The same order as Summary.claims(): escalations, risks, impacts, decisions, technical.
    rest = {name: swap(getattr(summary, name)) for name in ("escalations", "risks", "impacts", "decisions", "technical")}
    return summary.model_copy(update={"reasons": reasons, "workstreams": sections, **rest})


def finish(draft: SummaryDraft, request: ChatRequest, offline: Summary, glossary, names: tuple[str, ...]) -> NotedSummary:
    """The engine's summary with the reworded texts that pass the checks; the engine's own where one fails.

    Each new text passes, on its own, the checks `check_summary` makes of a business audience's texts (plain words,
    no names the engine left out), plus the facts check; sources and structure are the engine's, untouched. So no
    summary-wide re-check is needed: `tests/llm/test_llm_summary.py` holds the result to `check_summary` instead.
    """
    texts = [draft.headline, *(c.text for c in draft.claims)]
    if leaks("\n".join(texts), request.system):
        log.warning("summary: the model's reply repeated the instructions; using the engine's summary")
        return _noted(offline, f"{OFFLINE_NOTE} (the model's reply was rejected)")
    check = _Checker(offline.audience, glossary, names)
    claims = list(offline.claims())
    new = {c.n: c.text for c in reversed(draft.claims) if 0 <= c.n < len(claims)}  # first wording of a number wins
    accepted: dict[int, str] = {}
    for n, claim in enumerate(claims):
        text = check.accept(claim.text, new[n]) if n in new else None
        if text is not None and text != claim.text:
            accepted[n] = text
    result = _with_texts(offline, accepted)
    headline = check.accept(offline.headline, draft.headline)
    if headline is not None and (offline.rag not in offline.headline.lower() or offline.rag in headline.lower()):
        result.headline = headline  # honesty: the red/amber/green word stays when the engine's headline said it
    log.info("summary: %d of %d claims reworded by the model", len(accepted), len(claims))
    return _noted(result, "", backend="openai")


class LLMStandups(LLMPath):
    """Stand-ups with summaries reworded by a language model; every other call goes to the stand-up service as is."""

    # The stand-up calls a model does not word, passed on as they are.
    @property
    def records(self):
        return self.base.records

    @property
    def store(self):
        return self.base.store

    def close(self) -> None:
        self.base.close()

    def next_standup(self, program: str, now=None):
        return self.base.next_standup(program, now)

    def setup(self, schedule):
        return self.base.setup(schedule)

    def check_participant(self, channel: str, user: str, program: str) -> None:
        self.base.check_participant(channel, user, program)

    def skip(self, channel: str, user: str, day: Date | None = None, now=None):
        return self.base.skip(channel, user, day, now)

    def ooo(self, channel: str, user: str, days: int, start: Date | None = None, now=None):
        return self.base.ooo(channel, user, days, start, now)

    def collect_reply(self, **reply):
        return self.base.collect_reply(**reply)

    def scheduler(self, poster, **options):
        return self.base.scheduler(poster, **options)


    def summary(self, program: str | None = None, day: Date | None = None, audience: str = "team", *, channel: str | None = None) -> Summary:
        """The engine's summary, reworded and checked; the engine's own when the call or a check fails."""
        from bot.standup.summary import person_names

        offline = self.base.summary(program, day, audience, channel=channel)
        data = self.base.records.program(offline.program)
        covered = set(offline.updates)
        updates = [(u.id, u.text) for u in data.updates if u.id in covered]
        request = build_request(offline, updates, lambda: offline)
        outcome = self.caller.call(request)
        if outcome.reply.final:
            return _noted(outcome.reply.output, outcome.note)
        names = person_names(data)
        return finish(outcome.reply.output, request, offline, self.base._glossary(), names)
