"""The jargon checker: glossary terms left unexplained in text written for business readers."""

from __future__ import annotations

import gzip
import heapq
import logging
import re
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from knowledge.glossary import Glossary, TermMatch

log = logging.getLogger(__name__)

# After a term (or a run of terms), one of these means the reader is told what it is.
_EXPLAINER = re.compile(
    r"\s*(?:\((?P<paren>[^()]*(?:\([^()]*\)[^()]*)*)\)"
    r"|[\u2014\u2013]\s+\w"
    r"|,\s*(?:i\.e\.|(?:that is|meaning|which means|in other words)\b)"
    r"|:\s+[A-Za-z][\w']*\s+[\w']+\s+[\w']+)"
)
_WORDS = re.compile(r"[A-Za-z]{2,}")
_RUN_GAP = re.compile(r"[ \t\-/]{1,3}")
# A term glued to more word parts ("JIRA-1", "SHAP-based", "IQ/OQ") is explained after the whole compound.
_COMPOUND_TAIL = re.compile(r"(?:[-_/][A-Za-z0-9]+)+")
_LAST_WORD = re.compile(r"[A-Za-z-]+$")
_WHOLE_NUMBER = re.compile(r"\d+")
# A version or model number right after a name belongs with it ("Spark 3.5", "Airflow v2", "PR #1377"): explain after it.
_NUMBER_TAIL = re.compile(r"(?:\s+(?:[vV]?\d[\w.]*|#\d+|[A-Z][A-Za-z]*\d[\w.-]*))+(?![\w.])")  # "PR #1377" too


def run_end(text: str, end: int) -> int:
    """Where a term written at text[..end] ends with what belongs to it: a compound tail ("-based", "/wk") and a
    version or figure right after it ("Spark 3.5", "F1 0.93")."""
    m = _COMPOUND_TAIL.match(text, end)
    end = m.end() if m else end
    m = _NUMBER_TAIL.match(text, end)
    if m is None:
        return end
    # A whole number after a lower-case word is what the word acts on, not its version: "spot-checking 50 a day".
    word = _LAST_WORD.search(text, 0, end)
    if word and word.group().islower() and _WHOLE_NUMBER.fullmatch(m.group().strip()):
        return end
    return m.end()


class JargonHit(BaseModel):
    """A glossary term used without an explanation the reader can see."""

    model_config = ConfigDict(extra="forbid")

    term: str
    surface: str
    start: int
    end: int
    plain: str


def _runs(text: str, matches: list["TermMatch"]) -> list[list["TermMatch"]]:
    """Group terms written side by side ("Airflow DAG") so one bracket can explain them all."""
    runs: list[list[TermMatch]] = []
    for m in matches:
        if runs and _RUN_GAP.fullmatch(text, runs[-1][-1].end, m.start):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _explained_after(text: str, end: int) -> bool:
    m = _EXPLAINER.match(text, end)
    if m is None:
        return False
    paren = m.group("paren")
    # "(CHG-8812)" after a term is a reference, not an explanation: ask for at least two words.
    return paren is None or len(_WORDS.findall(paren)) >= 2


def find_unexplained(text: str, glossary: "Glossary") -> list[JargonHit]:
    """Glossary terms in the text that are never explained: not followed by a bracket, dash or "i.e." gloss.

    A term explained once counts as explained for the rest of the text.
    """
    hits: list[JargonHit] = []
    explained: set[str] = set()
    for run in _runs(text, glossary.find(text)):
        end = run_end(text, run[-1].end)
        if _explained_after(text, end):
            explained.update(m.entry.term for m in run)
            continue
        for m in run:
            if m.entry.term in explained:
                continue
            if _explained_in_run(text, m.surface, end, names=False):
                explained.add(m.entry.term)  # "the IQ/OQ scripts (IQ/OQ: ...; scripts: ...)": the bracket names it
                continue
            hits.append(JargonHit(term=m.entry.term, surface=m.surface, start=m.start, end=m.end, plain=m.entry.plain))
    # A later explanation does not excuse an earlier bare use: the reader met it first.
    return hits


