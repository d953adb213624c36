"""The glossary of technical terms: plain meanings, business implications, and fast matching in text."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Literal, NamedTuple, Sequence

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import ConfigError, NotFoundError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

SHIPPED_DIR = Path(__file__).parent / "glossary"

Domain = Literal["data", "ml", "mlops", "platform", "delivery", "governance", "tools", "org"]

# Tokens: letters and digits, kept whole across inner dots and apostrophes ("v2.3", "node.js", "won't").
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['.][A-Za-z0-9]+)*")
# What may sit between the words of one term: spaces, hyphens, slashes, underscores.
_JOINABLE_GAP = re.compile(r"[ \t\-/_]{0,3}")
_END = "\0"
_ID_TAIL = re.compile(r"-\d")

# Part of speech where grammar settles it (exact): a word after a modal, a form of "do" or a subject pronoun, or
# written with a verb ending the term lacks, is a verb; after an article, a possessive or a number it is a noun.
_VERB_BEFORE = frozenset({"will", "would", "can", "could", "should", "may", "might", "must", "shall", "do", "does",
                          "did", "don't", "doesn't", "didn't", "won't", "can't", "cannot", "it", "he", "she", "they",
                          "we", "i", "you", "slowly", "quickly", "gradually"})
_NOUN_BEFORE = frozenset({"a", "an", "the", "this", "these", "those", "our", "their", "its", "his", "her", "your", "my",
                          "each", "every", "any", "no", "some", "more", "less", "much", "of"})
# A verb's particle or manner word right after it ("drifts upward", "drifted slowly"): a plural noun is not followed so.
_VERB_AFTER = frozenset({"up", "down", "upward", "upwards", "downward", "downwards", "away", "apart", "off", "back",
                         "toward", "towards", "further", "again", "around"})

try:  # the C loader is several times faster; fall back to pure Python where libyaml is absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


PartOfSpeech = Literal["noun", "verb"]


class Sense(BaseModel):
    """Another meaning of a term ("CSV": a table file, or the validation of a regulated computer system)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    plain: str = Field(min_length=3)
    impl: str = ""
    pos: PartOfSpeech | None = Field(None, description="The part of speech this meaning is used as, where it is one.")
    where: str = Field("", description="The setting this meaning belongs to, in a few words; read by meaning only.")
    cat: str | None = None
    stage: str | None = None
    kind: Literal["term", "name", "word"] = Field(
        "term", description='"word": in this meaning it is everyday English, so nothing explains or replaces it.')
    swap: dict[str, str] = Field(default_factory=dict)


class GlossaryEntry(BaseModel):
    """One technical term with its plain meaning and what it usually means for the business."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(min_length=1)
    aka: tuple[str, ...] = ()
    plain: str = Field(min_length=3, description="A short gloss that reads well in brackets after the term.")
    impl: str = Field("", description="Typical business implication, one sentence.")
    domain: Domain = "org"
    cat: str | None = Field(None, description="Translation category this term hints at.")
    stage: str | None = Field(None, description="Use-case stage this term hints at.")
    kind: Literal["term", "name", "word"] = Field(
        "term", description='"word" only for a sense read as everyday English (see Sense.kind); such a match is dropped.')
    exact: bool = Field(False, description="Match only with the capitalisation given (for names that are also words).")
    swap: dict[str, str] = Field(
        default_factory=dict, description='Drop-in plain wording by written form (lower-case); "*" for any form.'
    )
    pos: PartOfSpeech | None = Field(None, description="The part of speech of this (first) meaning, where it is one.")
    where: str = Field("", description="The setting the first meaning belongs to, in a few words; read by meaning only.")
    senses: tuple[Sense, ...] = Field((), description="Other meanings of the same written forms.")
    reads: bool = Field(True, description="Whether the understanding model reads the term in its plain wording (an "
                        "explain-only entry, False, is explained to the reader but leaves the model's reading as written).")

    @property
    def pillar(self) -> str:
        """The COMPEL pillar this term belongs to."""
        return "governance" if self.domain == "governance" else "technology"

    def readings(self) -> tuple["GlossaryEntry", ...]:
        """The entry as each of its meanings (itself first); one entry for a term with a single meaning."""
        if not self.senses:
            return (self,)
        return (self.model_copy(update={"senses": ()}), *(self.model_copy(update={
            "plain": s.plain, "impl": s.impl, "pos": s.pos, "where": s.where, "cat": s.cat, "stage": s.stage,
            "kind": s.kind, "swap": dict(s.swap), "senses": ()}) for s in self.senses))

    def meaning_text(self) -> str:
        """What the meaning is about, in words, to compare with the update a term stands in."""
        return ". ".join(t for t in (self.plain, self.impl, self.where) if t)

    def surfaces(self) -> tuple[str, ...]:
        """Every written form: the term and its aliases."""
        return (self.term, *self.aka)

    def plain_for(self, surface: str) -> str:
        """Wording that can stand in the term's place in a sentence, for this written form."""
        low = surface.lower()
        if low.endswith("'s"):
            low = low[:-2]
        return self.swap.get(low) or self.swap.get("*") or self.plain


