"""Claims about a program, each resting on its records, and how they become a cited answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

from knowledge.types import Citation

# Evidence kinds the oversight engine uses -> the record kind that holds them (parts of a use case are the use case).
_EVIDENCE_RECORD = {
    "standup_update": "update", "milestone": "use_case", "readiness": "use_case", "mlops": "use_case",
    "stage_history": "use_case", "success_criterion": "use_case", "integration_point": "use_case",
}


@dataclass(frozen=True)
class RecordRef:
    """One record a claim rests on: its kind (as the records name it), its id, and what it says."""

    kind: str
    id: str
    quote: str = ""


@dataclass
class Claim:
    """A sentence (or a list line) for the reader, and the records and BoK passages behind it."""

    text: str
    records: list[RecordRef] = field(default_factory=list)
    bok: list[Citation] = field(default_factory=list)
    item: bool = False  # shown as a list line under the claim before it
    opens: bool = False  # starts a new paragraph (the first claim of a second topic in one answer)


def evidence_refs(finding, quote_of) -> list[RecordRef]:
    """The records a finding's evidence points at, once each (a milestone or pillar is its use case's record)."""
    out: list[RecordRef] = []
    for e in finding.evidence:
        kind = _EVIDENCE_RECORD.get(e.kind, e.kind)
        rid = finding.subject if kind == "use_case" and e.kind in _EVIDENCE_RECORD else e.id
        ref = RecordRef(kind, rid, quote_of(kind, rid))
        if ref not in out:
            out.append(ref)
    return out


def day(d: Date | None) -> str:
    """A date as people write it: 4 Nov 2026."""
    return f"{d.day} {d:%b %Y}" if d else ""


def joined(names: list[str]) -> str:
    """a, b and c."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def first_sentence(text: str) -> str:
    """The first sentence of a finding's explanation (the rest restates the BoK, which is cited on its own)."""
    from knowledge.text import sentences

    found = sentences(text)
    return found[0] if found else text


_OPTIONAL = re.compile(r"\b(?:(\d+)\s+)?((?:[a-z-]+\s+)?)([a-z-]+)\(s\)", re.I)


def no_optional_plural(text: str) -> str:
    """'1 debt item(s)' -> '1 debt item', '2 sprint(s)' -> '2 sprints' (a number decides; none means many)."""
    def fix(m: re.Match) -> str:
        n, between, word = m.group(1), m.group(2), m.group(3)
        return f"{n + ' ' if n else ''}{between}{word if n == '1' else word + 's'}"

    return _OPTIONAL.sub(fix, text)


def _nested_pair(text: str) -> tuple[int, int] | None:
    """The first bracket pair that sits inside another pair and holds none itself (its open and close offsets)."""
    depth, opened = 0, -1
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            opened = i if depth >= 2 else -1
        elif ch == ")" and depth:
            if depth >= 2 and opened >= 0:
                return opened, i
            depth -= 1
            opened = -1
    return None


def flat_brackets(text: str) -> str:
    """A parenthetical inside another one, as a composed sentence may build it ("(... in sprint 7 (13 Nov 2026), but
    ...)"), set off by commas instead: "(... in sprint 7, 13 Nov 2026, but ...)". No comma is doubled, none is put
    before a closing bracket or a stop."""
    while (pair := _nested_pair(text)) is not None:
        start, end = pair
        before, inner, after = text[:start].rstrip(), text[start + 1:end].strip(), text[end + 1:]
        after = after.lstrip(" ")
        if not inner:
            text = f"{before}{' ' if after[:1].isalnum() else ''}{after}"
            continue
        head = before if before.endswith(("(", ",", ";", ":", "—", "–")) else f"{before},"
        tail = "" if not after or after[0] in ",;:.!?)" else ","
        text = f"{head}{'' if head.endswith('(') else ' '}{inner}{tail}{' ' if tail or (after and after[0].isalnum()) else ''}{after}"
    return text


def render(program: str, claims: list[Claim]) -> tuple[str, list[Citation]]:
    """The answer text with numbered markers and its citations, numbered in the order the text first uses them."""
    citations: list[Citation] = []
    index: dict[tuple, int] = {}

    def number(key: tuple, make) -> int:
        if key not in index:
            citations.append(make())
            index[key] = len(citations)
        return index[key]

    lines: list[str] = []
    for claim in claims:
        marks = [
            number(("record", r.kind, r.id), lambda r=r: record_citation(program, r)) for r in claim.records
        ] + [
            number(("bok", c.source, c.module, c.article, c.section), lambda c=c: c) for c in claim.bok
        ]
        text = flat_brackets(no_optional_plural(claim.text.rstrip()))
        lead_in = text.endswith(":")  # a lead-in to the list lines after it: its own line, no full stop
        if not lead_in and not text.endswith((".", "?", "!", '"', "”")):
            text += "."
        marker = f" [{', '.join(str(m) for m in sorted(set(marks)))}]" if marks else ""
        line = f"{text}{marker}"
        if claim.item:
            lines.append(f"- {line}")
        elif lines and not lines[-1].startswith("- ") and not lead_in and not lines[-1].endswith(":") and not claim.opens:
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return "\n".join(lines), citations


def record_citation(program: str, ref: RecordRef) -> Citation:
    """A citation of one program record: the program's records as the source, the record's kind and id as the section."""
    return Citation(source=f"records:{program}", section=f"{ref.kind} {ref.id}", quote=ref.quote[:320], score=1.0, kind="record")


def people_in(data) -> list[str]:
    """Everyone the records name: owners, leads, authors."""
    found = {w.lead for w in data.workstreams} | {u.owner for u in data.use_cases} | {u.author for u in data.updates}
    found |= {d.owner for d in data.decisions} | {r.owner for r in data.risks}
    return sorted(p for p in found if p)


def names_in(data) -> list[str]:
    """Names from the records a question may mention: use cases (and aliases), and people (full and first names)."""
    out = [n for u in data.use_cases for n in (u.name, *u.aliases)]
    for p in people_in(data):
        out += [p, p.split()[0]]
    return list(dict.fromkeys(out))
