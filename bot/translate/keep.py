"""Facts the update's exact fact rules do not claim, found by grammar: names that open a sentence, seasons, spoken rates.

bot.understand.facts keeps every capitalised word after a sentence's first, every digit and every number word; what it
cannot know is whether a sentence's own first word is a name ("Halvard goes on leave") or a plain word with a capital
("Recall slipped"), and it has no digit to find in "a point a month" or "the spring campaign". These are read here
by exact signs, never from a list of names:

- a name opening a sentence or clause: a capitalised word the glossary does not hold, read by the one rule the fact
  rules use too (bot.understand.facts.opening_name, whose docstring gives the signs);
- a season written as a time ("since summer", "the spring campaign", "autumn 2026");
- a spoken rate ("a point a month", "an hour a day");
- a name the glossary was told to protect (a record's, use case's or person's name: Glossary.protecting).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.understand.facts import NAME, opening_name

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

# Where a sentence or a clause begins: the text's start, after a full stop, semicolon, colon or dash, or after a
# comma and a joining word ("..., and Farid ...").
_OPENING = re.compile(r"(?:^|[.!?;:]\s+|\s[\u2014\u2013-]\s+|,\s+(?:and|but|so|while|because|since)\s+|\n\s*)"
                      rf"({NAME})(?=[\s,'’])")
_SEASON = re.compile(r"\b([Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)(?:\s+\d{4})?\b")
# A season is a time after a word that places it in time, or with its year: "since summer", "the spring campaign".
_SEASON_CONTEXT = re.compile(r"\b(?:the|this|last|next|since|from|in|by|until|over|before|after|early|late|mid|of)\s+$", re.I)
_PERIOD = r"(?:second|minute|hour|day|night|week|month|quarter|year|sprint|shift|run)"
_SPOKEN_RATE = re.compile(rf"\b(?:an?|one)\s+[a-z]+\s+(?:a|an|per|each|every)\s+{_PERIOD}\b")


def opening_names(text: str, glossary: "Glossary") -> list[str]:
    """The names that open a sentence or clause of the update, in order (bot.understand.facts.opening_name decides)."""
    terms = [(m.start, m.end) for m in glossary.find(text)]
    out: list[str] = []
    for m in _OPENING.finditer(text):
        word, at, end = m.group(1), m.start(1), m.end(1)
        if word in out or any(a <= at < b for a, b in terms):
            continue
        if opening_name(text, at, end):
            out.append(word)
    return out


def seasons(text: str) -> list[str]:
    """Seasons written as times ("since summer", "the spring campaign", "winter 2026"), as written."""
    out = []
    for m in _SEASON.finditer(text):
        if (_SEASON_CONTEXT.search(text, 0, m.start()) or m.group() != m.group(1)) and m.group() not in out:
            out.append(m.group())
    return out


def spoken_rates(text: str) -> list[str]:
    """Rates said in words ("a point a month", "an hour a day"), as written."""
    return list(dict.fromkeys(m.group() for m in _SPOKEN_RATE.finditer(text)))


def protected_names(text: str, glossary: "Glossary") -> list[str]:
    """The protected names (Glossary.protecting) the text writes, as it writes them: a record's name is a fact."""
    out = []
    for name in getattr(glossary, "names", ()):
        m = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I)
        if m and not any(m.group().lower() in o.lower() for o in out):
            out.append(m.group())
    return out


def grammar_facts(text: str, glossary: "Glossary") -> list[tuple[str, str]]:
    """(kind, text) of every fact found here: protected names, names opening a sentence, seasons, spoken rates."""
    return ([("name", n) for n in protected_names(text, glossary)] + [("person", w) for w in opening_names(text, glossary)]
            + [("name", s) for s in seasons(text)] + [("number", r) for r in spoken_rates(text)])