class TermMatch(NamedTuple):
    """A glossary term found in a text, with its character span."""

    entry: GlossaryEntry
    start: int
    end: int
    surface: str


class _FileShape(BaseModel):
    model_config = ConfigDict(extra="forbid")

    domain: Domain = "org"
    reads: bool = True  # the file's entries' default for GlossaryEntry.reads
    entries: list[dict] = Field(default_factory=list)
    swaps: dict[str, str | dict[str, str]] = Field(default_factory=dict)


@lru_cache(maxsize=65536)
def normalise_token(token: str) -> str:
    """Lower-case a word and drop a plural or possessive ending, so "pipelines" meets "pipeline"."""
    tok = token.lower().replace("\u2019", "'")
    if tok.endswith("'s"):
        tok = tok[:-2]
    if len(tok) > 4 and tok.endswith("ies"):
        return tok[:-3] + "y"
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith(("ss", "us", "is")):
        return tok[:-1]
    return tok


def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _in_acronym_compound(tokens: list[re.Match], i: int, j: int, text: str) -> bool:
    """True when an abbreviation is hyphenated to another ("PR-AUC", "ROC-AUC"): the pair names a different thing."""
    if not (i == j and _is_acronym(tokens[i].group())):
        return False
    before = i > 0 and text[tokens[i - 1].end():tokens[i].start()] == "-" and _is_acronym(tokens[i - 1].group())
    after = j + 1 < len(tokens) and text[tokens[j].end():tokens[j + 1].start()] == "-" and _is_acronym(tokens[j + 1].group())
    return before or after


@lru_cache(maxsize=65536)
def _token_keys(token: str) -> tuple[str, ...]:
    """Keys a word of running text can match: exact-case forms first, then the normalised form."""
    keys = ["=" + token]
    if token.endswith("s") and _is_acronym(token[:-1]):  # SLAs, PRs, DAGs
        keys.append("=" + token[:-1])
    if token.endswith("'s"):
        keys.append("=" + token[:-2])
    keys.append(normalise_token(token))
    return tuple(keys)


