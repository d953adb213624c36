"""Fewer of the team's words: a word no reader can know is left out of a quoted part where it only qualifies the next."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Sequence

from bot.jargon import common_words, is_english, is_technical_shape
from bot.translate.sentences import finite_next

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


def without_unknown_modifiers(span: str, facts: list[str], glossary: "Glossary",
                              technical: "Callable[[Sequence[str]], list[bool]] | None" = None) -> str:
    """The span with each unknown, unexplained word that only qualifies the noun after it left out.

    "Telematics pings from 1,200 trucks" reads "Pings from 1,200 trucks": the reader loses a word they could not
    have understood, and the sentence keeps its grammar because the noun it qualified stays. A fact is never
    dropped, nor a glossary term (the composer explains those), nor a word that is the head of its phrase.
    With `technical` (knowledge.phrases), a compound of English words it reads as technical loses its rarer
    modifiers the same way ("the translation-memory import" reads "the import"; see without_technical_modifiers).
    """
    span = _without_unknown(span, facts, glossary)
    return without_technical_modifiers(span, facts, glossary, technical) if technical else span


def _without_unknown(span: str, facts: list[str], glossary: "Glossary") -> str:
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


_BRACKET = re.compile(r"\([^()]*\)")
_LOWER = re.compile(r"[A-Za-z][a-z]*(?:-[a-z]+)*")  # lower-case, or capitalised as the span's first word
# After a word in -s, these make it the compound's last noun rather than its verb ("dimensions are blank").
_AFTER_NOUN = frozenset("is are was were has have had will would can could should may might must do does did keeps "
                        "stays remains".split())
# Nouns that name people or their role: "the validation lead", "the cloud team" say who, and stay whole.
_PEOPLE = frozenset("team teams lead leads manager managers group squad office people colleagues owner owners staff "
                    "analyst analysts engineer engineers desk".split())


def _compounds(span: str, facts: list[str], glossary: "Glossary") -> list[list[re.Match]]:
    """Runs of two or three lower-case words side by side that can be one noun phrase, outside brackets, facts and
    glossary terms, none a finite verb by its form, the last (the thing named) not a person's role."""
    skip = [(x.start(), x.end()) for x in _BRACKET.finditer(span)] + [(m.start, m.end) for m in glossary.find(span)]
    skip += [(span.find(f), span.find(f) + len(f)) for f in facts if f and f in span]
    runs: list[list[re.Match]] = []
    cur: list[re.Match] = []

    def fits(w: re.Match) -> bool:
        a, b = w.span()
        word = w.group().lower()
        return ((w.group()[:1].islower() or a == 0) and word not in _CLOSERS and not word.endswith("ing")
                and not any(s < b and a < e for s, e in skip)
                and not finite_next(span, a) and (a == 0 or span[a - 1] == " ") and (b == len(span) or not span[b].isalnum()))

    def close() -> None:
        run = cur[:3] if len(cur) <= 3 else []
        last = run[-1].group() if run else ""
        nxt = re.match(r"\s+([A-Za-z]+)", span[run[-1].end():]) if run else None
        if last.endswith("s") and not last.endswith("ss") and nxt and nxt.group(1).lower() not in _AFTER_NOUN:
            run = run[:-1]  # "sensitivity sits at": a word in -s after a noun is its verb unless a verb follows it
        before = span[: run[0].start()].rstrip() if run else ""
        if len(run) >= 2 and run[-1].group().lower() not in _PEOPLE and not before.endswith(")"):
            runs.append(run)  # after a bracket the compound belongs to the label the bracket explains

    for w in _LOWER.finditer(span):
        if fits(w) and (not cur or span[cur[-1].end() : w.start()] == " "):
            cur.append(w)
            continue
        close()
        cur = [w] if fits(w) else []
    close()
    return runs


def without_technical_modifiers(span: str, facts: list[str], glossary: "Glossary",
                                technical: "Callable[[Sequence[str]], list[bool]]") -> str:
    """The span with the rarer modifiers of each technical compound left out: "the payroll anomaly detector caught"
    reads "the detector caught". A modifier among the commonest English words stays ("failure model"), as does the
    compound's last word, the thing it names."""
    runs = _compounds(span, facts, glossary)
    if not runs:
        return span
    flags = technical([span[r[0].start() : r[-1].end()] for r in runs])
    out = span
    for run, flag in sorted(zip(runs, flags), key=lambda x: -x[0][0].start()):
        if not flag:
            continue
        for w in reversed(run[:-1]):
            if "-" in w.group() or w.group().lower() not in common_words():
                out = out[: w.start()] + out[w.end() + 1 :]
    return out[:1].upper() + out[1:] if span[:1].isupper() else out
