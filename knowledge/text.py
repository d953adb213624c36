"""Text helpers shared by retrieval and answers: tokens for BM25, stems, sentences."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“(]?[A-Z0-9])|\n+")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|Mr|Ms|Dr|No)\.$", re.I)

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before being below
    between both but by can cannot could did do does doing don't down during each few for from further had has
    have having he her here hers him his how i if in into is isn't it it's its itself just let me more most my
    no nor not now of off on once only or other our ours out over own same she should so some such than that
    the their theirs them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself also may might must shall
    get gets got do does done make makes made use used using ok tell me please know""".split()
)


_MAX_STEMS = 200_000
# Every stem worked out in this process, by word. The index keeps the table of its own words with its snapshot, so a new
# process answering one question reads its passages' stems instead of stemming them again: the same stems, in a dict.
_STEMS: dict[str, str] = {}


@lru_cache(maxsize=1)
def _stemmer():
    # snowballstemmer hands over to PyStemmer (the Snowball project's C build of the same algorithms, a dependency) when
    # it is installed: one extension module, where its pure-Python build imports 36 languages' modules (~12 ms CPU of
    # a cold ask whose question has a word the index's stem table lacks). Stems are equal on 158,675 words
    # (tests/unit/knowledge/test_stemmer.py holds a sample).
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of one lower-case word."""
    found = _STEMS.get(word)
    if found is None:
        found = _stemmer().stemWord(word)
        if len(_STEMS) < _MAX_STEMS:
            _STEMS[word] = found
    return found


def known_stems() -> dict[str, str]:
    """The stems worked out so far, by word (what the index keeps beside its snapshot)."""
    return dict(_STEMS)


def remember_stems(table: dict[str, str]) -> None:
    """Take stems worked out by another process (the Snowball stemmer's own output, so nothing changes but the time)."""
    for word, found in table.items():
        if len(_STEMS) >= _MAX_STEMS:
            break
        _STEMS.setdefault(word, found)


def words(text: str) -> list[str]:
    """Lower-case word tokens, possessives folded ("EATP's" -> "eatp")."""
    return [w.split("'")[0].split("’")[0] for w in _WORD.findall(text.lower())]


def terms(text: str) -> list[str]:
    """Stemmed content terms: the tokens BM25 and overlap scoring use."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping bullets and lines whole and common abbreviations intact."""
    out: list[str] = []
    for part in _SENTENCE.split(text):
        part = part.strip()
        if not part:
            continue
        if out and (_ABBREV.search(out[-1]) or _open_quote(out[-1])):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _open_quote(text: str) -> bool:
    """True while a quotation is still open: a quoted question of two sentences stays one piece."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 use case', '3 use cases': a count with its noun, never '(s)'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
