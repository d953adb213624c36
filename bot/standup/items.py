"""Each issue an update raises, filed under the heading a reader looks for: progress, risk, blocker or decision."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from bot.understand.model import Analysis, Issue
    from store.models import StandupUpdate

log = logging.getLogger(__name__)

Heading = Literal["progress", "risk", "blocker", "decision"]
HEADINGS: tuple[Heading, ...] = ("blocker", "decision", "risk", "progress")
Understand = Callable[[Sequence[str]], "list[Analysis]"]

# Situations that are a wait on someone else: the work cannot go on until they act, which is what a blocker is.
_WAITS = {"access_wait", "dependency_slip"}
_QUESTION = re.compile(r"\?\s*$")
# Pronouns that open a clause by pointing back at something said just before it: alone, "they promised it for May"
# loses who promised what, so the clause is filed with the one it points at. "This"/"that" are left out: in a
# stand-up they mostly lead a time ("this sprint"), not a reference.
_POINTS_BACK = frozenset({"it", "its", "they", "them", "their", "he", "she", "his", "her"})
_BOUNDARY = re.compile(r"[.;:!?]\s+")


class Filed(BaseModel):
    """One issue of one update under its heading, in the update's own words, with the facts it carries."""

    model_config = ConfigDict(extra="forbid")

    heading: Heading
    text: str
    update: str = Field(description="Id of the update it came from.")
    situation: str = ""
    facts: list[str] = Field(default_factory=list)


def heading_of(issue: "Issue") -> Heading:
    """The heading an issue belongs under: a wait blocks, an open question or trade-off asks to decide, else risk or progress."""
    if issue.polarity != "open":
        return "progress"
    if issue.situation in _WAITS:
        # "access granted", "guide agreed": a wait the update itself reports as over is progress, not a blocker.
        cleared = "done" in issue.cues and not {"negated", "still"} & set(issue.cues)
        return "progress" if cleared else "blocker"
    asks = "option" in issue.cues or any(_QUESTION.search(c) for c in issue.clauses)
    return "decision" if issue.decision and asks else "risk"


def _join(clauses: list[str]) -> str:
    """Clauses as one line: a clause that opened its own sentence keeps its full stop, the others join with '; '."""
    text = ""
    for c in (c.strip() for c in clauses if c.strip()):
        text = c if not text else f"{text}{'. ' if c[:1].isupper() else '; '}{c}"
    return text[:1].upper() + text[1:]


def _antecedent(text: str, clause: str) -> str:
    """The clause just before `clause` in the update, when `clause` opens by pointing back at it; else ''."""
    first = clause.strip().split(" ", 1)[0].lower()
    start = text.find(clause)
    if first not in _POINTS_BACK or start <= 0:
        return ""
    before = text[:start].rstrip(" ,;:.")
    return _BOUNDARY.split(before)[-1].strip()


def _with_context(out: list[Filed], item: Filed, clauses: list[str], antecedent: str) -> None:
    """File `item` after `out`, with the clause it points back at: one line with an open item that holds it, else prefixed."""
    prev = out[-1] if out else None
    if prev is not None and antecedent.lower() in prev.text.lower():
        if "progress" not in (prev.heading, item.heading):
            heading = min(prev.heading, item.heading, key=HEADINGS.index)  # the more pressing of the two
            out[-1] = prev.model_copy(update={"heading": heading, "text": _join([prev.text, *clauses]),
                                              "situation": prev.situation if heading == prev.heading else item.situation,
                                              "facts": [*prev.facts, *(f for f in item.facts if f not in prev.facts)]})
            return
    out.append(item.model_copy(update={"text": _join([antecedent, *clauses])}))


def file_update(update: "StandupUpdate", analysis: "Analysis | None") -> list[Filed]:
    """Every issue of an update under its heading, and its recorded blockers; nothing it says is left out."""
    out: list[Filed] = []
    if analysis is not None and analysis.issues:
        # The analysis leads with the most severe issue; a reader follows the update in the order it was written.
        ordered = sorted(analysis.issues, key=lambda i: update.text.find(i.clauses[0]) if i.clauses else 0)
        for issue in ordered:
            if not issue.clauses:
                continue
            item = Filed(heading=heading_of(issue), text=_join(issue.clauses), update=update.id,
                         situation=issue.situation, facts=[f.text for f in issue.facts])
            antecedent = _antecedent(update.text, issue.clauses[0])
            if antecedent:
                _with_context(out, item, issue.clauses, antecedent)
            else:
                out.append(item)
    else:
        out.append(Filed(heading="progress", text=_join([update.text]), update=update.id))
    said = " ".join(f.text.lower() for f in out)
    for blocker in update.blockers:
        if blocker.strip() and blocker.strip().lower().rstrip(".") not in said:
            out.append(Filed(heading="blocker", text=_join([blocker]), update=update.id))
    return out


def file_updates(updates: "list[StandupUpdate]", understand: Understand | None) -> dict[str, list[Filed]]:
    """Update id -> its filed issues, the updates read in one batch by the shared analysis."""
    analyses: list = [None] * len(updates)
    if understand is not None and updates:
        try:
            analyses = list(understand([u.text for u in updates]))
        except Exception:  # noqa: BLE001 - the summary still lists every update, unfiled, if the analysis fails
            log.warning("the update analysis failed; updates are listed as written", exc_info=True)
    return {u.id: file_update(u, a) for u, a in zip(updates, analyses)}
