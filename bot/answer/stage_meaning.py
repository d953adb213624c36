"""Which use-case stage a request for questions is about, read by meaning when it names no stage in words.

"We're mid-way through training the first version, what should I ask?" names no stage, but the situation it tells is
model development. The bank (bot/answer/stage_situations.yaml) holds situations per stage in our own words; the
question is compared with each, and the stage whose TOP_K nearest situations are nearest on average is the one
answered.

Measured (program11) on tests/data/stage_meaning.yaml and stage_meaning_11.yaml (14 + 14 cases, the stage chosen, the
request taken as given): the method it replaced (the best passage's stages, else the pack's stage pieces) 6 and 6; the
bank, TOP_K 1 / 2 / 3 / 5 / all: 13 / 13 / 13 / 13 / 13 and 12 / 13 / 12 / 12 / 11. Leave-one-set-out (knobs chosen on
one set, ties to the smaller k and the whole question, measured on the other): 12 of 14 and 13 of 14. Not kept: the
message without its ask clause ("..., what should I ask?" cut off) in place of the whole question, 11-13 / 11-12 by k
(no gain); the pack's stage pieces added to the bank's score (weight 0.5 or 1, k 3): 13 / 11 and 12 / 11.
Still weak: five bare situations written afterwards (no ask in them, none of the sets' wording) got 2 of 5 at TOP_K 2
(a sentence's surface words, "trained", "records", pull it towards the wrong stage's situations).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.answer.stages import STAGES
from knowledge.banks import ShippedBank

log = logging.getLogger(__name__)

BANK = Path(__file__).with_name("stage_situations.yaml")
_BANK = ShippedBank(BANK, STAGES, "stage-situations")
TOP_K = 2  # a stage's score: the mean similarity of its TOP_K nearest situations (best on both own sets together)

Embed = Callable[[Sequence[str]], np.ndarray]

def bank() -> list[tuple[str, str]]:
    """The bank's situations as (stage, text), in order."""
    return list(_BANK.rows())


def bank_digest() -> str:
    """The bank file's content hash: the shipped vectors are valid for exactly this file."""
    return _BANK.digest()


def shipped_path(digest: str) -> Path:
    return _BANK.shipped_path(digest)


def _shipped() -> np.ndarray | None:
    arrays = _BANK.shipped()
    return None if arrays is None else arrays["matrix"].astype(np.float32)


def stage_scores(query: np.ndarray, matrix: np.ndarray, stages: Sequence[str], top_k: int = TOP_K) -> dict[str, float]:
    """Per stage, the mean similarity of its top_k nearest situations to the query vector."""
    sims = matrix @ np.asarray(query, dtype=np.float32)
    out: dict[str, float] = {}
    for stage in STAGES:
        mine = np.sort(sims[[i for i, s in enumerate(stages) if s == stage]])[::-1]
        if len(mine):
            out[stage] = float(mine[:top_k].mean())
    return out


class StageMeaning:
    """The stage a question's situation is nearest to, over the shipped bank (the local model) or one embedded once."""

    def __init__(self, embed: Embed, local: bool = True) -> None:
        self._embed = embed
        self._local = local
        self._matrix: np.ndarray | None = None

    def matrix(self) -> np.ndarray:
        if self._matrix is None:
            shipped = _shipped() if self._local else None
            if shipped is None:
                log.info("stage situations embedded at first use (no shipped vectors for this model or bank)")
                shipped = np.asarray(self._embed([t for _, t in bank()]), dtype=np.float32)
            self._matrix = shipped
        return self._matrix

    def scores(self, question: str, vector: np.ndarray | None = None, top_k: int = TOP_K) -> dict[str, float]:
        """Per stage, how near the question is to the stage's situations (its vector is embedded when not given)."""
        if vector is None:
            vector = np.asarray(self._embed([question]), dtype=np.float32)[0]
        return stage_scores(vector, self.matrix(), [s for s, _ in bank()], top_k)

    def stage(self, question: str, vector: np.ndarray | None = None) -> str:
        """The stage the question's situation is about."""
        scores = self.scores(question, vector)
        return max(scores, key=scores.get)


def write_shipped() -> Path:
    """Embed the bank with the local model and ship the vectors, removing stale files; run after editing the bank."""
    from knowledge.embeddings import local_embedder

    _BANK.clear()
    return _BANK.write(matrix=np.asarray(local_embedder().embed_batch([t for _, t in bank()]), dtype=np.float32))


if __name__ == "__main__":  # python -m bot.answer.stage_meaning
    print(write_shipped())
