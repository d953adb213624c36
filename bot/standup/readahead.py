"""Updates read ahead: their clause vectors kept in the database when they arrive, so a later summary, in any process, finds them.

Embedding the clauses is nearly all the work of reading an update the first time. Done when the update is
collected or imported, and kept, the summary at the end of the day (a cron job, another replica, a CLI run)
reads the vectors instead of embedding again. The vectors are the same numbers, so the summary is the same.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from bot.standup.store import StandupStore

log = logging.getLogger(__name__)


def _key(space: str, text: str) -> str:
    return hashlib.sha1(f"{space}\n{text}".encode("utf-8")).hexdigest()


def keep(understander: Any, texts: Sequence[str], store: StandupStore) -> int:
    """Read updates now (embedding what is new) and keep their clause vectors; returns how many clauses were kept."""
    space = getattr(understander, "vector_space", None)
    if space is None or not texts:
        return 0  # an embedding the caller gave (a test's, an experiment's) is not kept for others
    preload(understander, texts, store)  # what another process read already is not embedded again
    understander.prefetch(list(texts))
    model_texts = understander.clause_texts(texts)
    vectors = understander.known_vectors(model_texts)
    store.save_vectors({_key(space, t): np.asarray(v, dtype="<f4").tobytes() for t, v in vectors.items()}, time.time())
    return len(vectors)


def preload(understander: Any, texts: Sequence[str], store: StandupStore) -> int:
    """Put the kept vectors of these updates' clauses into the analysis; returns how many were found."""
    space = getattr(understander, "vector_space", None)
    if space is None or not texts:
        return 0
    model_texts = understander.clause_texts(texts)
    known = understander.known_vectors(model_texts)
    missing = [t for t in model_texts if t not in known]
    if not missing:
        return 0
    keys = {_key(space, t): t for t in missing}
    found = store.vectors(list(keys))
    understander.remember({keys[k]: np.frombuffer(v, dtype="<f4") for k, v in found.items()})
    return len(found)
