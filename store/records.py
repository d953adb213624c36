"""The records store: program records in SQL (SQLite by default, any SQLAlchemy URL), typed in and out."""

from __future__ import annotations

import logging
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from bot.errors import InputError, NotFoundError
from store import schema
from store.calendar import CalendarWrites
from store.checks import describe_errors
from store.database import Database
from store.io import problems_message
from store.memory import paused_gc
from store.models import (
    KINDS,
    DebtItem,
    Decision,
    Program,
    ProgramData,
    Record,
    StandupUpdate,
    UseCase,
)
from store.names import closest, find_use_case
from store.outline import ProgramOutline, read_outline
from store.more_writes import MoreRecordWrites
from store.single import SingleRecordWrites
from store.writes import (
    ADAPTERS,
    ImportReport,
    bump,
    kind_json,
    kind_models,
    write_kind,
    write_program,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from bot.config import Settings

__all__ = ["ImportReport", "RecordStore"]

log = logging.getLogger(__name__)

# Stored records that new ones are checked against: what references point at, and what cycles run through.
_CONTEXT_KINDS = ("workstreams", "use_cases", "sprints", "dependencies")


def _merge(stored: list[Record], incoming: list[Record], key: str) -> list[Record]:
    """Stored records with incoming ones replacing those of the same key, new ones appended."""
    new = {getattr(r, key): r for r in incoming}
    kept = [new.pop(getattr(r, key), r) for r in stored]
    return kept + list(new.values())


class RecordStore(SingleRecordWrites, MoreRecordWrites, CalendarWrites):
    """Program records in a SQL database; every write is one transaction, every read returns models."""

    def __init__(self, settings: "Settings", *, lock_timeout: float = 10.0) -> None:
        self.settings = settings
        self.db = Database(settings.records_url, lock_timeout=lock_timeout)
        self._cache: dict[str, tuple[int, ProgramData]] = {}  # program id -> (revision, program)
        self._outlines: dict[str, ProgramOutline] = {}  # program id -> its outline at one revision

    @property
    def engine(self) -> "Engine":
        """The SQLAlchemy engine (created and upgraded on first use)."""
        return self.db.engine

    def close(self) -> None:
        """Release database connections; the next call reconnects."""
        self.db.close()

    # --- reading ------------------------------------------------------------------------------

    def programs(self) -> list[Program]:
        """Every program in the store, by id."""
        from sqlalchemy import select

        t = schema.programs
        with self.db.read() as conn:
            rows = conn.execute(select(t.c.data).order_by(t.c.id)).scalars().all()
        return [Program.model_validate_json(data) for data in rows]

    def resolve_program(self, requested: str | None = None) -> str:
        """The program to use: the one asked for, else COMPEL_PROGRAM, else the only one stored."""
        ids = [p.id for p in self.programs()]
        wanted = requested or self.settings.program
        if wanted:
            if wanted in ids:
                return wanted
            raise self._unknown_program(wanted, ids)
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise NotFoundError("No program records yet; load some with `compel demo load` or `compel records import FILE`.")
        raise InputError(f"Several programs are stored ({', '.join(ids)}); choose one with --program or COMPEL_PROGRAM.")

    def _unknown_program(self, wanted: str, ids: list[str]) -> NotFoundError:
        close = closest(wanted, {i.lower(): i for i in ids})
        hint = f" Closest: {', '.join(close)}." if close else (f" Known: {', '.join(ids)}." if ids else "")
        return NotFoundError(f"No program {wanted!r} in the records.{hint} Import it with `compel records import FILE`.")

    def _program_row(self, conn: "Connection", program_id: str) -> str:
        from sqlalchemy import select

        t = schema.programs
        data = conn.execute(select(t.c.data).where(t.c.id == program_id)).scalar_one_or_none()
        if data is None:
            ids = list(conn.execute(select(t.c.id)).scalars())
            raise self._unknown_program(program_id, ids)
        return data

    def _revision(self, conn: "Connection", program_id: str) -> int:
        """The stored program's revision; NotFoundError naming the closest programs when there is none."""
        from sqlalchemy import select

        t = schema.programs
        revision = conn.execute(select(t.c.revision).where(t.c.id == program_id)).scalar_one_or_none()
        if revision is None:
            self._program_row(conn, program_id)  # raises
        return int(revision)

    def program_name(self, program_id: str) -> str:
        """The program's name as people read it, from its own row (no other record is loaded)."""
        with self.db.read() as conn:
            return Program.model_validate_json(self._program_row(conn, program_id)).name

    def resolve(self, program: str | None) -> str:
        """RecordReader's name for resolve_program."""
        return self.resolve_program(program)

    def program(self, program_id: str) -> ProgramData:
        """The whole program, every record in its stored order (shared with a cache: copy before changing it)."""
        with self.db.read() as conn, paused_gc():
            revision = self._revision(conn, program_id)
            hit = self._cache.get(program_id)
            if hit is not None and hit[0] == revision:
                return hit[1]
            data = self._load(conn, program_id)
        self._cache[program_id] = (revision, data)
        return data

    def revision(self, program_id: str) -> int:
        """The program's revision: a number every write to it changes (cached copies are current while it is equal)."""
        with self.db.read() as conn:
            return self._revision(conn, program_id)

    def outline(self, program_id: str) -> ProgramOutline:
        """The program without its stand-up bodies, plus per use case and sprint the first update claiming progress
        and the latest update's date, aggregated in SQL (shared with a cache: do not change it)."""
        from sqlalchemy import text

        with self.db.read() as conn, paused_gc():
            revision = self._revision(conn, program_id)
            hit = self._outlines.get(program_id)
            if hit is not None and hit.revision == revision:
                return hit
            outline = read_outline(lambda sql, params: conn.execute(text(sql), params).all(), program_id)
        assert outline is not None  # the program row was there in this transaction
        self._outlines[program_id] = outline
        return outline

    def _load(self, conn: "Connection", program_id: str) -> ProgramData:
        parts = [f'"program":{self._program_row(conn, program_id)}']
        for kind in KINDS:
            parts.append(f'"{kind}":[{",".join(kind_json(conn, program_id, kind))}]')
        return ProgramData.model_validate_json("{" + ",".join(parts) + "}", context={"trusted": True})

    def counts(self, program_id: str) -> dict[str, int]:
        """Number of records of each kind, counted in SQL (no records are loaded)."""
        from sqlalchemy import func, select

        t = schema.records
        with self.db.read() as conn:
            self._program_row(conn, program_id)
            rows = conn.execute(
                select(t.c.kind, func.count()).where(t.c.program_id == program_id).group_by(t.c.kind)
            ).all()
        found = dict(rows)
        return {kind: int(found.get(kind, 0)) for kind in KINDS}

    def records(self, program_id: str, kind: str) -> list[Record]:
        """The records of one kind (a ProgramData field name such as 'debt' or 'updates'), in stored order."""
        if kind not in KINDS:
            raise InputError(f"Unknown record kind {kind!r}; use one of {', '.join(KINDS)}.")
        with self.db.read() as conn:
            self._program_row(conn, program_id)
            rows = kind_json(conn, program_id, kind)
        with paused_gc():
            return ADAPTERS[kind].validate_json("[" + ",".join(rows) + "]")

    def use_cases(self, program_id: str) -> list[UseCase]:
        """The program's use cases."""
        return self.records(program_id, "use_cases")  # type: ignore[return-value]

    def use_case(self, program_id: str, id_or_name: str) -> UseCase:
        """A use case by id, name or alias (any case); unknown names raise NotFoundError naming the closest."""
        return find_use_case(self.use_cases(program_id), self.program_name(program_id), id_or_name)

    def updates(self, program_id: str, since: Date | None = None, use_case: str | None = None) -> list[StandupUpdate]:
        """Stand-up updates, oldest first; only those on or after `since`, or about `use_case`, when given."""
        from sqlalchemy import select

        t = schema.records
        q = select(t.c.data).where(t.c.program_id == program_id, t.c.kind == "updates")
        if since is not None:
            q = q.where(t.c.day >= since)
        with self.db.read() as conn:
            self._program_row(conn, program_id)
            rows = list(conn.execute(q.order_by(t.c.day, t.c.position)).scalars().all())
        with paused_gc():
            found: list[StandupUpdate] = ADAPTERS["updates"].validate_json("[" + ",".join(rows) + "]")
        if use_case is not None:
            uc = self.use_case(program_id, use_case).id
            found = [u for u in found if uc in u.use_cases]
        return found

    def debt(self, program_id: str, status: str | None = None) -> list[DebtItem]:
        """The debt register, optionally only items with this status (open or resolved)."""
        items: list[DebtItem] = self.records(program_id, "debt")  # type: ignore[assignment]
        return [d for d in items if status is None or d.status == status]

    def decisions(self, program_id: str, status: str | None = None) -> list[Decision]:
        """Decisions, optionally only those with this status."""
        items: list[Decision] = self.records(program_id, "decisions")  # type: ignore[assignment]
        return [d for d in items if status is None or d.status == status]

    # --- importing ----------------------------------------------------------------------------

    def import_program(self, data: ProgramData, *, replace: bool = False, source: str = "import") -> ImportReport:
        """Merge a whole program into the store, or replace it; identical records are counted, not written.

        When the store ends up holding exactly `data` (a new program, or `replace`), `data` becomes the cached
        program that `program()` returns: do not change it afterwards.
        """
        from sqlalchemy import select

        pid = data.program.id
        t = schema.programs
        with self.db.write() as conn, paused_gc():
            exists = conn.execute(select(t.c.id).where(t.c.id == pid)).first()
            if exists and not replace:
                self._check(conn, pid, data.program, {kind: getattr(data, kind) for kind in KINDS}, source)
            report = ImportReport(program=pid)
            write_program(conn, data.program, report)
            for kind in KINDS:
                write_kind(conn, pid, kind, getattr(data, kind), report, replace=replace)
            if report.changed:
                bump(conn, pid)
            revision = self._revision(conn, pid)
        if not exists or replace:
            self._cache[pid] = (revision, data)
        else:
            self._cache.pop(pid, None)
        log.info("imported program %s: %s", pid, report.model_dump(exclude={"kinds"}))
        return report

    def import_records(self, program_id: str, kind: str, items: list[Record], *, source: str = "import") -> ImportReport:
        """Merge records of one kind (stand-up updates or debt items from a CSV) into a stored program."""
        with self.db.write() as conn:
            program = Program.model_validate_json(self._program_row(conn, program_id))
            self._check(conn, program_id, program, {kind: items}, source)  # also fills update sprints
            report = ImportReport(program=program_id)
            write_kind(conn, program_id, kind, items, report, replace=False)
            if report.changed:
                bump(conn, program_id)
        return report

    def _check(self, conn: "Connection", pid: str, program: Program, incoming: dict[str, list], source: str) -> None:
        """Check incoming records together with the stored ones they can refer to (references, cycles)."""
        fields: dict[str, Any] = {"program": program, **incoming}
        for kind in _CONTEXT_KINDS:
            fields[kind] = _merge(kind_models(conn, pid, kind), incoming.get(kind, []), KINDS[kind][1])
        try:
            # Records are already validated models: pydantic keeps the instances and runs only the
            # program-wide checks, which stays fast for large programs.
            ProgramData.model_validate(fields)
        except ValidationError as exc:
            raise InputError(problems_message(source, describe_errors(exc, fields, source))) from None

    def delete_program(self, program_id: str) -> None:
        """Remove a program and all its records."""
        with self.db.write() as conn:
            self._program_row(conn, program_id)
            conn.execute(schema.records.delete().where(schema.records.c.program_id == program_id))
            conn.execute(schema.non_working_days.delete().where(schema.non_working_days.c.program_id == program_id))
            conn.execute(schema.programs.delete().where(schema.programs.c.id == program_id))
        self._cache.pop(program_id, None)
        self._outlines.pop(program_id, None)