def explain(text: str, glossary: "Glossary", done: set[str] | None = None) -> str:
    """The text with a bracketed plain meaning after the first unexplained use of each term.

    `done` holds the terms a longer document has explained already; it is updated, so each is explained once.
    """
    if not text:
        return text
    pieces: list[str] = []
    last = 0
    done = set() if done is None else done
    for run in _runs(text, glossary.find(text)):
        if _explained_after(text, run_end(text, run[-1].end)):
            done.update(m.entry.term for m in run)
            continue
        todo = [m for m in run if m.entry.term not in done]
        if not todo:
            continue
        done.update(m.entry.term for m in todo)
        if len(todo) == 1:
            gloss = todo[0].entry.plain
        else:
            gloss = "; ".join(f"{m.surface}: {m.entry.plain}" for m in todo)
        end = run_end(text, run[-1].end)
        pieces.append(text[last:end])
        # Already in brackets, as in "reports (SHAP)": explain inside them rather than nest another pair.
        pieces.append(f": {gloss}" if text.startswith(")", end) else f" ({gloss})")
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


_DETERMINERS = {
    "the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "his", "her", "your", "my", "each",
    "every", "any", "no", "some", "another", "which", "whose",
}
_PREV_WORD = re.compile(r"([A-Za-z]+)\s+$")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_DETERMINED = re.compile(r"\b(?:" + "|".join(sorted(_DETERMINERS)) + r")\s+(?:[\w-]+\s+){0,2}$", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")
# A second term that is a measure or a fault of the first reads "latency of the feature store".
_PROPERTY_CATS = {"quality gap", "performance gap", "incident"}
# Terms that describe rather than name: they stay before the next term instead of becoming "X of the Y".
_MODIFIERS = {"flaky", "hard-coded", "deprecated", "idempotent", "degraded", "stale data", "multi-tenant", "event-driven",
              "serverless", "on-prem", "real-time scoring", "denormalised", "imbalanced data", "synthetic data"}


def _wording(m: "TermMatch") -> str:
    if m.entry.kind == "name" and m.entry.domain == "org":
        # The organisation's own systems keep their names (people meet them at work); the bracket says what they are.
        return f"{m.surface} ({m.entry.plain})"
    phrase = m.entry.plain_for(m.surface)
    return phrase + "'s" if m.surface.lower().endswith("'s") and not phrase.endswith("'s") else phrase


def plain_rewrite(text: str, glossary: "Glossary") -> str:
    """The text with every glossary term replaced by plain wording, so no jargon is left for the reader.

    A tool name written before a term reads as where the thing lives ("Airflow DAG" becomes "chain of data
    jobs in the job scheduler"); articles and capitals are kept right around the new words.
    """
    matches = glossary.find(text)
    if not matches:
        return text
    out: list[str] = []
    last = 0
    i = 0
    while i < len(matches):
        m = matches[i]
        start, end = m.start, m.end
        phrase = _wording(m)
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if (
            nxt is not None
            and m.entry.domain != "org"
            and nxt.entry.kind == "term"
            and (m.entry.kind == "name" or nxt.entry.cat in _PROPERTY_CATS)
            and m.entry.term not in _MODIFIERS
            and nxt.entry.term not in _MODIFIERS
            and re.fullmatch(r"[ \t]+", text[m.end : nxt.start])
        ):
            # "Airflow DAG" -> "chain of data jobs in the job scheduler"; "model precision" -> "... of the model"
            joint = "in" if m.entry.kind == "name" else "of"
            phrase = f"{_ARTICLE.sub('', _wording(nxt))} {joint} the {_ARTICLE.sub('', phrase)}"
            end = nxt.end
            i += 1
        before = text[last:start]
        prev = _PREV_WORD.search(text, 0, start)
        if _DETERMINED.search(text, 0, start):  # "an unoptimized dbt model": the sentence already has its article
            phrase = _ARTICLE.sub("", phrase)
        if prev and prev.group(1).lower() in _DETERMINERS:
            if prev.group(1).lower() in {"a", "an"} and prev.end() - len(prev.group(0)) >= last:
                article = "an" if phrase[:1].lower() in "aeiou" else "a"
                cut = len(before) - len(prev.group(0))
                cased = article.capitalize() if prev.group(1)[0].isupper() else article
                before = before[:cut] + cased + " "
        if prev and prev.start() >= last and phrase.split(" ", 1)[0].lower() == prev.group(1).lower():
            # "live serving" -> "live" rather than "live live": the word already written is the swap's first word.
            rest = phrase.split(" ", 1)[1] if " " in phrase else ""
            if rest:
                phrase = rest
            else:
                before = before.rstrip()
                phrase = ""
        if _SENTENCE_START.search(text, 0, start) and m.entry.domain != "org":
            phrase = phrase[:1].upper() + phrase[1:]
        out.append(before)
        out.append(phrase)
        last = end
        i += 1
    out.append(text[last:])
    return "".join(out)


def plain_where_needed(text: str, glossary: "Glossary") -> str:
    """The text as written when every term in it is explained; else `plain_rewrite` of it."""
    return plain_rewrite(text, glossary) if find_unexplained(text, glossary) else text


# Words built like technical names: acronyms ("CMDB", "WERs"), inner capitals ("IDoc", "GitOps"), snake_case and
# letters run into digits ("s3fs"). An exact rule over the word's shape, for terms the glossary does not know yet.
_TECH_SHAPE = re.compile(r"\b(?:[A-Z]{2,}s?|[A-Za-z]+[a-z][A-Z][A-Za-z]*|[a-z]+_[a-z0-9_]+|[A-Za-z]+\d+[A-Za-z]+\w*)\b(?!-\d)")
# Capitals that are plain words or the bot's own abbreviations of time and place, not technical names.
_PLAIN_CAPS = {"I", "OK", "FYI", "AM", "PM", "UK", "US", "EU", "USA", "CEO", "CFO", "COO", "HR", "IT", "AI",
               "EUR", "USD", "GBP", "CHF"}  # currency codes are read on every invoice


# Lower-case words of four letters or more, whole or as one part of a hyphenated compound ("crash-loop").
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]{4,}(?:-[a-z]+)*(?![\w-])")
# British spellings the (American) word list writes otherwise: "optimisation" is as plain as "optimization".
_BRITISH = ((re.compile(r"is(e|ed|es|ing|er|ers|ation|ations)$"), r"iz\1"), (re.compile(r"our(s|ed|ing)?$"), r"or\1"),
            (re.compile(r"tre(s?)$"), r"ter\1"), (re.compile(r"mme(s?)$"), r"m\1"), (re.compile(r"yse(s|d)?$"), r"yze\1"),
            (re.compile(r"ogue(s?)$"), r"og\1"), (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"))


_JSON_KEY = re.compile(r'"([^"\\]+)":')

# Plain English builds words the list may not hold ("reprioritised", "reputational"): its stem then decides.
_PREFIXES = ("re", "un", "de", "pre", "non", "over", "under", "mis")
_SUFFIXES = (("al", ""), ("s", ""), ("ly", ""), ("ally", ""), ("ness", ""), ("ment", ""), ("ments", ""))


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The English word list that ships with pyspellchecker (160,000 words with their inflections), lower-case.

    An exact vocabulary: a word absent from it, and from the glossary, is one a business reader may not know.
    Empty (and the vocabulary rule off) where the package is not installed.
    """
    try:
        resource = files("spellchecker") / "resources" / "en.json.gz"
        with resource.open("rb") as raw, gzip.open(raw) as fh:
            text = fh.read().decode("utf-8")
        # Only the keys are needed: reading them with one pattern is ten times quicker than parsing the counts.
        return frozenset(_JSON_KEY.findall(text))
    except (ModuleNotFoundError, FileNotFoundError, OSError, UnicodeDecodeError):  # pragma: no cover - depends on the install
        log.warning("pyspellchecker's English word list is not installed: unknown words are found by shape only")
        return frozenset()


_JSON_COUNT = re.compile(r'"([a-z]+)": (\d+)')
# Only counts of four digits or more are read first: the list's 5,000th word is met thousands of times, so the top
# COMMON_RANK are among them, and reading 20,000 counts instead of 128,000 saves most of the first use's time.
_JSON_COUNT_BIG = re.compile(r'"([a-z]+)": (\d{4,})')
COMMON_RANK = 5000  # the everyday core of English: the words met most often in the list's own counts


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The COMMON_RANK most frequent lower-case words of the same list, by the counts it ships with (empty without it)."""
    try:
        resource = files("spellchecker") / "resources" / "en.json.gz"
        with resource.open("rb") as raw, gzip.open(raw) as fh:
            text = fh.read().decode("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError, UnicodeDecodeError):  # pragma: no cover - depends on the install
        return frozenset()
    big = _JSON_COUNT_BIG.findall(text)
    pairs = big if len(big) >= COMMON_RANK else _JSON_COUNT.findall(text)  # a shorter list: read every count
    return frozenset(w for _, w in heapq.nlargest(COMMON_RANK, ((int(n), w) for w, n in pairs)))


@lru_cache(maxsize=65_536)  # the same words come back update after update; each costs seven rewrites and lookups
def is_english(word: str) -> bool:
    """True when the word (or each part of a hyphenated one) is in the English word list, British spellings too."""
    words = english_words()
    if not words:
        return True  # no list, no claim: the shape rule alone decides
    return all(_known(part, words) for part in word.lower().split("-"))


def _known(word: str, words: frozenset[str]) -> bool:
    """The word, its American spelling, or its stem under a plain prefix or suffix is in the list."""
    forms = {word} | {rx.sub(to, word) for rx, to in _BRITISH}
    forms |= {f[len(p):] for f in forms for p in _PREFIXES if f.startswith(p) and len(f) - len(p) >= 4}
    forms |= {f[: -len(x)] + y for f in forms for x, y in _SUFFIXES if f.endswith(x) and len(f) - len(x) >= 4}
    return any(f in words for f in forms)


def is_technical_shape(word: str) -> bool:
    """True when the word alone is built like a technical name (and is not a plain capital such as "HR")."""
    return word not in _PLAIN_CAPS and _TECH_SHAPE.fullmatch(word) is not None


_RUN_WORD = re.compile(r"[ \t\-/]{1,3}([A-Za-z][\w]*(?:-[A-Za-z0-9]+)*)")
_RUN_WORDS = 4


def _explained_in_run(text: str, word: str, end: int, *, names: bool = True) -> bool:
    """True when one bracket after the words written side by side with it explains the word.

    Names side by side ("OSIsoft PI", "Guidewire ClaimCenter") are one name, explained by the bracket after them
    (only with `names`); a bracket after a longer run ("the OSIsoft PI connector (OSIsoft PI: ...; connector: ...)")
    explains the word only when it names it, the word then a colon, as the composer writes it.
    """
    names_only = names
    for _ in range(_RUN_WORDS):
        m = _RUN_WORD.match(text, end)
        if m is None:
            return False
        nxt = m.group(1)
        names_only = names_only and (nxt[:1].isupper() or is_technical_shape(nxt))
        end = m.end()
        if _explained_after(text, end):
            paren = _EXPLAINER.match(text, end).group("paren") or ""
            named = [e.split(":", 1)[0] for e in paren.split("; ") if ":" in e]  # "IQ/OQ: ...; scripts: ..."
            return names_only or any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", n) for n in named)
    return False


def unknown_technical_words(text: str, glossary: "Glossary", *, vocabulary: bool = True) -> list[str]:
    """Technical words the glossary does not know and nothing explains, in order.

    Two exact rules: the word's shape (acronyms, inner capitals, snake_case, letters run into digits) and the
    vocabulary (a lower-case word absent from the English word list, such as "telematics" or "summariser").
    Capitalised words outside those shapes are names (people, places, products) and count as facts, not here.
    `vocabulary=False` applies the shape rule alone (the measure as it was before the word list).
    """
    known = [(m.start, m.end) for m in glossary.find(text)] + glossary.protected(text)  # names keep their words
    found: list[tuple[int, str]] = []
    for m in _TECH_SHAPE.finditer(text):
        if m.group() not in _PLAIN_CAPS:
            found.append((m.start(), m.group()))
    for m in _LOWER_WORD.finditer(text) if vocabulary else ():
        if not is_english(m.group()):
            found.append((m.start(), m.group()))
    out: list[str] = []
    for start, word in sorted(found):
        if any(a <= start < b for a, b in known) or _explained_after(text, run_end(text, start + len(word))) \
                or _explained_in_run(text, word, start + len(word)):
            continue
        if word not in out:
            out.append(word)
    return out
