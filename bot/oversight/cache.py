"""Findings cached on disk per program revision: a new `compel risks` process skips reloading 100k records."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from functools import lru_cache
from pathlib import Path

from pydantic import TypeAdapter

from bot.oversight.findings import Finding
from knowledge.types import Citation

log = logging.getLogger(__name__)

_FINDINGS = TypeAdapter(list[Finding])
_CITATIONS = TypeAdapter(dict[str, Citation])
_HERE = Path(__file__).resolve().parent
# Settings that change what the rules find; any change makes a cached result stale.
THRESHOLDS = (
    "experiment_max_sprints", "quality_finding_sprints", "debt_budget_min", "debt_budget_max", "sprint_completion_min",
    "calibration_sprints", "access_pending_days", "progress_sprints", "integration_new_points",
    "pipeline_success_min", "cost_overrun_max", "vendor_ticket_days", "procurement_start_sprint",
)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the engine's code and the knowledge pack, so an upgrade never serves old findings."""
    h = hashlib.sha256()
    files = sorted(_HERE.glob("*.py")) + sorted((_HERE.parents[1] / "knowledge" / "pack").glob("*.yaml"))
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


class FindingsCache:
    """One JSON file per program under the data dir, valid for one (revision, settings, rules, as-of, code) key."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, program_id: str) -> Path:
        safe = hashlib.sha1(program_id.encode()).hexdigest()[:12]
        return self.directory / f"findings-{safe}.json"

    @staticmethod
    def key(revision: int, settings, rules: list[str] | None, as_of) -> str:
        """The cache key for one evaluation."""
        parts = {
            "revision": revision,
            "thresholds": {name: getattr(settings, name) for name in THRESHOLDS},
            "rules": sorted(rules) if rules else None,
            "as_of": as_of.isoformat() if as_of else None,
            "code": code_digest(),
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def load(self, program_id: str, key: str) -> list[Finding] | None:
        """The cached findings for this key, or None."""
        path = self._path(program_id)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        head, _, body = raw.partition(b"\n")
        if head.decode(errors="replace") != key:
            return None
        try:
            return _FINDINGS.validate_json(body)
        except ValueError:
            log.debug("cached findings at %s unreadable; recomputing", path)
            return None

    def _citations_path(self) -> Path:
        return self.directory / f"citations-{code_digest()}.json"

    def citations(self) -> dict[str, Citation] | None:
        """The rules' citations as resolved for this code and pack, or None when not saved yet."""
        try:
            return _CITATIONS.validate_json(self._citations_path().read_bytes())
        except (OSError, ValueError):
            return None

    def save_citations(self, citations: dict[str, Citation]) -> None:
        """Keep the resolved citations for the next process (same code and pack)."""
        self._write(self._citations_path(), _CITATIONS.dump_json(citations))

    def _write(self, path: Path, body: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(body)
            os.replace(tmp, path)
        except OSError:
            log.debug("could not write the cache file %s", path, exc_info=True)

    def save(self, program_id: str, key: str, findings: list[Finding]) -> None:
        """Store findings for this key (atomically; a failure only costs the next call a recomputation)."""
        self._write(self._path(program_id), key.encode() + b"\n" + _FINDINGS.dump_json(findings))
