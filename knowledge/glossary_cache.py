"""The loaded glossary kept as one pickle under the index folder, keyed by the bytes of every glossary file.

Reading fourteen YAML files and building the term trie costs a new process 0.1-0.4 s; a question near the refusal
line needs the glossary (knowledge/unknown_terms.py), so a cold `compel ask` paid it. The pickle loads in ~10 ms.
It is written by an index run (or the first process that needs it) and is the data dir's own file, trusted like the
records database beside it; any edit to a glossary file changes the key, so a stale copy is never read.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import pickle
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.snapshot import atomic_write

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

log = logging.getLogger(__name__)

def _key(extra: Path | None) -> str | None:
    from knowledge import glossary

    h = hashlib.sha256()
    try:
        # The module's own source is in the key too: a pickle from another version of the Glossary class is never read.
        files = [Path(glossary.__file__), *sorted(glossary.SHIPPED_DIR.glob("*.yaml")), *([Path(extra).expanduser()] if extra else [])]
        for path in files:
            h.update(path.name.encode())
            h.update(path.read_bytes())
    except OSError:
        return None  # a missing organisation file: load_glossary names the problem
    return h.hexdigest()[:20]


def cached_glossary(folder: Path, extra: Path | None = None) -> "Glossary":
    """The glossary (shipped, merged with the organisation's own file), from the cache when its files are unchanged."""
    mtime = 0.0
    with contextlib.suppress(OSError):
        mtime = Path(extra).expanduser().stat().st_mtime if extra else 0.0
    return _loaded(folder, extra, mtime)


@lru_cache(maxsize=8)
def _loaded(folder: Path, extra: Path | None, mtime: float) -> "Glossary":
    """Once per process for each folder and file version (the organisation's file by its modification time)."""
    from knowledge.glossary import load_glossary

    key = _key(extra)
    path = folder / f"glossary-{key}.pickle" if key else None
    if path is not None and path.is_file():
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception as exc:  # noqa: BLE001 - a damaged cache costs one load from the YAML files
            log.info("glossary cache %s unreadable (%s); reading the glossary files", path, exc)
    glossary = load_glossary(extra)
    if path is not None:
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(path, lambda fh: pickle.dump(glossary, fh, protocol=pickle.HIGHEST_PROTOCOL))
            for old in folder.glob("glossary-*.pickle"):
                if old != path:
                    old.unlink(missing_ok=True)
    return glossary


def glossary_cached(folder: Path, extra: Path | None = None) -> bool:
    """Whether the cache holds the glossary for the current files."""
    key = _key(extra)
    return bool(key) and (folder / f"glossary-{key}.pickle").is_file()