class Glossary:
    """A set of glossary entries with one precompiled token trie for matching them in text."""

    def __init__(self, entries: list[GlossaryEntry]) -> None:
        by_term: dict[str, GlossaryEntry] = {}
        for entry in entries:  # later entries (an organisation's own) replace shipped ones of the same name
            by_term[entry.term.lower()] = entry
        self.entries: list[GlossaryEntry] = list(by_term.values())
        self._by_term = by_term
        self.conflicts: list[tuple[str, str, str]] = []
        self._trie: dict = {}
        # Terms with several meanings, each meaning as an entry; a view made for one update picks among them.
        self._readings: dict[str, tuple[GlossaryEntry, ...]] = {
            e.term: e.readings() for e in self.entries if e.senses}
        self._chosen: dict[str, int] = {}
        self._meaning_vectors: dict[str, object] = {}
        self._views: dict[tuple, "Glossary"] = {}  # views by (names, chosen meanings), so their recent answers are kept
        for entry in self.entries:
            for surface in entry.surfaces():
                self._add(surface, entry)
        # Business texts repeat (templates, option lists): remember recent answers.
        self._recent = lru_cache(maxsize=4096)(self._find)

    def for_reading(self) -> "Glossary":
        """The glossary the understanding model reads clauses with: the entries it reads in plain words
        (GlossaryEntry.reads); the explain-only ones stay as written for it. Made once per glossary (it is asked for
        every clause the model reads)."""
        reading = self.__dict__.get("_reading_glossary")
        if reading is None:
            reading = self if all(e.reads for e in self.entries) else Glossary([e for e in self.entries if e.reads])
            self._reading_glossary = reading
        return reading

    def __getstate__(self) -> dict:
        # The recent-answers cache is a bound wrapper; it is made anew (empty) on load (knowledge/glossary_cache.py).
        return {k: ({} if k in ("_meaning_vectors", "_views") else v) for k, v in self.__dict__.items()
                if k not in ("_recent", "_reading_glossary", "_reading_view")}  # the reading glossary is made again on first use

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._recent = lru_cache(maxsize=4096)(self._find)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, term: str) -> bool:
        return term.lower() in self._by_term

    def get(self, term: str) -> GlossaryEntry | None:
        """The entry for a term or alias as written, or None."""
        entry = self._by_term.get(term.lower())
        if entry is not None:
            return entry
        found = self.find(term)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(term.strip()):
            return found[0].entry
        return None

    def _alias_paths(self, surface: str, entry: GlossaryEntry) -> list[list[str]]:
        tokens = _TOKEN.findall(surface)
        if not tokens:
            return []
        path = ["=" + t if (entry.exact or _is_acronym(t)) else normalise_token(t) for t in tokens]
        paths = [path]
        if len(tokens) == 2 and not any(p.startswith("=") for p in path):
            paths.append([normalise_token(tokens[0] + tokens[1])])  # "roll back" also as "rollback"
        return paths

    def _add(self, surface: str, entry: GlossaryEntry) -> None:
        for path in self._alias_paths(surface, entry):
            node = self._trie
            for key in path:
                node = node.setdefault(key, {})
            old = node.get(_END)
            if old is not None and old.term != entry.term:
                self.conflicts.append((surface, old.term, entry.term))
            node[_END] = entry

    def find(self, text: str) -> list[TermMatch]:
        """Every glossary term in the text, longest match first, never overlapping."""
        return list(self._recent(text))

    def _find(self, text: str) -> tuple[TermMatch, ...]:
        tokens = list(_TOKEN.finditer(text))
        if not tokens:
            return ()
        keys = [_token_keys(m.group()) for m in tokens]
        joinable = [False] + [
            _JOINABLE_GAP.fullmatch(text, tokens[i - 1].end(), tokens[i].start()) is not None
            for i in range(1, len(tokens))
        ]
        out: list[TermMatch] = []
        i, n = 0, len(tokens)
        while i < n:
            best = self._longest(keys, joinable, i, n)
            if best is None:
                i += 1
                continue
            j, entry = best
            start, end = tokens[i].start(), tokens[j].end()
            # "JIRA-1", "PR-123" are ids, and "PR-AUC" is another term, not the ones they start with.
            if not _ID_TAIL.match(text, end) and not _in_acronym_compound(tokens, i, j, text):
                if entry.term in self._readings:
                    entry = self._reading(entry, tokens, i, j)
                if entry.kind != "word":
                    out.append(TermMatch(entry, start, end, text[start:end]))
            i = j + 1
        return tuple(out)

    def _candidates(self, entry: GlossaryEntry, tokens: list[re.Match], i: int, j: int) -> tuple[GlossaryEntry, ...]:
        """The meanings of a term its grammar allows here: all of them unless the part of speech is exact."""
        readings = self._readings[entry.term]
        named = {r.kind == "name" for r in readings}
        if len(named) == 2 and i > 0 and tokens[i].group()[:1].isupper() and not _SENTENCE_END.search(_between(tokens, i)):
            # A capital inside a sentence is exact: "Airflow" there names the product. A lower-case one is left to
            # meaning, as engineers often write tool names in lower case ("the airflow job").
            readings = tuple(r for r in readings if r.kind == "name") or readings
        if len({r.pos for r in readings}) < 2:
            return readings
        pos = _part_of_speech(tokens, i, j, entry)
        # A verb is a marked form (see _part_of_speech): where grammar does not say "verb", a verb meaning is not read.
        allowed = tuple(r for r in readings if r.pos in ((pos, None) if pos else ("noun", None)))
        return allowed or readings

    def _reading(self, entry: GlossaryEntry, tokens: list[re.Match], i: int, j: int) -> GlossaryEntry:
        """The meaning of a term in one place: the only one its grammar allows, else the one chosen for the update
        (Glossary.in_context), else the first."""
        allowed = self._candidates(entry, tokens, i, j)
        chosen = self._chosen.get(entry.term)
        readings = self._readings[entry.term]
        if chosen is not None and readings[chosen] in allowed:
            return readings[chosen]
        return allowed[0]

    def in_context(self, text: str, embed: "Callable[[Sequence[str]], object] | None") -> "Glossary":
        """The glossary for one update: each term with several meanings read as the meaning nearest the update.

        The part of speech decides first where grammar makes it exact; among the meanings left, the one whose
        wording (gloss, implication, setting) is nearest the update by the encoder `embed` is chosen. The
        meanings' vectors are kept for the process. With no such term in the text, the glossary itself.
        """
        if not self._readings or embed is None:
            return self
        tokens = list(_TOKEN.finditer(text))
        chosen: dict[str, int] = {}
        for m in Glossary._find(self, text):
            term = m.entry.term
            if term not in self._readings or term in chosen:
                continue
            i = next(k for k, t in enumerate(tokens) if t.start() == m.start)
            j = next(k for k, t in enumerate(tokens) if t.end() == m.end)
            allowed = self._candidates(self._readings[term][0], tokens, i, j)
            if len(allowed) < 2:
                continue
            chosen[term] = self._readings[term].index(self._nearest(text, allowed, embed))
        if not chosen:
            return self
        names = getattr(self, "names", ())
        key = (names, tuple(sorted(chosen.items())))
        view = self._views.get(key)
        if view is None:
            if len(self._views) >= 256:
                self._views.clear()
            view = self._views[key] = _View(self, names, chosen)
        return view

    def _nearest(self, text: str, allowed: tuple[GlossaryEntry, ...], embed) -> GlossaryEntry:
        """The meaning nearest the whole update (a stand-up line's other sentences often say which meaning it is)."""
        import numpy as np

        todo = [r.meaning_text() for r in allowed if r.meaning_text() not in self._meaning_vectors]
        if todo:
            self._meaning_vectors.update(zip(todo, _unit(embed(todo))))
        here = _unit(embed([text]))[0]
        meanings = np.stack([self._meaning_vectors[r.meaning_text()] for r in allowed])
        return allowed[int(np.argmax(meanings @ here))]

    def protecting(self, names: "Iterable[str]") -> "Glossary":
        """The same glossary, blind inside the given names: a term written inside a record's, use case's or person's
        name ("Delivery ETA prediction") is part of that name, so no rewording, bracket or jargon check touches it.

        Names match whole, case-insensitively, with or without a possessive "'s"; the entries and the matching trie
        are shared, not copied. With no names, the glossary itself.
        """
        names = tuple(sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True))
        return _View(self, names, self._chosen) if names else self

    def protected(self, text: str) -> list[tuple[int, int]]:
        """The spans of the text that are protected names (see `protecting`): no term or unknown word inside them."""
        return []

    def _longest(self, keys: list, joinable: list[bool], i: int, n: int) -> tuple[int, GlossaryEntry] | None:
        best: tuple[int, GlossaryEntry] | None = None
        stack = [(self._trie, i)]
        while stack:
            node, j = stack.pop()
            if j >= n or (j > i and not joinable[j]):
                continue
            for key in keys[j]:
                child = node.get(key)
                if child is None:
                    continue
                if _END in child and (best is None or j > best[0]):
                    best = (j, child[_END])
                if len(child) > (1 if _END in child else 0):
                    stack.append((child, j + 1))
        return best


