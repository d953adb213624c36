"""The situations and their labelled example clauses, read from YAML and embedded once."""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from bot.errors import ConfigError
from bot.understand.measures import MEASURE_PREFIX, fit_measure

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
BANK_FILE = HERE / "bank.yaml"
# Further rounds of examples in their own files: all make one bank (labels may appear in each).
BANK_FILES = (BANK_FILE, HERE / "bank_more.yaml", HERE / "bank_polarity.yaml", HERE / "bank_hand.yaml",
              HERE / "bank_measure.yaml", HERE / "bank_ways.yaml", HERE / "bank_pillars.yaml")
SITUATIONS_FILE = HERE / "situations.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Bank labels "pillar:<name>" are examples of a pillar by meaning; "pillar:none" is plain technical work.
PILLAR_PREFIX = "pillar:"
PILLAR_CUES = ("governance", "people", "process", "none")
# Bank labels "choice:yes" / "choice:no": clauses that put a trade-off to the business, and ones that report work the
# team handles itself.
CHOICE_PREFIX = "choice:"
CHOICE_CUES = ("yes", "no")
# Bank labels "hand:yes" / "hand:no": clauses saying the team has a problem in hand inside the plan, and ones saying the
# problem stands with nobody dealing with it.
HAND_PREFIX = "hand:"
HAND_CUES = ("yes", "no")
# Bank labels "measure:less" / "measure:more": measures a business wants less of and ones it wants more of, read for
# a figure that moved on a measure the exact rules have no word for (bot.understand.measures).
MEASURE_CUES = ("less", "more")


class Situation(BaseModel):
    """One kind of issue: what it files under, whom it concerns, and how compel-bot says it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    category: str
    pillars: tuple[str, ...] = ()
    decision: bool | Literal["if_choice"] = Field(
        description='True: it always asks the business to choose; "if_choice": only when the update puts a trade-off to it.')
    polarity: str
    severity: int
    stage: str | None = None
    pattern: str | None = None
    debt: str | None = None
    cite: tuple[str, ...] = ()
    lead: str
    leads: dict[str, str] = Field(default_factory=dict)
    lead_alone: str = ""
    partial: str = ""
    risky: str = ""
    meaning: str
    options: tuple[str, ...] = ()
    question: str = ""
    who: str


class Bank(BaseModel):
    """Labelled example clauses: texts[i] is an example of labels[i]."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    texts: tuple[str, ...]
    labels: tuple[str, ...]


def _read(path: Path) -> dict:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc}. Restore the file from the repository.") from exc


@lru_cache(maxsize=1)
def situations() -> dict[str, Situation]:
    """Every situation by name, in the file's order."""
    raw = _read(SITUATIONS_FILE)
    return {name: Situation(name=name, **body) for name, body in raw.items()}


@lru_cache(maxsize=1)
def bank() -> Bank:
    """The example bank; every label must be a known situation."""
    known = situations()
    texts, labels = [], []
    for path in BANK_FILES:
        if not path.is_file():
            continue
        for label, examples in _read(path).items():
            if (label not in known and label.removeprefix(PILLAR_PREFIX) not in PILLAR_CUES
                    and label.removeprefix(CHOICE_PREFIX) not in CHOICE_CUES
                    and label.removeprefix(HAND_PREFIX) not in HAND_CUES
                    and label.removeprefix(MEASURE_PREFIX) not in MEASURE_CUES):
                raise ConfigError(f"{path.name} labels examples {label!r}, which is no situation in {SITUATIONS_FILE.name}.")
            for text in examples or []:
                texts.append(str(text))
                labels.append(label)
    return Bank(texts=tuple(texts), labels=tuple(labels))


def bank_key() -> str:
    """A digest of the bank's labels and texts: vectors written for another bank are never used."""
    b = bank()
    return hashlib.sha256("\n".join(f"{lab}\t{t}" for lab, t in zip(b.labels, b.texts)).encode()).hexdigest()[:16]


def shipped_path() -> Path:
    """Where the repository keeps the bank's all-MiniLM-L6-v2 vectors for the current bank."""
    return HERE / f"bank-{bank_key()}.npy"


