"""Program records in retrieval: stand-ups, decisions, findings and debt as chunks scoped to their program, kept in sync."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.types import Chunk

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.oversight.findings import Finding
    from bot.oversight.service import Oversight
    from knowledge.index import KnowledgeIndex
    from store.models import ProgramData
    from store.records import RecordStore

log = logging.getLogger(__name__)


def source_key(program_id: str) -> str:
    """The index source that holds one program's records (replaced whole on each sync)."""
    return f"records:{program_id}"


def _chunk(program: "ProgramData", kind: str, ref: str, section: str, text: str) -> Chunk:
    pid = program.program.id
    # The chunk's source is the program's source key: the index replaces a source by that key, so every
    # record chunk of a program must carry it. Which record a chunk is stays in `ref` and the section label.
    source = source_key(pid)
    digest = hashlib.sha256(f"{source}/{kind}/{ref}\n{section}\n{text}".encode()).hexdigest()[:32]
    return Chunk(
        id=digest,
        text=text,
        source=source,
        kind="record",
        title=program.program.name,
        section=section,
        heading_path=[section],
        program=pid,
        ref=ref,
        end=len(text),
    )


def _names(data: "ProgramData") -> dict[str, str]:
    return {**{w.id: w.name for w in data.workstreams}, **{u.id: u.name for u in data.use_cases}}


def update_chunks(data: "ProgramData", limit: int | None = None) -> Iterable[Chunk]:
    """One chunk per stand-up update: the most recent `limit` of them (all when None)."""
    names = _names(data)
    updates = data.updates
    if limit is not None and len(updates) > limit:
        updates = sorted(updates, key=lambda u: (u.date, u.id))[len(updates) - limit:] if limit else []
    for u in updates:
        who = ", ".join(x for x in (u.author, names.get(u.workstream or "", u.workstream or "")) if x)
        about = ", ".join(names.get(uc, uc) for uc in u.use_cases)
        parts = [u.text]
        if about:
            parts.insert(0, f"About {about}.")
        if u.blockers:
            parts.append("Blockers: " + "; ".join(u.blockers) + ".")
        if u.source_link:
            parts.append(f"Source: {u.source_link}")
        yield _chunk(data, "update", u.id, f"Stand-up {u.date.isoformat()} ({who})", " ".join(parts))


def decision_chunks(data: "ProgramData") -> Iterable[Chunk]:
    """One chunk per decision."""
    names = _names(data)
    for d in data.decisions:
        due = f", due {d.deadline.isoformat()}" if d.deadline else ""
        text = f"Decision needed: {d.question} Owner: {d.owner}. Status: {d.status}{due}."
        if d.use_case:
            text += f" Use case: {names.get(d.use_case, d.use_case)}."
        if d.outcome:
            text += f" Outcome: {d.outcome}"
        yield _chunk(data, "decision", d.id, f"Decision {d.id} ({d.status}, {d.owner})", text)


def debt_chunks(data: "ProgramData") -> Iterable[Chunk]:
    """One chunk per debt-register item."""
    names = _names(data)
    for d in data.debt:
        plan = f"remediation planned for sprint {d.planned_sprint}" if d.planned_sprint is not None else "no remediation sprint planned"
        about = f" Use case: {names.get(d.use_case, d.use_case)}." if d.use_case else ""
        text = f"Technical debt register: {d.description}. Category: {d.category.replace('_', ' ')}; status {d.status}; {plan}.{about}"
        if d.risk_implication:
            text += f" Risk: {d.risk_implication}"
        yield _chunk(data, "debt", d.id, f"Debt {d.id} ({d.category.replace('_', ' ')}, {d.status})", text)


def finding_chunks(data: "ProgramData", findings: Iterable["Finding"]) -> Iterable[Chunk]:
    """One chunk per oversight finding."""
    seen: dict[str, int] = {}
    for f in findings:
        text = f"{f.title} ({f.severity}) on {f.subject_name or f.subject}: {f.explanation} Questions: {' '.join(f.questions)}"
        ref = f"{f.rule}:{f.subject}"
        seen[ref] = seen.get(ref, 0) + 1
        ref += f":{seen[ref]}" if seen[ref] > 1 else ""
        yield _chunk(data, "finding", ref, f"Finding: {f.title} — {f.subject_name or f.subject}", text)


def record_chunks(data: "ProgramData", findings: Iterable["Finding"] = (), max_updates: int | None = None) -> list[Chunk]:
    """Every retrievable chunk of a program: stand-ups (the latest `max_updates`), decisions, debt items and findings."""
    return [*update_chunks(data, max_updates), *decision_chunks(data), *debt_chunks(data), *finding_chunks(data, findings)]


class RecordsSync:
    """Keeps each program's records in retrieval: replaced whole on each sync, skipped when already current."""

    def __init__(self, settings: "Settings", records: Callable[[], "RecordStore"], oversight: Callable[[], "Oversight"],
                 index: Callable[[], "KnowledgeIndex"]) -> None:
        self.settings = settings
        self._records, self._oversight, self._index = records, oversight, index

    def _marker(self, program_id: str) -> Path:
        """Where the revision of the program last put into retrieval is noted."""
        safe = hashlib.sha1(program_id.encode()).hexdigest()[:12]
        return Path(self.settings.data_dir) / "cache" / f"records-indexed-{safe}.txt"

    def sync(self, program_id: str) -> int:
        """Replace the program's records in the index with chunks of its current records and findings; returns the count.

        Computing the findings here also warms the oversight cache, so `compel risks` right after an import is instant.
        Only chunks the index does not hold yet are embedded. Writes close together (two Slack threads, two replicas)
        each sync, and one that read older records must not replace the source last: in one process the syncs of a
        program take turns, each reading the records once it has its turn, and a sync that finds the program changed
        while it ran (a write through another replica) runs again.
        """
        with _sync_lock(program_id):  # in this process, one sync per program at a time, each reading after the last
            return self._sync(program_id)

    def _sync(self, program_id: str) -> int:
        records, index = self._records(), self._index()
        for _attempt in range(5):  # another replica may still write meanwhile: re-read until the revision holds
            revision = records.revision(program_id)
            findings = self._oversight().findings(program_id)
            data = records.program(program_id)
            chunks = record_chunks(data, findings, self.settings.records_index_updates)
            index.upsert_source(source_key(program_id), chunks)
            if records.revision(program_id) == revision:
                break
            log.info("program %s changed while its records were indexed; indexing them again", program_id)
        marker = self._marker(program_id)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(revision), encoding="utf-8")
        log.info("indexed %d record chunks for program %s (revision %d)", len(chunks), program_id, revision)
        return len(chunks)

    def current(self, program_id: str) -> bool:
        """True when retrieval holds the program's records as they stand now (synced at the current revision)."""
        try:
            noted = int(self._marker(program_id).read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return False
        if noted != self._records().revision(program_id):
            return False
        return self._index().has_source(source_key(program_id))  # False too when the index was removed since

    def sync_if_needed(self, program_id: str, changed: bool) -> int | None:
        """Sync the program's records into retrieval when an import changed them or retrieval does not hold them as they
        stand; returns the number of chunks, or None when retrieval was already current (nothing embedded)."""
        if not changed and self.current(program_id):
            return None
        return self.sync(program_id)

    def remove(self, program_id: str) -> None:
        """Drop a program's records from the index."""
        self._index().remove_source(source_key(program_id))


_SYNC_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _sync_lock(program_id: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _SYNC_LOCKS.setdefault(program_id, threading.Lock())