class _View(Glossary):
    """A glossary view for one program or update: matches never fall inside a protected name (Glossary.protecting),
    and terms with several meanings read as the meaning chosen for the update (Glossary.in_context)."""

    def __init__(self, base: Glossary, names: tuple[str, ...], chosen: dict[str, int]) -> None:  # noqa: D107 - shares the base's state
        self.__dict__.update({k: v for k, v in base.__dict__.items() if k not in ("_recent", "_reading_view")})
        self.names = names
        self._chosen = chosen
        self._names = (re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?:'s)?(?![\w-])", re.I)
                       if names else None)
        self._recent = lru_cache(maxsize=4096)(self._find)

    def protecting(self, names: "Iterable[str]") -> Glossary:
        more = {n.strip() for n in names if n and n.strip()}
        return _View(self, tuple(sorted({*self.names, *more}, key=len, reverse=True)), self._chosen) if more else self

    def protected(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self._names.finditer(text)] if self._names is not None else []

    def for_reading(self) -> Glossary:
        """The base's reading glossary, with this view's protected names and chosen meanings (made once per view)."""
        view = self.__dict__.get("_reading_view")
        if view is None:
            reading = Glossary.for_reading(self)  # the base's when it had one, shared through the copied state
            view = self if len(reading.entries) == len(self.entries) else _View(reading, self.names, self._chosen)
            self._reading_view = view
        return view

    def _find(self, text: str) -> tuple[TermMatch, ...]:
        found = Glossary._find(self, text)
        if self._names is None or not found:
            return found
        spans = [m.span() for m in self._names.finditer(text)]
        return tuple(m for m in found if not any(a < m.end and m.start < b for a, b in spans)) if spans else found