def bank_vectors(embed, cache_dir: Path | None = None, *, shipped: bool = True) -> np.ndarray:
    """The bank's embeddings: the shipped file when it matches the bank, else `cache_dir`, else embedded now.

    `shipped` is for the local model only; another embedder must embed the bank itself.
    """
    b = bank()
    paths = [shipped_path()] if shipped else []
    if cache_dir is not None:
        paths.append(cache_dir / f"understand-bank-{bank_key()}.npy")
    for path in paths:
        if path.is_file():
            try:
                vectors = np.load(path).astype(np.float32)
                if vectors.shape[0] == len(b.texts):
                    return vectors
            except (OSError, ValueError):
                log.info("bank vectors %s unreadable; embedding again", path)
    log.info("embedding the example bank (%d clauses)", len(b.texts))
    vectors = np.asarray(embed(list(b.texts)), dtype=np.float32)
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            np.save(paths[-1], vectors)
        except OSError:  # a read-only data dir only costs the next start a re-embed
            log.info("could not write the bank vector cache to %s", paths[-1])
    return vectors


def linear_path() -> Path:
    """Where the repository keeps the situation model fitted on the shipped vectors of the current bank."""
    return HERE / f"bank-{bank_key()}-linear.npz"


def situation_rows(vectors: np.ndarray, labels) -> tuple[np.ndarray, list[str]]:
    """The situation examples alone (pillar, choice, in-hand and measure cues are other classifiers')."""
    keep = [not lab.startswith((PILLAR_PREFIX, CHOICE_PREFIX, HAND_PREFIX, MEASURE_PREFIX)) for lab in labels]
    return np.asarray(vectors, dtype=np.float32)[keep], [lab for lab, k in zip(labels, keep) if k]


def bank_linear(vectors: np.ndarray, *, shipped: bool = True):
    """The softmax regression over the bank's situation examples: the shipped fit when it matches, else fitted now."""
    from bot.understand.classify import Linear, fit_linear

    path = linear_path()
    if shipped and path.is_file():
        try:
            with np.load(path) as z:
                fcoef = z["fcoef"].astype(np.float32) if "fcoef" in z.files else None
                names = tuple(str(x) for x in z["features"]) if "features" in z.files else ()
                return Linear(z["coef"].astype(np.float32), z["intercept"].astype(np.float32),
                              tuple(str(x) for x in z["labels"]), fcoef, names)
        except (OSError, ValueError, KeyError):
            log.info("situation model %s unreadable; fitting again", path)
    rows, labels = situation_rows(vectors, bank().labels)
    return fit_linear(rows, labels)


def measure_path() -> Path:
    """Where the repository keeps the measure reader fitted on the shipped vectors of the current bank."""
    return HERE / f"bank-{bank_key()}-measure.npz"


def bank_measure(vectors: np.ndarray, *, shipped: bool = True) -> tuple[np.ndarray, float] | None:
    """The measure reader's weights (bot.understand.measures): the shipped fit when it matches, else fitted now."""
    path = measure_path()
    if shipped and path.is_file():
        try:
            with np.load(path) as z:
                return z["weights"].astype(np.float32), float(z["intercept"])
        except (OSError, ValueError, KeyError):
            log.info("measure reader %s unreadable; fitting again", path)
    return fit_measure(vectors, bank().labels)


def write_shipped(embed) -> Path:
    """Embed the bank, fit the situation model and the measure reader, write them (vectors as float16), removing stale
    files; run after editing the bank."""
    from bot.understand.classify import fit_linear

    for old in [*HERE.glob("bank-*.npy"), *HERE.glob("bank-*-linear.npz"), *HERE.glob("bank-*-measure.npz")]:
        old.unlink()
    path = shipped_path()
    vectors = np.asarray(embed(list(bank().texts)), dtype=np.float16)
    np.save(path, vectors)
    # Fitted on the float16 vectors the runtime reads, so shipped weights and shipped vectors agree.
    rows, labels = situation_rows(vectors.astype(np.float32), bank().labels)
    model = fit_linear(rows, labels)
    # A model with exact cue features (bot.understand.features.fit_situations) writes them beside its weights.
    extra = {} if model.fcoef is None else {"fcoef": model.fcoef, "features": np.asarray(model.features)}
    np.savez(linear_path(), coef=model.coef, intercept=model.intercept, labels=np.asarray(model.labels), **extra)
    measure = fit_measure(vectors.astype(np.float32), bank().labels)
    if measure is not None:
        np.savez(measure_path(), weights=measure[0], intercept=np.float32(measure[1]))
    return path


if __name__ == "__main__":  # python -m bot.understand.bank
    from knowledge.embeddings import local_embedder

    print(write_shipped(local_embedder().embed_batch))
