"""Collection (pure): a person's free-text stand-up reply -> a StandupUpdate linked to use cases and workstreams."""

from __future__ import annotations

import re
from datetime import date as Date
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from store.models import ProgramData, StandupUpdate, sprint_lookup

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

# Labels people put in front of a line ("Done: ...", "Next - ...", "Blockers: none").
_LABELS: dict[str, str] = {
    "done": "done", "did": "done", "yesterday": "done", "finished": "done", "progress": "done", "completed": "done",
    "next": "next", "today": "next", "plan": "next", "plans": "next", "doing": "next", "tomorrow": "next",
    "blocker": "blocker", "blockers": "blocker", "blocked": "blocker", "blocking": "blocker", "impediments": "blocker",
    "risks": "blocker", "issues": "blocker",
}
_LABEL = re.compile(r"^\s*[*_•\-]*\s*(?P<label>[A-Za-z]+)\s*[*_]*\s*[:\-–]\s*", re.I)
_CLAUSES = re.compile(r"(?<=[.!?;])\s+|\n+")
_NONE = re.compile(r"^\s*(?:none|nothing|n/?a|no(?:ne)?\b.*|-+)\s*\.?\s*$", re.I)

_BLOCKER = re.compile(
    r"\b(?:blocked|blocker|blocking|waiting (?:on|for)|pending|stuck|held up|holding (?:up|the)|on hold|awaiting|"
    r"can(?:no|')t (?:proceed|continue|start|move|test|deploy)|depends on|dependent on|no access|still no\b|"
    r"until (?:we|they) get|hasn't (?:arrived|come through)|not (?:yet )?(?:granted|approved|available))\b",
    re.I,
)
_NO_BLOCKER = re.compile(r"\b(?:no|not|nothing|zero|without) (?:blockers?|blocking|blocked|longer blocked)\b|\bunblocked\b", re.I)
_NEXT = re.compile(
    r"\b(?:next|tomorrow|today i(?:'ll| will)|will|plan(?:ning)? to|going to|about to|aim(?:ing)? to|then (?:we|i)|"
    r"by (?:monday|tuesday|wednesday|thursday|friday|the \d+\w*))\b",
    re.I,
)
_PROGRESS = re.compile(
    r"\b(?:done|finished|complete[ds]?|passed|merged|shipped|deployed|released|delivered|went live|live now|granted|"
    r"agreed|published|rebuilt|added|built|fixed|resolved|up to|improved|started|signed off|approved|green|ran|"
    r"labelled|labeled|trained|confirmed|came through|booked|located|reviewed|half built)\b",
    re.I,
)
_NO_PROGRESS = re.compile(r"\b(?:no progress|not (?:done|finished|started|complete)|failed|no better|stuck)\b", re.I)


class Analysis(BaseModel):
    """What a reply says: done, next, blockers, technical sentences, and whether it claims progress."""

    model_config = ConfigDict(extra="forbid")

    done: list[str] = Field(default_factory=list)
    next: list[str] = Field(default_factory=list)
    blockers: list[str] = Field(default_factory=list)
    technical: list[str] = Field(default_factory=list)
    progress: bool = False


def _clauses(text: str) -> list[tuple[str | None, str]]:
    """(label, clause) pairs: a "Done:" line labels the clauses after it until the next label."""
    out: list[tuple[str | None, str]] = []
    for line in text.splitlines():
        label = None
        m = _LABEL.match(line)
        if m and m.group("label").lower() in _LABELS:
            label = _LABELS[m.group("label").lower()]
            line = line[m.end():]
        for clause in _CLAUSES.split(line):
            m = _LABEL.match(clause)
            if m and m.group("label").lower() in _LABELS:  # "... done. Blocked: waiting on X"
                label, clause = _LABELS[m.group("label").lower()], clause[m.end():]
            clause = clause.strip(" \t-•*;,.")
            if clause:
                out.append((label, clause))
    return out