def _part_of_speech(tokens: list[re.Match], i: int, j: int, entry: GlossaryEntry) -> PartOfSpeech | None:
    """"verb" or "noun" where the words around a term settle it (see _VERB_BEFORE), else None."""
    word = tokens[j].group().lower()
    if word.endswith(("ed", "ing")) and not entry.term.lower().endswith(("ed", "ing")):
        return "verb"
    before = tokens[i - 1].group().lower().replace("\u2019", "'") if i > 0 else ""
    if before in _NOUN_BEFORE or before.isdigit() or before.endswith("'s"):
        return "noun"
    if before in _VERB_BEFORE:
        return "verb"
    after = tokens[j + 1].group().lower() if j + 1 < len(tokens) else ""
    if word.endswith("s") and (after in _VERB_AFTER or (len(after) > 4 and after.endswith("ly"))):
        return "verb"
    return None


def _between(tokens: list[re.Match], i: int) -> str:
    """The characters between a token and the one before it."""
    prev, this = tokens[i - 1], tokens[i]
    return prev.string[prev.end():this.start()]


def _unit(vectors: object) -> "np.ndarray":
    import numpy as np

    v = np.asarray(vectors, dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)


_SENTENCE_END = re.compile(r"[.!?;]\s+|\n")


def _read_file(path: Path) -> tuple[list[GlossaryEntry], dict[str, dict[str, str]]]:
    """Entries and swaps of one glossary YAML file; a bad entry names the file, the entry and the field."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as exc:
        raise ConfigError(f"Cannot read glossary file {path} ({exc.strerror}). Fix the path in COMPEL_GLOSSARY.") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"Glossary file {path} is not valid YAML ({exc.__class__.__name__}). Fix the file.") from None
    if isinstance(raw, list):
        raw = {"entries": raw}
    try:
        shape = _FileShape.model_validate(raw)
    except ValidationError:
        raise ConfigError(
            f"Glossary file {path} must hold `entries:` (a list of term, plain, ...), optionally `domain:` and `swaps:`. Fix the file."
        ) from None
    entries = []
    for n, item in enumerate(shape.entries, 1):
        try:
            entries.append(GlossaryEntry.model_validate({"domain": shape.domain, "reads": shape.reads, **item}))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "?"
            term = item.get("term", "?") if isinstance(item, dict) else "?"
            raise ConfigError(
                f"Glossary file {path}, entry {n} (term {term!r}): field {field!r}: {err['msg']}. Fix the entry."
            ) from None
    swaps = {
        term: {k.lower(): v for k, v in (value.items() if isinstance(value, dict) else [("*", value)])}
        for term, value in shape.swaps.items()
    }
    return entries, swaps


def _with_swaps(entries: list[GlossaryEntry], swaps: dict[str, dict[str, str]], where: str) -> list[GlossaryEntry]:
    """Attach drop-in wordings to their entries; a swap for an unknown term is an error, not a silent no-op."""
    index = {e.term.lower(): i for i, e in enumerate(entries)}
    out = list(entries)
    for term, swap in swaps.items():
        i = index.get(term.lower())
        if i is None:
            raise ConfigError(f"Glossary swaps in {where} name the unknown term {term!r}. Add the term or fix the name.")
        out[i] = out[i].model_copy(update={"swap": {**out[i].swap, **swap}})
    return out


@lru_cache(maxsize=1)
def _shipped() -> tuple[GlossaryEntry, ...]:
    entries: list[GlossaryEntry] = []
    swaps: dict[str, dict[str, str]] = {}
    for path in sorted(SHIPPED_DIR.glob("*.yaml")):
        found, more = _read_file(path)
        entries.extend(found)
        swaps.update(more)
    return tuple(_with_swaps(entries, swaps, str(SHIPPED_DIR)))


@lru_cache(maxsize=8)
def _cached(extra: str | None, mtime: float) -> Glossary:
    entries = list(_shipped())
    if extra:
        found, swaps = _read_file(Path(extra))
        entries = _with_swaps(entries + found, swaps, extra)
    glossary = Glossary(entries)
    log.debug("glossary: %d entries (%s)", len(glossary), extra or "shipped only")
    return glossary


def load_glossary(extra: Path | str | None = None) -> Glossary:
    """The shipped glossary, merged with an organisation's own file (its entries win on the same term)."""
    if extra is None:
        return _cached(None, 0.0)
    path = Path(extra).expanduser()
    if not path.is_file():
        raise NotFoundError(f"Glossary file {path} does not exist. Fix COMPEL_GLOSSARY or unset it to use the shipped glossary.")
    return _cached(str(path.resolve()), path.stat().st_mtime)
