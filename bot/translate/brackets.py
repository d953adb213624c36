"""One bracket for words explained side by side: "the serving-layer SLA (serving-layer: ...; SLA: ...)".

The composer explains each glossary term and each label the glossary lacks (by its role in the clause); written
side by side, their brackets would split one noun phrase into pieces ("serving-layer (...) SLA (...)"). Here the
explanations of a run of words become one bracket after its last word, naming each, and names of one kind before
the thing they name are said once ("the OSIsoft PI connector (OSIsoft PI: a specialist name for this kind of
connector; connector: ...)"). bot.jargon reads such a bracket as explaining each word it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.translate.sentences import finite_next

# The composer's _roles marks the brackets it writes, so _render can tell them from the team's own brackets.
ROLE_MARK = "\ue000"
_ROLE_BRACKET = re.compile(r" \(" + ROLE_MARK + r"([^()]*)\)")
_WORD_BEFORE = re.compile(r"[A-Za-z][\w]*(?:[-/][A-Za-z0-9]+)*$")
# Words side by side: at most a space, a hyphen or a slash between them (bot.jargon groups glossary terms alike).
_SIDE_BY_SIDE = re.compile(r"[ \t\-/]{1,3}")
_COUNT_BEFORE = re.compile(r"(?:^|\s)(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+$", re.I)
# A role that says what kind of thing a name is: said once for names written side by side.
_KIND_ROLE = re.compile(r"the name of the (?P<head>.+)|a specialist term for this kind of (?P<kind>.+)"
                        r"|a specialist name for the kind that follows")


@dataclass
class Unit:
    """Words that get an explanation: where they stand, what they say, and what the bracket says."""

    start: int
    end: int
    surface: str
    gloss: str
    role: bool  # explained by its role in the clause (no glossary entry)


def role_units(span: str) -> tuple[str, list[Unit]]:
    """The span without _roles' brackets, and each as a unit on the word it followed."""
    units: list[Unit] = []
    out, last, length = [], 0, 0
    for r in _ROLE_BRACKET.finditer(span):
        piece = span[last : r.start()]
        out.append(piece)
        length += len(piece)
        word = _WORD_BEFORE.search(piece)
        start = length - (len(word.group()) if word else 0)
        units.append(Unit(start, length, word.group() if word else "", r.group(1), role=True))
        last = r.end()
    out.append(span[last:])
    return "".join(out), units


def grouped(span: str, units: list[Unit], edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One bracket per run of words side by side, after the last of them.

    A run is a noun phrase: a verb ("the dbt model timed out") starts a new one. A glossary term is followed in its run
    only by more glossary terms, as bot.jargon reads a run of terms explained by the bracket after its last term; a
    name after it keeps a bracket of its own.
    """
    groups: list[list[Unit]] = []
    for u in units:
        prev = groups[-1][-1] if groups else None
        # After a count ("3 pipeline refactors") the run is the things counted: a plural there is no verb.
        counted = bool(groups) and _COUNT_BEFORE.search(span, 0, groups[-1][0].start) is not None \
            and u.surface.lower().endswith("s")
        if prev and (prev.role or not u.role) and _SIDE_BY_SIDE.fullmatch(span, prev.end, u.start) \
                and (counted or not finite_next(span, u.start)) and not any(prev.end <= a <= u.start for a, _, _ in edits):
            groups[-1].append(u)
        else:
            groups.append([u])
    return [(g[-1].end, g[-1].end, f" ({_bracket(span, g)})") for g in groups]


def _bracket(span: str, group: list[Unit]) -> str:
    """What the bracket after a run says: its one explanation, or each word's, names of one kind said once."""
    if len(group) == 1:
        return group[0].gloss
    entries: list[tuple[str, str]] = []
    n = 0
    while n < len(group):
        u = group[n]
        kinds = []
        while n < len(group) and group[n].role and _KIND_ROLE.fullmatch(group[n].gloss):
            kinds.append(group[n])
            n += 1
        if len(kinds) >= 2 or kinds and n < len(group):
            # "OSIsoft PI connector": the names before the thing name a kind of it; the rest of the run is that thing.
            rest = span[kinds[-1].end : group[-1].end].strip(" -/")
            m = _KIND_ROLE.fullmatch(kinds[-1].gloss)
            thing = rest or m.group("kind") or m.group("head")
            surface = span[kinds[0].start : kinds[-1].end]
            entries.append((surface, f"a specialist name for this kind of {thing}" if thing else kinds[-1].gloss))
            continue
        if kinds:
            entries.append((kinds[0].surface, kinds[0].gloss))
            continue
        entries.append((u.surface, u.gloss))
        n += 1
    if len(entries) == 1:
        return entries[0][1]
    # "Workday's audit trail (Workday: ...; audit trail: ...)": the bracket names the thing, not its possessive.
    return "; ".join(f"{_POSSESSIVE.sub('', surface)}: {gloss}" for surface, gloss in entries)


_POSSESSIVE = re.compile(r"['’]s$")
