"""The situations and their labelled example clauses, read from YAML and embedded once."""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from bot.errors import ConfigError

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
BANK_FILE = HERE / "bank.yaml"
SITUATIONS_FILE = HERE / "situations.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Bank labels "pillar:<name>" are examples of a pillar by meaning; "pillar:none" is plain technical work.
PILLAR_PREFIX = "pillar:"
PILLAR_CUES = ("governance", "people", "process", "none")


class Situation(BaseModel):
    """One kind of issue: what it files under, whom it concerns, and how compel-bot says it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    category: str
    pillars: tuple[str, ...] = ()
    decision: bool
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
    raw = _read(BANK_FILE)
    known = situations()
    texts, labels = [], []
    for label, examples in raw.items():
        if label not in known and label.removeprefix(PILLAR_PREFIX) not in PILLAR_CUES:
            raise ConfigError(f"{BANK_FILE.name} labels examples {label!r}, which is no situation in {SITUATIONS_FILE.name}.")
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


def write_shipped(embed) -> Path:
    """Embed the bank and write the shipped vector file (float16), removing stale ones; run after editing bank.yaml."""
    for old in HERE.glob("bank-*.npy"):
        old.unlink()
    path = shipped_path()
    np.save(path, np.asarray(embed(list(bank().texts)), dtype=np.float16))
    return path


if __name__ == "__main__":  # python -m bot.understand.bank
    from knowledge.embeddings import local_embedder

    print(write_shipped(local_embedder().embed_batch))
