"""Fewer of the team's words: a word no reader can know is left out of a quoted part where it only qualifies the next."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.jargon import is_english, is_technical_shape

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

_WORD = re.compile(r"[A-Za-z][\w]*(?:-[A-Za-z0-9]+)*")
# Words that close a noun phrase rather than carry it on: after one of these, the word before was a head, not a modifier.
_CLOSERS = frozenset(
    "a an the this that these those its their our his her my your of in on at to for from with without by into onto "
    "over under about after before since until while when where which who whose and or but nor so yet than then "
    "is are was were be been being has have had do does did can could will would shall should may might must isn "
    "aren wasn weren hasn haven hadn doesn don didn can't won't keeps keep kept gets got still not no now also only "
    "just again there here it they we he she you i".split()
)


_MIN_LETTERS = 5  # short words ("bot", "app") are everyday shorthand, and a short head is easily taken for a modifier


def _unknown(word: str) -> bool:
    """A technical word by shape, or a longer word absent from the English word list (lower-case or capitalised)."""
    if is_technical_shape(word):
        return True
    return len(word) >= _MIN_LETTERS and (not word[:1].isupper() or word[1:].islower()) and not is_english(word)


def without_unknown_modifiers(span: str, facts: list[str], glossary: "Glossary") -> str:
    """The span with each unknown, unexplained word that only qualifies the noun after it left out.

    "Telematics pings from 1,200 trucks" reads "Pings from 1,200 trucks": the reader loses a word they could not
    have understood, and the sentence keeps its grammar because the noun it qualified stays. A fact is never
    dropped, nor a glossary term (the composer explains those), nor a word that is the head of its phrase.
    """
    known = [(m.start, m.end) for m in glossary.find(span)]
    kept = [(span.find(f), span.find(f) + len(f)) for f in facts if f and f in span]
    words = list(_WORD.finditer(span))
    cuts: list[tuple[int, int]] = []
    for w, nxt in zip(words, words[1:]):
        a, b = w.span()
        if (span[b : nxt.start()] != " " or not nxt.group()[:1].islower() or nxt.group().lower() in _CLOSERS
                or any(s < b and a < e for s, e in known + kept) or not _unknown(w.group())):
            continue
        cuts.append((a, nxt.start()))
    if not cuts:
        return span
    out, last = [], 0
    for a, b in cuts:
        out.append(_article_for(span[last:a], span[b:]))
        last = b
    out.append(span[last:])
    text = "".join(out)
    return text[:1].upper() + text[1:] if span[:1].isupper() else text


_ARTICLE_BEFORE = re.compile(r"\b([Aa]n?) $")


def _article_for(before: str, after: str) -> str:
    """The text before a cut, its closing 'a' or 'an' made to fit the word that now follows it."""
    m = _ARTICLE_BEFORE.search(before)
    if not m:
        return before
    word = after.split(" ", 1)[0].lower()
    # "an hour", "a user": only clear cases change; a word starting with "u" or "h" keeps the article it had.
    if word[:1] in "uh":
        return before
    art = "an" if word[:1] in "aeio" else "a"
    return before[: m.start()] + (art.capitalize() if m.group(1)[0].isupper() else art) + " "
