"""Which of the records' names a question mentions: exactly, misspelt by one letter, or by a telling part of a long name.

People type names loosely in a channel ("rout optimisation", "Hanna", "the photo triage"). Names are exact things, so
this is rules, not meaning: a name counts when its words are in the question in order (one letter off in one word of
four letters or more, or of a first name of five or more), when two or more words in a row of a name of three or
more words are there and no other use case's name holds those words, or when all of such a name is there but one inner
word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
MIN_FUZZY = 4  # shorter words are too often another word one letter away ("Ines" / "lines")
MIN_FIRST_NAME = 5  # a first name alone is matched loosely only when it is this long (one word, no context)
# A thing called by a word or two of its name, with what it is after it: "the pricing use case", "that churn one".
_CALLED = re.compile(r"\b(?:the|our|that|this|your)\s+(?P<part>[\w-]+(?:\s+[\w-]+)?)\s+(?:use[- ]cases?|ones?|projects?)\b")
_NOT_A_NAME_PART = frozenset("new old other first last next same whole main big small current live latest".split())


def _words(text: str) -> list[tuple[str, int, int]]:
    """Lower-case words with their spans; a possessive ("Jonas's") is read as the word."""
    out = []
    for m in _WORD.finditer(text.lower()):
        word = re.sub(r"['’]s$", "", m.group())
        out.append((word, m.start(), m.start() + len(m.group())))
    return out


def one_edit(a: str, b: str) -> bool:
    """Whether two words differ by exactly one letter added, dropped or changed (Levenshtein distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def find_names(question: str, names: Iterable[str], ordinary: Callable[[str], bool] | None = None) -> list[tuple[str, int, int]]:
    """The names a question mentions, with the span of the question that mentions each (exact matches first).

    `ordinary` says whether words are an ordinary phrase of the method's own texts ("early warning" is the BoK's
    phrase before it is part of "Customer churn early warning"): such a part of a name does not name it.
    """
    # One question is read for the same names several times (routing, topic words, scope): read once.
    return list(_find_names(question, tuple(dict.fromkeys(names)), ordinary))


@lru_cache(maxsize=256)
def _find_names(question: str, names: tuple[str, ...], ordinary) -> tuple[tuple[str, int, int], ...]:
    return tuple(_read_names(question, names, ordinary))


def _read_names(question: str, names: Iterable[str], ordinary: Callable[[str], bool] | None) -> list[tuple[str, int, int]]:
    names = [n for n in names if len(n) > 2]
    low = question.lower()
    found: list[tuple[str, int, int]] = []
    for n in names:  # exact, as whole words (not part of a longer word: "invoices" is not "invoice")
        for m in re.finditer(rf"(?<![\w-]){re.escape(n.lower())}(?![\w-])", low):
            found.append((n, m.start(), m.end()))
    taken = lambda s, e: any(s < fe and fs < e for _, fs, fe in found)  # noqa: E731 - a span already read
    words = _words(question)
    said = {w for w, _, _ in words}
    token_names = _tokens(tuple(names))
    loose: list[tuple[str, int, int]] = []
    for n, toks in token_names.items():
        if not toks or any(f[0] == n for f in found):
            continue
        single = len(toks) == 1
        if single and not (n[:1].isupper() and len(toks[0]) >= MIN_FIRST_NAME):
            continue  # a one-word alias ("routing") is matched exactly only: "routine" is another word
        if not single and sum(t in said for t in toks) < len(toks) - 1:
            continue  # one word off needs all the others said as they are (most names: none of them)
        for i in range(len(words) - len(toks) + 1):
            window = words[i:i + len(toks)]
            edits = [w != t for (w, _, _), t in zip(window, toks)]
            if sum(edits) == 1 and all(one_edit(w, t) and min(len(w), len(t)) >= MIN_FUZZY
                                       for (w, _, _), t, e in zip(window, toks, edits) if e):
                loose.append((n, window[0][1], window[-1][2]))
    for n, toks in token_names.items():  # a telling part of a long name: "photo triage" for damage claim photo triage
        if len(toks) < 3 or sum(t in said for t in toks) < 2 or any(f[0] == n for f in found + loose):
            continue
        others = lambda n=n: [t for m, t in token_names.items() if m != n and not _same(m, n, token_names)]  # noqa: E731 - only read on a hit
        for size in range(len(toks) - 1, 1, -1):
            hit = _part(words, toks, size, others, ordinary)
            if hit:
                loose.append((n, *hit))
                break
    for n, toks in token_names.items():  # one inner word left out: "ML platform licence" for ML platform enterprise licence
        if len(toks) < 3 or sum(t in said for t in toks) < len(toks) - 1 or any(f[0] == n for f in found + loose):
            continue
        for j in range(1, len(toks) - 1):
            hit = _part(words, toks[:j] + toks[j + 1:], len(toks) - 1,
                        lambda n=n: [t for m, t in token_names.items() if m != n], ordinary)
            if hit:
                loose.append((n, *hit))
                break
    for n, s, e in loose:  # a loose match wider than exact ones ("Lena Fisher" over "Lena") takes their place
        inside = [f for f in found if s <= f[1] and f[2] <= e and (f[2] - f[1]) < (e - s)]
        if inside:
            found = [f for f in found if f not in inside]
        if not taken(s, e):
            found.append((n, s, e))
    return found


@lru_cache(maxsize=8)
def _tokens(names: tuple[str, ...]) -> dict[str, list[str]]:
    """Each name's words (the same names are read for every question of a program)."""
    return {n: [w for w, _, _ in _words(n)] for n in names}


def _same(a: str, b: str, token_names: dict[str, list[str]]) -> bool:
    """Two names of one thing as far as words go (one holds the other whole)."""
    x, y = " ".join(token_names[a]), " ".join(token_names[b])
    return f" {x} " in f" {y} " or f" {y} " in f" {x} "


def _part(words, toks: list[str], size: int, others: Callable[[], list[list[str]]], ordinary) -> tuple[int, int] | None:
    """The span of `size` words in a row of a name found in the question, when no other name holds those words."""
    seq = [w for w, _, _ in words]
    for j in range(len(toks) - size + 1):
        part = toks[j:j + size]
        if max(len(t) for t in part) < MIN_FUZZY:
            continue
        # Where the words are in the question first (cheap, rarely true), the other names and the BoK's phrases after.
        at = next((i for i in range(len(seq) - size + 1) if seq[i:i + size] == part), None)
        if at is not None and not any(_holds(o, part) for o in others()) and not (ordinary and ordinary(" ".join(part))):
            return words[at][1], words[at + size - 1][2]
    return None


def _holds(tokens: list[str], part: list[str]) -> bool:
    return any(tokens[i:i + len(part)] == part for i in range(len(tokens) - len(part) + 1))


def without_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with the given spans blanked out."""
    out = list(text)
    for s, e in spans:  # blanked in place, so overlapping spans ("invoice" inside "invoice matching") keep their offsets
        out[s:e] = " " * (e - s)
    return "".join(out)


def called_by_part(question: str, names_of: dict[str, list[str]]) -> list[str]:
    """The things a question calls by a word or two of one of their names ("how ready is the pricing use case"):
    the keys of `names_of` (each thing's names and aliases) with a name holding those words, when only one has."""
    out: list[str] = []
    for m in _CALLED.finditer(question.lower()):
        part = [w for w, _, _ in _words(m.group("part"))]
        if not part or any(w in _NOT_A_NAME_PART for w in part):
            continue
        holders = [key for key, names in names_of.items()
                   if any(len(toks) > len(part) and _holds(toks, part) for toks in ([w for w, _, _ in _words(n)] for n in names))]
        if len(holders) == 1 and holders[0] not in out:
            out.append(holders[0])
    return out
