"""Is a question about the program's state (its records answer it) or about the method (the BoK answers it)?

Meaning decides: the question's embedding against a bank of labelled example questions (bot/answer/intents.yaml,
nearest neighbours per label), with a margin the program side must win by. Exact cues add to it: a use case's or
a person's name from the records, "our"/"we", "this sprint". benchmarks/bench_intent.py cross-validates it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

log = logging.getLogger(__name__)

BANK = Path(__file__).with_name("intents.yaml")
BOK = "bok"
NEIGHBOURS = 3  # a label's score: the mean similarity of its three closest examples
MARGIN = 0.02  # program side must beat the method side by this (chosen by cross-validation, bench_intent.py)
NAME_CUE = 0.06  # a use case or person from the records named in the question
OWN_CUE = 0.04  # "our", "we", "this sprint": the asker speaks of their own program
_OWN = re.compile(
    r"\b(?:our|ours|we|we're|us|my team|this (?:sprint|week|month|quarter)|today|right now|at the moment|lately|so far)\b", re.I
)

Embed = Callable[[Sequence[str]], np.ndarray]


def load_bank(path: Path = BANK) -> dict[str, list[str]]:
    """Label -> example questions."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(label): [str(q) for q in questions] for label, questions in data.items()}


@dataclass
class Intent:
    """What a question asks for: a program topic or the BoK, with the evidence for it."""

    topic: str
    program: bool
    margin: float
    scores: dict[str, float] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)


def cue_bonus(question: str, names: Iterable[str] = ()) -> tuple[float, list[str]]:
    """The exact cues in a question: names from the records it mentions (whole words), and own-program words."""
    low = question.lower()
    found = [n for n in names if len(n) > 2 and re.search(rf"(?<![\w-]){re.escape(n.lower())}(?![\w-])", low)]
    bonus = (NAME_CUE if found else 0.0) + (OWN_CUE if _OWN.search(question) else 0.0)
    return bonus, found


class IntentClassifier:
    """Nearest labelled examples by meaning, plus exact cues, with a margin for the program side."""

    def __init__(self, embed: Embed, bank: dict[str, list[str]] | None = None, margin: float = MARGIN,
                 cache_dir: Path | None = None) -> None:
        self.bank = bank if bank is not None else load_bank()
        self.margin = margin
        self.labels = [label for label, qs in self.bank.items() for _ in qs]
        texts = [q for qs in self.bank.values() for q in qs]
        self.vectors = _bank_vectors(embed, texts, cache_dir)
        self._embed = embed

    def scores(self, vector: np.ndarray, exclude: int | None = None) -> dict[str, float]:
        """Each label's score for a question vector: the mean of its closest examples' similarities."""
        sims = self.vectors @ vector
        out: dict[str, float] = {}
        for label in self.bank:
            idx = [i for i, lab in enumerate(self.labels) if lab == label and i != exclude]
            if not idx:
                continue
            best = np.sort(sims[idx])[-NEIGHBOURS:]
            out[label] = float(best.mean())
        return out

    def classify(self, question: str, names: Iterable[str] = (), vector: np.ndarray | None = None) -> Intent:
        """The question's intent; `names` are the use cases and people of the program in scope."""
        vec = vector if vector is not None else self._embed([question])[0]
        return decide(self.scores(vec), *cue_bonus(question, names), margin=self.margin)


def decide(scores: dict[str, float], bonus: float, names: list[str], margin: float = MARGIN) -> Intent:
    """Program topic when the best program label beats the method label by the margin (cues count towards it)."""
    topics = {k: v for k, v in scores.items() if k != BOK}
    if not topics:
        return Intent(topic=BOK, program=False, margin=0.0, scores=scores, names=names)
    topic = max(topics, key=topics.get)
    lead = topics[topic] + bonus - scores.get(BOK, 0.0)
    program = lead > margin
    return Intent(topic=topic if program else BOK, program=program, margin=round(lead, 4), scores=scores, names=names)


def _bank_vectors(embed: Embed, texts: list[str], cache_dir: Path | None) -> np.ndarray:
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
