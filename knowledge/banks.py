"""A bank of example texts grouped by label (a YAML file of label -> texts) and its vectors, shipped beside it.

The vectors the local model gives the bank are kept in an .npz named by the digest of the bank file's bytes, so an
edited bank never meets stale vectors: a missing file means "embed at first use". The reading-order bank
(knowledge/reading_order.py) and the stage situations (bot/answer/stage_meaning.py) are two such banks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np


class ShippedBank:
    """The bank at `path`, its rows in `groups` order, its vectors at `<folder>/<prefix>-<digest>.npz`."""

    def __init__(self, path: Path, groups: Sequence[str], prefix: str, folder: Path | None = None) -> None:
        self.path = path
        self.groups = tuple(groups)
        self.prefix = prefix
        self.folder = folder or path.parent
        self._rows: tuple[tuple[str, str], ...] | None = None
        self._shipped: dict[str, np.ndarray] | None | bool = False  # False: not read yet

    def rows(self) -> tuple[tuple[str, str], ...]:
        """(label, text) per example, the groups in order, each group's texts as the file lists them."""
        if self._rows is None:
            import yaml

            data = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
            self._rows = tuple((g, str(t)) for g in self.groups for t in data.get(g, []))
        return self._rows

    def digest(self) -> str:
        """The bank file's content hash: the shipped vectors are valid for exactly this file (read without parsing it)."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]

    def shipped_path(self, digest: str | None = None) -> Path:
        return self.folder / f"{self.prefix}-{digest or self.digest()}.npz"

    def shipped(self) -> dict[str, np.ndarray] | None:
        """The arrays shipped for the current bank, or None when its file is missing (read once per process)."""
        if self._shipped is False:
            path = self.shipped_path()
            if not path.is_file():
                self._shipped = None
            else:
                with np.load(path, allow_pickle=False) as data:
                    self._shipped = {k: data[k] for k in data.files}
        return self._shipped

    def write(self, **arrays: np.ndarray) -> Path:
        """Ship the arrays for the current bank, removing stale files; uncompressed, so a cold process reads it fast."""
        self.clear()
        for old in self.folder.glob(f"{self.prefix}-*.npz"):
            old.unlink()
        path = self.shipped_path()
        np.savez(path, **arrays)
        path.chmod(0o644)
        self.clear()
        return path

    def clear(self) -> None:
        """Forget what was read (after the bank file or its vectors changed)."""
        self._rows = None
        self._shipped = False