def analyse(text: str, glossary: "Glossary | None" = None) -> Analysis:
    """Sort a reply's clauses into done, next and blockers, and pick out the technical ones (glossary terms)."""
    result = Analysis()
    for label, clause in _clauses(text):
        if label == "blocker" or (label is None and _BLOCKER.search(clause) and not _NO_BLOCKER.search(clause)):
            if not _NONE.match(clause) and not _NO_BLOCKER.search(clause):
                result.blockers.append(clause)
        elif label == "next" or (label is None and _NEXT.search(clause) and not _PROGRESS.search(clause)):
            result.next.append(clause)
        elif label == "done" or (_PROGRESS.search(clause) and not _NO_PROGRESS.search(clause)):
            if not _NONE.match(clause):
                result.done.append(clause)
        if glossary is not None and glossary.find(clause):
            result.technical.append(clause)
    result.progress = bool(result.done)
    return result


class Linker:
    """Finds a program's use cases and workstreams in free text, by id, name and alias (whole words, any case)."""

    def __init__(self, data: ProgramData) -> None:
        self.data = data
        names: dict[str, tuple[str, str]] = {}  # lower-case name -> (kind, id)
        for uc in data.use_cases:
            for alias in (uc.id, uc.name, *uc.aliases):
                names.setdefault(alias.lower(), ("use_case", uc.id))
        for ws in data.workstreams:
            for alias in (ws.id, ws.name):
                names.setdefault(alias.lower(), ("workstream", ws.id))
        self.names = names
        ordered = sorted(names, key=len, reverse=True)  # longest first: "churn warning" before "churn"
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])", re.I) if ordered else None
        self.workstream_of = {uc.id: uc.workstream for uc in data.use_cases}
        self.owned: dict[str, list[str]] = {}
        for uc in data.use_cases:
            if uc.owner:
                self.owned.setdefault(uc.owner.lower(), []).append(uc.id)
        self.leads = {ws.lead.lower(): ws.id for ws in data.workstreams if ws.lead}

    def find(self, text: str) -> tuple[list[str], list[str]]:
        """Use case ids and workstream ids named in the text, in order of first mention."""
        ucs: list[str] = []
        wss: list[str] = []
        if self.pattern is None:
            return ucs, wss
        for m in self.pattern.finditer(text):
            kind, ident = self.names[m.group(0).lower()]
            target = ucs if kind == "use_case" else wss
            if ident not in target:
                target.append(ident)
        return ucs, wss

    def link(self, text: str, author: str) -> tuple[list[str], str | None]:
        """(use case ids, workstream id) for a reply: named ones first, else what the author owns or leads."""
        ucs, wss = self.find(text)
        if not ucs and len(self.owned.get(author.lower(), [])) == 1:
            ucs = list(self.owned[author.lower()])
        streams = {self.workstream_of[u] for u in ucs}
        if len(streams) == 1:
            return ucs, streams.pop()
        if wss:
            return ucs, wss[0]
        if author.lower() in self.leads:
            return ucs, self.leads[author.lower()]
        owned = {self.workstream_of[u] for u in self.owned.get(author.lower(), [])}
        return ucs, owned.pop() if len(owned) == 1 else None


_LINKERS: dict[int, tuple[ProgramData, Linker]] = {}


def linker_for(data: ProgramData) -> Linker:
    """A Linker for a program, reused while the same ProgramData object is in use (the records cache hands it out)."""
    hit = _LINKERS.get(id(data))
    if hit is not None and hit[0] is data:
        return hit[1]
    if len(_LINKERS) > 32:
        _LINKERS.clear()
    found = Linker(data)
    _LINKERS[id(data)] = (data, found)
    return found


def update_id(channel: str, ts: str) -> str:
    """The id of the update a Slack message becomes: stable, so an edit replaces the same record."""
    return f"su-{channel}-{ts}"


def collect(
    text: str,
    *,
    data: ProgramData,
    author: str,
    day: Date,
    update_id: str,
    source_link: str | None = None,
    glossary: "Glossary | None" = None,
) -> StandupUpdate:
    """A reply as a StandupUpdate: linked use cases and workstream, blockers, and whether it claims progress."""
    text = text.strip()
    found = analyse(text, glossary)
    use_cases, workstream = linker_for(data).link(text, author)
    return StandupUpdate(
        id=update_id, date=day, sprint=sprint_lookup(data.sprints)(day), author=author, workstream=workstream,
        use_cases=use_cases, text=text, blockers=found.blockers, progress=found.progress, source_link=source_link,
    )
