"""Rows in and out of the records tables: bulk writes that skip unchanged records, and the import report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from store import schema
from store.models import KINDS, Program, Record

if TYPE_CHECKING:
    from sqlalchemy import Connection

ADAPTERS: dict[str, TypeAdapter] = {kind: TypeAdapter(list[cls]) for kind, (cls, _) in KINDS.items()}
_DAY_FIELDS = ("date", "found", "requested", "raised")
_SPRINT_FIELDS = ("sprint", "number", "planned_sprint")
_BATCH = 5000


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


def _columns(cls: type[Record]) -> dict[str, str | None]:
    """Which field of a record class fills each indexed column (None when it has none)."""
    fields = cls.model_fields
    pick = lambda names: next((n for n in names if n in fields), None)  # noqa: E731
    return {"day": pick(_DAY_FIELDS), "sprint": pick(_SPRINT_FIELDS), "status": pick(("status",)), "use_case": pick(("use_case",))}


_COLUMNS: dict[str, dict[str, str | None]] = {kind: _columns(cls) for kind, (cls, _) in KINDS.items()}


def row(program_id: str, kind: str, record: Record, position: int) -> dict[str, Any]:
    """The columns of one record: its key, the indexed fields and the validated JSON."""
    fields = record.__dict__
    cols = _COLUMNS[kind]
    out = {
        "program_id": program_id,
        "kind": kind,
        "key": str(fields[KINDS[kind][1]]),
        "position": position,
        "data": record.model_dump_json(),
    }
    for column, name in cols.items():
        out[column] = fields[name] if name else None
    if kind == "updates":  # what the progress-claims query aggregates on (see RecordStore.outline)
        out["progress"] = int(fields["progress"])
        out["use_cases"] = schema.update_links(fields["use_cases"])
    else:
        out["progress"] = out["use_cases"] = None
    return out


def kind_json(conn: "Connection", program_id: str, kind: str) -> list[str]:
    """The stored JSON of one kind's records, in stored order."""
    from sqlalchemy import select

    t = schema.records
    q = select(t.c.data).where(t.c.program_id == program_id, t.c.kind == kind).order_by(t.c.position)
    return list(conn.execute(q).scalars().all())


def kind_models(conn: "Connection", program_id: str, kind: str) -> list[Record]:
    """One kind's records as models, in stored order."""
    return ADAPTERS[kind].validate_json("[" + ",".join(kind_json(conn, program_id, kind)) + "]")


def bump(conn: "Connection", program_id: str) -> None:
    """Give the program a new revision, so cached copies (in this process or another) are read again.

    Revisions come from one counter for the whole database, so a program deleted and imported again never
    gets back a revision an old cached copy still carries.
    """
    from sqlalchemy import select

    m, t = schema.meta, schema.programs
    current = conn.execute(select(m.c.value).where(m.c.key == "revision")).scalar_one_or_none()
    revision = int(current or 0) + 1
    if current is None:
        conn.execute(m.insert().values(key="revision", value=str(revision)))
    else:
        conn.execute(m.update().where(m.c.key == "revision").values(value=str(revision)))
    conn.execute(t.update().where(t.c.id == program_id).values(revision=revision))


def write_program(conn: "Connection", program: Program, report: ImportReport) -> None:
    """Insert or update the program row."""
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


def write_kind(conn: "Connection", pid: str, kind: str, items: list[Record], report: ImportReport, *, replace: bool) -> None:
    """Insert new rows and update changed ones in bulk (executemany), leaving identical rows alone.

    Merging keeps stored records not in `items` and appends new ones after them; replacing makes the
    stored records exactly `items`, in their order.
    """
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
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for i, record in enumerate(items):
        new = row(pid, kind, record, i)
        seen.add(new["key"])
        old = existing.get(new["key"])
        if old is None:
            if not replace:
                new["position"], next_pos = next_pos, next_pos + 1
            inserts.append(new)
            counts["created"] += 1
            continue
        if not replace:
            new["position"] = old[0]
        if old[1] != new["data"] or old[0] != new["position"]:
            updates.append({**new, "k_program": pid, "k_kind": kind, "k_key": new["key"]})
        counts["updated" if old[1] != new["data"] else "unchanged"] += 1
    for outcome, n in counts.items():
        report.count(kind, outcome, n)
    gone = [key for key in existing if key not in seen] if replace else []
    if gone:
        where = (t.c.program_id == pid, t.c.kind == kind, t.c.key == bindparam("k_key"))
        conn.execute(t.delete().where(*where), [{"k_key": key} for key in gone])
        report.count(kind, "removed", len(gone))
    if updates:
        stmt = t.update().where(
            t.c.program_id == bindparam("k_program"), t.c.kind == bindparam("k_kind"), t.c.key == bindparam("k_key")
        )
        cols = ("position", "sprint", "day", "status", "use_case", "progress", "use_cases", "data")
        conn.execute(stmt.values({c: bindparam(c) for c in cols}), updates)
    insert_rows(conn, inserts)


def insert_rows(conn: "Connection", rows: list[dict[str, Any]]) -> None:
    """Insert many record rows with the driver's executemany (SQLAlchemy's per-row parameter handling is the
    slow part of a 100k-row import), in the paramstyle of the connection's dialect."""
    if not rows:
        return
    compiled = schema.records.insert().compile(dialect=conn.dialect)
    sql = str(compiled)
    names = compiled.positiontup
    iso = conn.dialect.name == "sqlite"  # SQLAlchemy stores SQLite dates as ISO text; do the same
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        if iso:
            for r in batch:
                if r["day"] is not None:
                    r["day"] = r["day"].isoformat()
        params = [tuple(r[n] for n in names) for r in batch] if names else batch
        conn.exec_driver_sql(sql, params)
