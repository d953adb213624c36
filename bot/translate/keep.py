"""Facts the update's exact fact rules do not claim, found by grammar: names that open a sentence, seasons, spoken rates.

bot.understand.facts keeps every capitalised word after a sentence's first, every digit and every number word; what it
cannot know is whether a sentence's own first word is a name ("Halvard goes on leave") or a plain word with a capital
("Recall slipped"), and it has no digit to find in "a point a month" or "the spring campaign". These are read here
by exact signs, never from a list of names:

- a name opening a sentence or clause: a capitalised word the glossary does not hold and that is none of the closed
  class of words that open sentences, with one of these signs: it is absent from the English word list and not built
  with an English ending ("Onboarded", "Telematics" are not names); a comma and an
  apposition follow it ("Farid, the only engineer who ..."); or "he", "she", "him", "his" or "her" points back to
  it later in the same sentence. A finite verb after it is no sign: "Finance has moved" and "Accuracy has slid" open
  on plain words as often as "Marta wants" opens on a name;
- a season written as a time ("since summer", "the spring campaign", "autumn 2026");
- a spoken rate ("a point a month", "an hour a day");
- a name the glossary was told to protect (a record's, use case's or person's name: Glossary.protecting).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.jargon import common_words, is_english, is_technical_shape

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

# Where a sentence or a clause begins: the text's start, after a full stop, semicolon, colon or dash, or after a
# comma and a joining word ("..., and Farid ...").
_OPENING = re.compile(r"(?:^|[.!?;:]\s+|\s[\u2014\u2013-]\s+|,\s+(?:and|but|so|while|because|since)\s+|\n\s*)"
                      r"([A-Z][a-z]+)(?=[\s,'’])")
# The words that open English sentences with a capital and are never names (articles, pronouns, connectors, quantifiers).
_OPENERS = frozenset(
    "the a an this that these those it its they there here we our i he she you nobody someone everyone everything "
    "nothing something each every all some most no both also only still now today tomorrow yesterday yes please thanks "
    "and but or so then after before since until when while if as in on at by for from with without to of not our "
    "their his her my your one two three four five six seven eight nine ten".split())
# "Farid, the only engineer who ..., has": a noun phrase between two commas, then the sentence's verb goes on. An
# opening adverb ("Separately, the calendar ..., and ...") is followed by the sentence itself, not by an apposition.
_APPOSITION = re.compile(r",\s+(?:who\b|(?:the|our|a|an|their|one)\b[^,.;:]{1,80},\s+(?!(?:and|but|or|so|then)\b)[a-z])")
# Endings English builds words with (past forms, adverbs, nouns of a field): a word absent from the list but ending in
# one ("Onboarded", "Telematics") is an English-built word the list lacks, not a name.
_DERIVED = re.compile(r"(?:ed|ing|ly|ics|tion|sion|ment|ness|able|ible|ise|ize|ised|ized|ity)$")
_POINTER = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_SEASON = re.compile(r"\b([Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)(?:\s+\d{4})?\b")
# A season is a time after a word that places it in time, or with its year: "since summer", "the spring campaign".
_SEASON_CONTEXT = re.compile(r"\b(?:the|this|last|next|since|in|by|until|over|before|after|early|late|mid|of)\s+$", re.I)
_PERIOD = r"(?:second|minute|hour|day|night|week|month|quarter|year|sprint|shift|run)"
_SPOKEN_RATE = re.compile(rf"\b(?:an?|one)\s+[a-z]+\s+(?:a|an|per|each|every)\s+{_PERIOD}\b")


def opening_names(text: str, glossary: "Glossary") -> list[str]:
    """The names that open a sentence or clause of the update, in order (see the module's docstring for the signs)."""
    terms = [(m.start, m.end) for m in glossary.find(text)]
    out: list[str] = []
    for m in _OPENING.finditer(text):
        word, at, end = m.group(1), m.start(1), m.end(1)
        if word.lower() in _OPENERS or word in out or is_technical_shape(word) or any(a <= at < b for a, b in terms):
            continue
        stop = _SENTENCE_END.search(text, end)
        rest = text[end : stop.start() if stop else len(text)]
        signs = (
            not is_english(word) and not _DERIVED.search(word),
            _APPOSITION.match(text, end) is not None,
            _POINTER.search(rest) is not None and word.lower() not in common_words(),
        )
        if any(signs):
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
