"""Is a question about the program's state (its records answer it) or about the method (the BoK answers it)?

Meaning decides, learnt from a bank of labelled example questions (bot/answer/intents.yaml) in the embedding
space: a class-balanced ridge regression routes program vs BoK, with three exact cues as extra features (a use
case's or a person's name from the records in the question, loosely spelt too; "our", "we", "this sprint"; "which"
or "how many" before a record kind's noun), and a ridge regression picks the program topic from the embedding and the
question's terms, the records' names taken out; a close or high-scoring runner-up topic is answered too. Both are fitted in NumPy when first needed (a few ms on ~150 examples) and kept on disk with the bank's vectors.
benchmarks/bench_intent.py cross-validates them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from bot.answer.names import find_names, without_spans
from knowledge.text import terms

log = logging.getLogger(__name__)

# libyaml's loader when present: the pure-Python one costs ~30 ms of a cold ask for the same data
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BANK = Path(__file__).with_name("intents.yaml")
BOK = "bok"
MARGIN = 0.1  # the program side's score must exceed it: the per-fold procedure's pick (best balanced routing) on the
# whole bank's 5-fold out-of-fold scores (bench_intent.py; the folds pick +0.10 to +0.25)
ROUTE_L2 = 0.3  # ridge penalty of the router (chosen by 5-fold CV over 0.1-3)
TOPIC_L2 = 1.0  # ridge penalty of the topic model (chosen by 5-fold CV over 0.3-3)
CLOSE = 0.05  # a runner-up topic this close to the best is answered too (bench_intent.py, CV; own program sets)
FLOOR = 0.35  # ... and one scoring this much in its own right (a second ask in one message)
BAG_WEIGHT = 0.5  # the word features' weight beside the unit-length embedding (CV over 0-2)
KIND_WEIGHT = 0.5  # weight of the record kinds a question names (kinds.py nouns), a topic feature of their own (nested CV)
ROUTE_BAG = 0.5  # weight of the question's terms as router features beside the embedding: the nested-CV procedure's pick on the whole bank (bench_intent.py, "router-terms weight chosen in the folds"; 4 of 5 folds pick 0.5 too)
BAG = "terms without the records' names (loose names too), ridge; cue: picks records by kind"  # how the topic model's word features are read (part of the model's digest)
_OWN = re.compile(
    r"\b(?:our|ours|we|we're|we've|us|my team|this (?:sprint|week|month|quarter)|today|right now|at the moment|lately|so far)\b", re.I
)

Embed = Callable[[Sequence[str]], np.ndarray]


@lru_cache(maxsize=1)
def _picks_records() -> re.Pattern:
    """'which / any / how many' before a record kind's noun ("which quality gates", "any open escalations"): a question
    that picks among the program's records. The nouns are the record kinds' own (bot/answer/kinds.py)."""
    from bot.answer.kinds import KINDS

    nouns = {n for k in KINDS.values() for n in (k.noun, k.nouns)} | {
        "use case", "use cases", "decision", "decisions", "risk", "risks", "debt item", "debt items", "blocker", "blockers"}
    alt = "|".join(sorted(map(re.escape, nouns), key=len, reverse=True))
    return re.compile(rf"\b(?:which|any|how many)\s+(?:of (?:the|our)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{alt})\b", re.I)


def picks_records(question: str) -> bool:
    """Whether a question picks among the program's records by their kind. A method question's words ("should",
    "best") are the router's to weigh: it learns the question's terms (ROUTE_BAG)."""
    return bool(_picks_records().search(question))


# Where one message holds a second ask: a question mark, a semicolon, a "+" or a dash with more after it, or a comma or
# "and" / "also" / "plus" before a question word or an auxiliary verb ("what's blocking churn, and who's deciding ...").
_QUESTION_WORD = (r"(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|has|have|had|do|does|did|can|could|will|"
                  r"would|should|any|anything|anyone)(?:'s|'re|'ve|s)?")
_ASK_BREAK = re.compile(rf"\?\s+(?=\S)|;\s*|\s[+&]\s|\s[-–—]+\s|,?\s+(?:and|also|plus)\s+(?=(?:also\s+)?{_QUESTION_WORD}\b)|,\s+(?={_QUESTION_WORD}\b)", re.I)
MIN_ASK_WORDS = 3  # a shorter part ("hannah", "labelling seats?") is a lead-in to the ask beside it, not an ask


def asks(question: str) -> list[str]:
    """The asks of one message, in order: a message with two questions in it ("who owns the late milestone, and is it
    escalated?") gives two parts; a part too short to be an ask on its own stays with the next one."""
    parts = [p.strip(" ,.-") for p in _ASK_BREAK.split(question.replace("’", "'"))]
    out: list[str] = []
    carry = ""
    for part in parts:
        part = f"{carry} {part}".strip() if carry else part
        if len(re.findall(r"[\w']+", part)) < MIN_ASK_WORDS:
            carry = part
            continue
        out.append(part)
        carry = ""
    if carry:
        out = [*out[:-1], f"{out[-1]} {carry}"] if out else [carry]
    return out or [question]


def load_bank(path: Path = BANK) -> dict[str, list[str]]:
    """Label -> example questions."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    return {str(label): [str(q) for q in questions] for label, questions in data.items()}


@dataclass
class Intent:
    """What a question asks for: a program topic or the BoK, with the evidence for it."""

    topic: str
    program: bool
    margin: float
    names: list[str] = field(default_factory=list)
    ranked: list[tuple[str, float]] = field(default_factory=list)  # the best program topics with their scores

    def topics(self, close: float = 0.0, floor: float = float("inf")) -> list[str]:
        """The topic, and the runner-up when its score is within `close` of the best or at least `floor` in its own
        right (a question two topics answer, or a message with two asks)."""
        if not self.program:
            return [BOK]
        best = self.ranked[0][1] if self.ranked else 0.0
        return [self.topic] + [t for t, sc in self.ranked[1:2] if best - sc <= close or sc >= floor]


def cues(question: str, names: Iterable[str] = (), ordinary: Callable[[str], bool] | None = None
         ) -> tuple[np.ndarray, list[str]]:
    """The exact cues as features (names from the records mentioned, loosely spelt too: bot/answer/names.py;
    own-program words)."""
    found = list(dict.fromkeys(n for n, _, _ in find_names(question, names, ordinary)))
    return np.array([1.0 if found else 0.0, 1.0 if _OWN.search(question) else 0.0,
                     1.0 if picks_records(question) else 0.0], dtype=np.float32), found


def without_names(text: str, names: Iterable[str], ordinary: Callable[[str], bool] | None = None) -> str:
    """The question with the records' names taken out: a use case's or a person's name says which records, not which
    topic ("Is invoice matching in trouble?" is about risk even if the bank asks about invoice matching's blockers)."""
    return without_spans(text, [(s, e) for _, s, e in find_names(text, names, ordinary)])


def fit_router(x: np.ndarray, program: np.ndarray, l2: float = ROUTE_L2) -> tuple[np.ndarray, float]:
    """Class-balanced ridge regression onto +1 (program) / -1 (BoK), closed form: weights and bias of the score.

    Measured against a logistic regression fitted by gradient descent on the same features (benchmarks/bench_intent.py,
    5-fold CV, 413 examples): routing 0.93 against 0.90, BoK questions kept 0.93 against 0.89.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(program, dtype=bool)
    share = min(max(y.mean(), 1e-6), 1 - 1e-6)
    weight = np.where(y, 0.5 / share, 0.5 / (1 - share))
    xb = np.hstack([x, np.ones((len(x), 1))])
    wb = np.linalg.solve((xb * weight[:, None]).T @ xb + l2 * np.eye(xb.shape[1]), (xb * weight[:, None]).T @ np.where(y, 1.0, -1.0))
    return wb[:-1], float(wb[-1])


def fit_topics(x: np.ndarray, labels: list[str], l2: float = TOPIC_L2) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Ridge regression onto one-hot topics (closed form), the topic the highest score: weights, biases and the names.

    Measured against a softmax regression fitted by gradient descent on the same features (benchmarks/bench_intent.py,
    5-fold CV, topic given a program question): 0.82 against 0.77 with 18 topics, and it fits in milliseconds.
    """
    x = np.asarray(x, dtype=np.float64)
    names = sorted(set(labels))
    target = np.eye(len(names))[[names.index(lab) for lab in labels]]
    xb = np.hstack([x, np.ones((len(x), 1))])
    wb = np.linalg.solve(xb.T @ xb + l2 * np.eye(xb.shape[1]), xb.T @ target)
    return wb[:-1], wb[-1], names


# The record kinds the topics of bot/answer/topics.py read, named as kinds.py names its own (whole words).
_TOPIC_KIND_WORDS = {
    "decision": ("decision", "decisions", "decide", "decided", "undecided"),
    "debt": ("debt", "debts", "debt register"),
    "risk": ("risk", "risks", "risk register"),
    "update": ("stand-up", "standup", "stand up", "update", "updates", "reported", "report"),
    "cost": ("spend", "spending", "cost", "costs", "budget", "money"),
}


@lru_cache(maxsize=1)
def _kind_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    from bot.answer.kinds import KINDS

    return tuple((k, KINDS[k].words) for k in sorted(KINDS)) + tuple(_TOPIC_KIND_WORDS.items())


def kind_features(question: str) -> np.ndarray:
    """Which record kinds the question names in their own words (bot/answer/kinds.py): one feature per kind."""
    from bot.answer.kinds import words_named

    return np.array([1.0 if words_named(question, words) else 0.0 for _, words in _kind_words()], dtype=np.float32)


class IntentModel:
    """The two fitted models: routing (program vs BoK) and the program topic."""

    def __init__(self, texts: list[str], labels: list[str], vectors: np.ndarray, names: Iterable[str] = (), margin: float = MARGIN,
                 kind_weight: float = KIND_WEIGHT, route_bag: float = ROUTE_BAG) -> None:
        names = list(names)
        self.kind_weight, self.route_bag = kind_weight, route_bag
        # The router may read the question's terms too ("should", "best" say what a method question asks), learnt.
        rvocab = sorted({t for t in texts for t in terms(without_names(t, names))}) if route_bag else []
        self.route_vocab = {t: n for n, t in enumerate(rvocab)}
        features = np.hstack([vectors, np.vstack([cues(t, names)[0] for t in texts]),
                              np.vstack([self._route_bag(t, names) for t in texts])])
        self.route_w, self.route_b = fit_router(features, np.array([lab != BOK for lab in labels]))
        program = [i for i, lab in enumerate(labels) if lab != BOK]
        # Topics are named by their words as much as by their meaning ("debt", "decision", "stand-up"): the
        # topic model reads the stemmed terms beside the embedding.
        vocab = sorted({t for i in program for t in terms(without_names(texts[i], names))})
        self.vocab = {t: n for n, t in enumerate(vocab)}
        topic_x = np.hstack([vectors[program], np.vstack([self._bag(texts[i], names) for i in program]),
                             np.vstack([self._kinds(texts[i]) for i in program])])
        self.topic_w, self.topic_b, self.topics = fit_topics(topic_x, [labels[i] for i in program])
        self.margin = margin

    def _kinds(self, text: str) -> np.ndarray:
        return self.kind_weight * kind_features(text) if self.kind_weight else np.zeros(0, dtype=np.float32)

    def _route_bag(self, text: str, names: Iterable[str] = (), ordinary: Callable[[str], bool] | None = None) -> np.ndarray:
        bag = np.zeros(len(self.route_vocab), dtype=np.float32)
        for t in terms(without_names(text, names, ordinary)):
            if t in self.route_vocab:
                bag[self.route_vocab[t]] = 1.0
        norm = np.linalg.norm(bag)
        return self.route_bag * bag / norm if norm else bag

    def _bag(self, text: str, names: Iterable[str] = (), ordinary: Callable[[str], bool] | None = None) -> np.ndarray:
        bag = np.zeros(len(self.vocab), dtype=np.float32)
        for t in terms(without_names(text, names, ordinary)):
            if t in self.vocab:
                bag[self.vocab[t]] = 1.0
        norm = np.linalg.norm(bag)
        return BAG_WEIGHT * bag / norm if norm else bag

    def decide(self, question: str, vector: np.ndarray, names: Iterable[str] = (),
               ordinary: Callable[[str], bool] | None = None) -> Intent:
        """The intent of one question given its vector and the names of the program in scope."""
        names = list(names)
        feats, found = cues(question, names, ordinary)
        logit = float(np.concatenate([vector, feats, self._route_bag(question, names, ordinary)]) @ self.route_w + self.route_b)
        program = logit > self.margin
        scores = np.concatenate([vector, self._bag(question, names, ordinary), self._kinds(question)]) @ self.topic_w + self.topic_b
        order = np.argsort(-scores)
        ranked = [(self.topics[int(i)], round(float(scores[i]), 4)) for i in order[:3]]
        topic = ranked[0][0] if program else BOK
        return Intent(topic=topic, program=program, margin=round(logit - self.margin, 4), names=found, ranked=ranked)


class IntentClassifier:
    """The intent models fitted on the example bank, kept on disk by content (fitting takes seconds on a busy machine)."""

    def __init__(self, embed: Embed, bank: dict[str, list[str]] | None = None, margin: float = MARGIN,
                 cache_dir: Path | None = None, bank_names: Iterable[str] | None = None, shipped: bool = False) -> None:
        self.bank = bank if bank is not None else load_bank()
        self.texts = [q for qs in self.bank.values() for q in qs]
        self.labels = [label for label, qs in self.bank.items() for _ in qs]
        self.margin = margin
        self._embed = embed
        self._cache_dir = cache_dir
        self._bank_names = bank_names
        self._shipped = shipped  # the shipped models are the local model's (all-MiniLM-L6-v2) only
        self._model: IntentModel | None = None

    def digest(self) -> str:
        """What the fitted models depend on: the bank, the names it uses and the fitting settings."""
        names = list(self._bank_names) if self._bank_names is not None else demo_names()
        return hashlib.sha256(repr((self.texts, self.labels, names, ROUTE_L2, TOPIC_L2, BAG_WEIGHT, BAG, KIND_WEIGHT, ROUTE_BAG)).encode()).hexdigest()[:16]

    def model(self) -> IntentModel:
        """The fitted models: read from the cache, else fitted on the bank (whose names are the demo program's)."""
        if self._model is None:
            names = list(self._bank_names) if self._bank_names is not None else demo_names()
            digest = self.digest()
            path = self._cache_dir / f"intent-model-{digest}.npz" if self._cache_dir else None
            # Fitting costs seconds on a busy machine: the package ships the fitted models for the current bank.
            self._model = (_read_model(shipped_path(digest)) if self._shipped else None) or _read_model(path)
            if self._model is None:
                vectors = bank_vectors(self._embed, self.texts, self._cache_dir)
                self._model = IntentModel(self.texts, self.labels, vectors, names, self.margin)
                _write_model(path, self._model)
            self._model.margin = self.margin
        return self._model

    def classify(self, question: str, names: Iterable[str] = (), vector: np.ndarray | None = None,
                 ordinary: Callable[[str], bool] | None = None) -> Intent:
        """The question's intent; `names` are the use cases and people of the program in scope."""
        vec = vector if vector is not None else self._embed([question])[0]
        return self.model().decide(question, vec, list(names), ordinary)


def shipped_path(digest: str) -> Path:
    """Where the package keeps the models fitted on the bank with this digest (local embedding model)."""
    return BANK.with_name(f"intent-model-{digest}.npz")


def write_shipped(embed: Embed) -> Path:
    """Fit the models on the current bank and ship them, removing stale ones; run after editing intents.yaml."""
    classifier = IntentClassifier(embed)
    for old in BANK.parent.glob("intent-model-*.npz"):
        old.unlink()
    path = shipped_path(classifier.digest())
    _write_model(path, classifier.model())
    return path


def demo_names() -> list[str]:
    """The use cases and people of the demo program, whose names the example bank uses."""
    from bot.answer.claims import names_in
    from store.io import read_program

    return names_in(read_program(Path(__file__).resolve().parents[2] / "knowledge" / "demo" / "program.yaml"))


def _read_model(path: Path | None) -> IntentModel | None:
    if path is None or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            model = IntentModel.__new__(IntentModel)
            model.route_w, model.route_b = data["route_w"], float(data["route_b"])
            model.topic_w, model.topic_b = data["topic_w"], data["topic_b"]
            model.topics = [str(t) for t in data["topics"]]
            model.vocab = {str(t): n for n, t in enumerate(data["vocab"])}
            model.route_vocab = {str(t): n for n, t in enumerate(data["route_vocab"])} if "route_vocab" in data else {}
            model.kind_weight, model.route_bag = float(data.get("kind_weight", 0.0)), float(data.get("route_bag", 0.0))
            model.margin = MARGIN
        return model
    except Exception:  # noqa: BLE001 - a damaged cache only costs a refit
        log.debug("intent model cache %s unreadable; fitting again", path)
        return None


def write_arrays(path: Path | None, what: str, **arrays: np.ndarray) -> None:
    """Arrays saved whole or not at all (written beside, then moved), so a reader never meets half a file."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        with tmp.open("wb") as fh:
            np.savez(fh, **arrays)
        tmp.replace(path)
    except OSError:
        log.debug("could not cache the %s at %s", what, path)


def _write_model(path: Path | None, model: IntentModel) -> None:
    write_arrays(path, "intent model", route_w=model.route_w, route_b=np.array(model.route_b), topic_w=model.topic_w,
                 topic_b=model.topic_b, topics=np.array(model.topics),
                 vocab=np.array(sorted(model.vocab, key=model.vocab.get)),
                 route_vocab=np.array(sorted(model.route_vocab, key=model.route_vocab.get), dtype=str),
                 kind_weight=np.array(model.kind_weight), route_bag=np.array(model.route_bag))


def bank_vectors(embed: Embed, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """The bank's vectors, kept on disk by content so a new process does not embed them again."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache_dir / f"intent-bank-{digest}.npy" if cache_dir else None
    if path is not None and path.exists():
        try:
            vecs = np.load(path, allow_pickle=False)
            if vecs.shape[0] == len(texts):
                return vecs
        except (OSError, ValueError):
            log.debug("intent bank cache %s unreadable; embedding again", path)
    vecs = np.asarray(embed(texts), dtype=np.float32)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, vecs)
            tmp.replace(path)
        except OSError:
            log.debug("could not cache the intent bank at %s", path)
    return vecs


if __name__ == "__main__":  # python -m bot.answer.intent
    from knowledge.embeddings import local_embedder

    print(write_shipped(local_embedder().embed_batch))
