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
        if label not in known:
            raise ConfigError(f"{BANK_FILE.name} labels examples {label!r}, which is no situation in {SITUATIONS_FILE.name}.")
        for text in examples or []:
            texts.append(str(text))
            labels.append(label)
    return Bank(texts=tuple(texts), labels=tuple(labels))


def bank_vectors(embed, cache_dir: Path | None = None) -> np.ndarray:
    """The bank's embeddings, read from `cache_dir` when its texts have not changed since they were written."""
    b = bank()
    key = hashlib.sha256("\n".join(f"{lab}\t{t}" for lab, t in zip(b.labels, b.texts)).encode()).hexdigest()[:16]
    path = cache_dir / f"understand-bank-{key}.npy" if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            vectors = np.load(path)
            if vectors.shape[0] == len(b.texts):
                return vectors
        except (OSError, ValueError):
            log.info("bank vector cache %s unreadable; embedding again", path)
    vectors = np.asarray(embed(list(b.texts)), dtype=np.float32)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, vectors)
        except OSError:  # a read-only data dir only costs the next start a re-embed
            log.info("could not write the bank vector cache to %s", path)
    return vectors
