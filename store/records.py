"""The records store: program records in SQL (SQLite by default, any SQLAlchemy URL), typed in and out."""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from bot.errors import InputError, NotFoundError, StoreError
from store import schema
from store.io import problems_message
from store.models import (
    KINDS,
    DebtItem,
    Decision,
    Program,
    ProgramData,
    Record,
    StandupUpdate,
    UseCase,
    describe_errors,
    sprint_lookup,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from bot.config import Settings

log = logging.getLogger(__name__)

_ADAPTERS: dict[str, TypeAdapter] = {kind: TypeAdapter(list[cls]) for kind, (cls, _) in KINDS.items()}
_DAY_FIELDS = ("date", "found", "requested", "raised")
_SPRINT_FIELDS = ("sprint", "number", "planned_sprint")


class ImportReport(BaseModel):
    """What an import did: records created, updated, left unchanged (and removed, when replacing)."""

    model_config = ConfigDict(extra="forbid")

    program: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kinds: dict[str, dict[str, int]] = Field(default_factory=dict, description="The same counts per record kind.")

    @property
    def changed(self) -> bool:
        """True when the import wrote anything."""
        return bool(self.created or self.updated or self.removed)

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        """Add n to an outcome (created, updated, unchanged, removed) of one kind."""
        if n:
            setattr(self, outcome, getattr(self, outcome) + n)
            per = self.kinds.setdefault(kind, {})
            per[outcome] = per.get(outcome, 0) + n


def _row(program_id: str, kind: str, record: Record, position: int) -> dict[str, Any]:
    """The columns of one record: its key, the indexed fields and the validated JSON."""
    key_field = KINDS[kind][1]
    fields = record.__dict__
    day = next((fields[f] for f in _DAY_FIELDS if isinstance(fields.get(f), Date)), None)
    sprint = next((fields[f] for f in _SPRINT_FIELDS if isinstance(fields.get(f), int)), None)
    status = fields.get("status") if isinstance(fields.get("status"), str) else None
    use_case = fields.get("use_case") if isinstance(fields.get("use_case"), str) else None
    return {
        "program_id": program_id,
        "kind": kind,
        "key": str(fields[key_field]),
        "position": position,
        "sprint": sprint,
        "day": day,
        "status": status,
        "use_case": use_case,
        "data": record.model_dump_json(),
    }


def _closest(word: str, names: dict[str, str], n: int = 3) -> list[str]:
    """Display names of the candidates closest to `word` (names maps a lower-case alias to a display name)."""
    hits = difflib.get_close_matches(word.lower(), list(names), n=n * 2, cutoff=0.4)
    out: list[str] = []
    for hit in hits:
        if names[hit] not in out:
            out.append(names[hit])
    return out[:n]


class RecordStore:
    """Program records in a SQL database; every write is one transaction, every read returns models."""

    def __init__(self, settings: "Settings", *, lock_timeout: float = 10.0) -> None:
        self.settings = settings
        self.lock_timeout = lock_timeout  # seconds a write waits for another process's write (SQLite)
        self.url = settings.records_url
        self._engine: Engine | None = None

    # --- connection, transactions, errors ------------------------------------------------

    @property
    def engine(self) -> "Engine":
        """The SQLAlchemy engine, created and upgraded to the current schema on first use."""
        if self._engine is None:
            self._engine = self._connect()
        return self._engine

    def _connect(self) -> "Engine":
        from sqlalchemy import create_engine, event
        from sqlalchemy.engine import make_url

        try:
            url = make_url(self.url)
        except Exception as exc:  # noqa: BLE001 - sqlalchemy raises several types for a bad URL
            raise StoreError(f"COMPEL_DATABASE_URL {self.url!r} is not a database URL ({exc}); unset it or fix it.") from None
        sqlite = url.get_backend_name() == "sqlite"
        if sqlite and url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = create_engine(url, connect_args={"timeout": self.lock_timeout} if sqlite else {})
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"The database driver {exc.name!r} for {url.get_backend_name()} is not installed; pip install it "
                "(for PostgreSQL: pip install psycopg) or unset COMPEL_DATABASE_URL to use SQLite."
            ) from None
        if sqlite:
            # Let SQLAlchemy, not the driver, open transactions, so reads and writes share one (SQLAlchemy recipe).
            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn, _record) -> None:
                dbapi_conn.isolation_level = None

            @event.listens_for(engine, "begin")
            def _on_begin(conn) -> None:
                conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

        self._engine = engine
        with self._errors(), engine.connect().execution_options(write=True) as conn, conn.begin():
            before = schema.current_version(conn)
            if before > schema.SCHEMA_VERSION:
                raise StoreError(
                    f"The records database {self._where()} has schema version {before}, newer than this compel-bot "
                    f"knows ({schema.SCHEMA_VERSION}); upgrade compel-bot or point COMPEL_DATABASE_URL elsewhere."
                )
            schema.upgrade(conn)
        return engine

    def _where(self) -> str:
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn driver errors into StoreErrors that say what to do."""
        from sqlalchemy.exc import DatabaseError, OperationalError

        try:
            yield
        except OperationalError as exc:
            text = str(exc.orig).lower()
            if "locked" in text or "busy" in text:
                raise StoreError(
                    f"The records database {self._where()} is locked by another process; "
                    "wait for it to finish (or close it) and try again."
                ) from None
            if "unable to open" in text or "readonly" in text or "read-only" in text:
                raise StoreError(
                    f"Cannot write the records database {self._where()}; check that COMPEL_DATA_DIR is writable."
                ) from None
            raise StoreError(f"The records database {self._where()} failed ({exc.orig}); check COMPEL_DATABASE_URL.") from None
        except DatabaseError as exc:
            raise StoreError(
                f"The records database {self._where()} is damaged or not a database ({exc.orig}); move it aside and "
                "import your records again (`compel records import FILE` or `compel demo load`)."
            ) from None

    @contextmanager
    def _read(self) -> Iterator["Connection"]:
        with self._errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self) -> Iterator["Connection"]:
        """One transaction: everything inside is written, or nothing is."""
        with self._errors(), self.engine.connect().execution_options(write=True) as conn, conn.begin():
            yield conn

    def close(self) -> None:
        """Release database connections."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # --- reading ------------------------------------------------------------------------------

    def programs(self) -> list[Program]:
        """Every program in the store, by id."""
        from sqlalchemy import select

        t = schema.programs
        with self._read() as conn:
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
        close = _closest(wanted, {i.lower(): i for i in ids})
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

    def _kind_json(self, conn: "Connection", program_id: str, kind: str) -> list[str]:
        from sqlalchemy import select

        t = schema.records
        q = select(t.c.data).where(t.c.program_id == program_id, t.c.kind == kind).order_by(t.c.position)
        return list(conn.execute(q).scalars())

    def program(self, program_id: str) -> ProgramData:
        """The whole program, every record in its stored order."""
        with self._read() as conn:
            return self._load(conn, program_id)

    def _load(self, conn: "Connection", program_id: str) -> ProgramData:
        parts = [f'"program":{self._program_row(conn, program_id)}']
        for kind in KINDS:
            parts.append(f'"{kind}":[{",".join(self._kind_json(conn, program_id, kind))}]')
        return ProgramData.model_validate_json("{" + ",".join(parts) + "}")

    def counts(self, program_id: str) -> dict[str, int]:
        """Number of records of each kind, counted in SQL (no records are loaded)."""
        from sqlalchemy import func, select

        t = schema.records
        with self._read() as conn:
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
        with self._read() as conn:
            self._program_row(conn, program_id)
            rows = self._kind_json(conn, program_id, kind)
        return _ADAPTERS[kind].validate_json("[" + ",".join(rows) + "]")

    def use_cases(self, program_id: str) -> list[UseCase]:
        """The program's use cases."""
        return self.records(program_id, "use_cases")  # type: ignore[return-value]

    def use_case(self, program_id: str, id_or_name: str) -> UseCase:
        """A use case by id, name or alias (any case); unknown names raise NotFoundError naming the closest."""
        cases = self.use_cases(program_id)
        wanted = id_or_name.strip().lower()
        names: dict[str, str] = {}
        for uc in cases:
            for alias in (uc.id, uc.name, *uc.aliases):
                if alias.lower() == wanted:
                    return uc
                names.setdefault(alias.lower(), uc.id if uc.name == uc.id else f"{uc.id} ({uc.name})")
        close = _closest(wanted, names)
        hint = f" Closest: {', '.join(close)}." if close else f" Known: {', '.join(uc.id for uc in cases) or 'none'}."
        raise NotFoundError(f"No use case {id_or_name!r} in program {program_id!r}.{hint}")

    def updates(self, program_id: str, since: Date | None = None, use_case: str | None = None) -> list[StandupUpdate]:
        """Stand-up updates, oldest first; only those on or after `since`, or about `use_case`, when given."""
        from sqlalchemy import select

        t = schema.records
        q = select(t.c.data).where(t.c.program_id == program_id, t.c.kind == "updates")
        if since is not None:
            q = q.where(t.c.day >= since)
        with self._read() as conn:
            self._program_row(conn, program_id)
            rows = list(conn.execute(q.order_by(t.c.day, t.c.position)).scalars())
        found: list[StandupUpdate] = _ADAPTERS["updates"].validate_json("[" + ",".join(rows) + "]")
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
        """Merge a whole program into the store (or replace it); records already there unchanged are counted, not written."""
        pid = data.program.id
        with self._write() as conn:
            from sqlalchemy import select

            exists = conn.execute(select(schema.programs.c.id).where(schema.programs.c.id == pid)).first()
            if exists and not replace:
                data = self._validate(self._merge(self._load(conn, pid), data), source)
            report = ImportReport(program=pid)
            self._write_program(conn, data.program, report)
            for kind in KINDS:
                self._write_kind(conn, pid, kind, getattr(data, kind), report, replace=replace)
        log.info("imported program %s: %s", pid, report.model_dump(exclude={"kinds"}))
        return report

    def import_records(self, program_id: str, kind: str, items: list[Record], *, source: str = "import") -> ImportReport:
        """Merge records of one kind (e.g. stand-up updates or debt items from a CSV) into a stored program."""
        with self._write() as conn:
            current = self._load(conn, program_id)
            incoming = ProgramData.model_construct(program=current.program, **{kind: items})
            self._validate(self._merge(current, incoming, only=kind), source)  # also fills update sprints
            report = ImportReport(program=program_id)
            self._write_kind(conn, program_id, kind, items, report, replace=False)
        return report

    @staticmethod
    def _merge(current: ProgramData, incoming: ProgramData, only: str | None = None) -> dict[str, Any]:
        """Stored records with incoming ones replacing those of the same key, new ones appended."""
        merged: dict[str, Any] = {"program": incoming.program}
        for kind, (_, key) in KINDS.items():
            if only is not None and kind != only:
                merged[kind] = getattr(current, kind)
                continue
            new = {getattr(r, key): r for r in getattr(incoming, kind)}
            kept = [new.pop(getattr(r, key), r) for r in getattr(current, kind)]
            merged[kind] = kept + list(new.values())
        return merged

    @staticmethod
    def _validate(fields: dict[str, Any], source: str) -> ProgramData:
        """Check the merged program as a whole (references, duplicates, cycles across old and new records)."""
        try:
            # Records are already validated models; pydantic keeps instances as they are and runs only the
            # program-wide checks, which keeps this fast for large programs.
            return ProgramData.model_validate(fields)
        except ValidationError as exc:
            lines = describe_errors(exc, fields, source)
            raise InputError(problems_message(source, lines)) from None

    def _write_program(self, conn: "Connection", program: Program, report: ImportReport) -> None:
        from sqlalchemy import select

        t = schema.programs
        data = program.model_dump_json()
        old = conn.execute(select(t.c.data).where(t.c.id == program.id)).scalar_one_or_none()
        if old is None:
            conn.execute(t.insert().values(id=program.id, name=program.name, data=data))
            report.count("program", "created")
        elif old != data:
            conn.execute(t.update().where(t.c.id == program.id).values(name=program.name, data=data))
            report.count("program", "updated")
        else:
            report.count("program", "unchanged")

    def _write_kind(
        self, conn: "Connection", pid: str, kind: str, items: list[Record], report: ImportReport, *, replace: bool
    ) -> None:
        """Insert new rows and update changed ones in bulk (executemany), leaving identical rows alone."""
        from sqlalchemy import bindparam, select

        t = schema.records
        existing = {
            key: (pos, data)
            for key, pos, data in conn.execute(
                select(t.c.key, t.c.position, t.c.data).where(t.c.program_id == pid, t.c.kind == kind)
            )
        }
        next_pos = max((pos for pos, _ in existing.values()), default=-1) + 1
        inserts, updates, seen = [], [], set()
        for i, record in enumerate(items):
            row = _row(pid, kind, record, i if replace else next_pos)
            seen.add(row["key"])
            old = existing.get(row["key"])
            if old is None:
                inserts.append(row)
                next_pos += 0 if replace else 1
                report.count(kind, "created")
            elif old[1] != row["data"] or (replace and old[0] != row["position"]):
                if not replace:
                    row["position"] = old[0]
                updates.append({**row, "k_program": pid, "k_kind": kind, "k_key": row["key"]})
                report.count(kind, "updated" if old[1] != row["data"] else "unchanged")
            else:
                report.count(kind, "unchanged")
        gone = [key for key in existing if key not in seen] if replace else []
        if gone:
            conn.execute(
                t.delete().where(t.c.program_id == pid, t.c.kind == kind, t.c.key == bindparam("k_key")),
                [{"k_key": key} for key in gone],
            )
            report.count(kind, "removed", len(gone))
        if updates:
            stmt = t.update().where(
                t.c.program_id == bindparam("k_program"), t.c.kind == bindparam("k_kind"), t.c.key == bindparam("k_key")
            )
            cols = ("position", "sprint", "day", "status", "use_case", "data")
            conn.execute(stmt.values({c: bindparam(c) for c in cols}), updates)
        for start in range(0, len(inserts), 5000):
            conn.execute(t.insert(), inserts[start : start + 5000])

    # --- single-record writes ------------------------------------------------------------------

    def _add(self, program_id: str, kind: str, record: Record, *, overwrite: bool = False) -> Record:
        """Add one record (or replace it when `overwrite`), checking its references against the stored program."""
        from sqlalchemy import func, select

        t = schema.records
        with self._write() as conn:
            program = Program.model_validate_json(self._program_row(conn, program_id))
            key_field = KINDS[kind][1]
            row = _row(program_id, kind, record, 0)
            where = (t.c.program_id == program_id, t.c.kind == kind, t.c.key == row["key"])
            old = conn.execute(select(t.c.position, t.c.data).where(*where)).first()
            if old is not None and old.data == row["data"]:
                return record  # the same record again (a retried request): nothing to write
            if old is not None and not overwrite:
                raise InputError(
                    f"A {kind} record with {key_field} {row['key']!r} already exists in program {program_id!r}; "
                    "choose another id."
                )
            context: dict[str, Any] = {"program": program}
            for ref_kind in ("workstreams", "use_cases"):
                rows = self._kind_json(conn, program_id, ref_kind)
                context[ref_kind] = _ADAPTERS[ref_kind].validate_json("[" + ",".join(rows) + "]")
            context[kind] = [*context.get(kind, []), record]
            self._validate(context, f"new {kind} record")
            if old is not None:
                row["position"] = old.position
                conn.execute(t.update().where(*where).values(**row))
            else:
                last = conn.execute(
                    select(func.max(t.c.position)).where(t.c.program_id == program_id, t.c.kind == kind)
                ).scalar()
                row["position"] = 0 if last is None else last + 1
                conn.execute(t.insert().values(**row))
        return record

    def _next_id(self, program_id: str, kind: str, prefix: str) -> str:
        numbers = [0]
        for record in self.records(program_id, kind):
            m = re.fullmatch(rf"{re.escape(prefix)}(\d+)", str(getattr(record, "id", "")))
            if m:
                numbers.append(int(m.group(1)))
        return f"{prefix}{max(numbers) + 1}"

    def _use_case_ids(self, program_id: str, names: list[str] | tuple[str, ...]) -> list[str]:
        return [self.use_case(program_id, name).id for name in names]

    def add_update(
        self,
        program_id: str,
        *,
        date: Date,
        author: str,
        text: str,
        use_cases: list[str] | tuple[str, ...] = (),
        workstream: str | None = None,
        blockers: list[str] | tuple[str, ...] = (),
        progress: bool = False,
        source_link: str | None = None,
        sprint: int | None = None,
        id: str | None = None,  # noqa: A002 - the record's field name
    ) -> StandupUpdate:
        """Record a stand-up update; use cases may be named by id, name or alias. The same update twice is stored once."""
        ids = self._use_case_ids(program_id, use_cases)
        if sprint is None:
            sprint = sprint_lookup(self.records(program_id, "sprints"))(date)  # type: ignore[arg-type]
        digest = hashlib.sha1(f"{date}|{author}|{text}".encode()).hexdigest()[:10]
        update = _build(
            StandupUpdate, "update", id=id or f"u-{digest}", date=date, author=author, text=text, use_cases=ids,
            workstream=workstream, blockers=list(blockers), progress=progress, source_link=source_link, sprint=sprint,
        )
        return self._add(program_id, "updates", update)  # type: ignore[return-value]

    def add_debt(
        self,
        program_id: str,
        *,
        description: str,
        category: str = "debt",
        risk_implication: str = "",
        planned_sprint: int | None = None,
        use_case: str | None = None,
        raised: Date | None = None,
        id: str | None = None,  # noqa: A002
    ) -> DebtItem:
        """Add an item to the debt register (ids D-1, D-2, ... when not given)."""
        item = _build(
            DebtItem, "debt item", id=id or self._next_id(program_id, "debt", "D-"), description=description,
            category=category, risk_implication=risk_implication, planned_sprint=planned_sprint,
            use_case=self.use_case(program_id, use_case).id if use_case else None, raised=raised or Date.today(),
        )
        return self._add(program_id, "debt", item)  # type: ignore[return-value]

    def resolve_debt(self, program_id: str, debt_id: str, on: Date | None = None) -> DebtItem:
        """Mark a debt item resolved."""
        items = {d.id: d for d in self.debt(program_id)}
        if debt_id not in items:
            close = _closest(debt_id, {k.lower(): k for k in items})
            hint = f" Closest: {', '.join(close)}." if close else " See `compel debt list`."
            raise NotFoundError(f"No debt item {debt_id!r} in program {program_id!r}.{hint}")
        item = items[debt_id].model_copy(update={"status": "resolved", "resolved": on or Date.today()})
        return self._add(program_id, "debt", item, overwrite=True)  # type: ignore[return-value]

    def add_decision(
        self,
        program_id: str,
        *,
        question: str,
        owner: str,
        deadline: Date | None = None,
        use_case: str | None = None,
        id: str | None = None,  # noqa: A002
    ) -> Decision:
        """Add a decision the program needs (ids DEC-1, DEC-2, ... when not given)."""
        item = _build(
            Decision, "decision", id=id or self._next_id(program_id, "decisions", "DEC-"), question=question,
            owner=owner, deadline=deadline, use_case=self.use_case(program_id, use_case).id if use_case else None,
        )
        return self._add(program_id, "decisions", item)  # type: ignore[return-value]

    def delete_program(self, program_id: str) -> None:
        """Remove a program and all its records."""
        with self._write() as conn:
            self._program_row(conn, program_id)
            conn.execute(schema.records.delete().where(schema.records.c.program_id == program_id))
            conn.execute(schema.programs.delete().where(schema.programs.c.id == program_id))


def _build(cls: type[Record], what: str, **fields: Any) -> Any:
    """Validate a new record, turning errors into one InputError line per problem."""
    try:
        return cls.model_validate(fields)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "record"
            got = f" (got {err['input']!r})" if isinstance(err.get("input"), (str, int, float)) else ""
            lines.append(f"new {what} field {field}: {err['msg'].removeprefix('Value error, ')}{got}")
        raise InputError(problems_message(f"new {what}", lines)) from None
