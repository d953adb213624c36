"""Single-record writes on a stored program (a stand-up update, a debt item, a decision), each one transaction."""

from __future__ import annotations

import hashlib
import re
from datetime import date as Date
from typing import Any

from pydantic import ValidationError

from bot.errors import InputError, NotFoundError
from store import schema
from store.io import problems_message
from store.models import KINDS, DebtItem, Decision, Program, Record, StandupUpdate, sprint_lookup
from store.names import closest, find_use_case
from store.writes import bump, row


class SingleRecordWrites:
    """What RecordStore offers for adding or changing one record; `self` is the RecordStore."""

    def _add(self, program_id: str, kind: str, record: Record, *, overwrite: bool = False, numbered: str | None = None) -> Record:
        """Add one record (or replace it when `overwrite`), checking its references against the stored program.

        With `numbered` (an id prefix such as "D-"), the record gets the next free number, chosen inside the write
        transaction: two replicas adding at once get D-4 and D-5, where numbering before it gave both D-4.
        """
        from sqlalchemy import func, select

        t = schema.records
        with self.db.write() as conn:
            program = Program.model_validate_json(self._program_row(conn, program_id))
            if numbered:
                keys = conn.execute(select(t.c.key).where(t.c.program_id == program_id, t.c.kind == kind)).scalars()
                record = record.model_copy(update={"id": _next_number(keys, numbered)})
            new = row(program_id, kind, record, 0)
            where = (t.c.program_id == program_id, t.c.kind == kind, t.c.key == new["key"])
            old = conn.execute(select(t.c.position, t.c.data).where(*where)).first()
            if old is not None and old.data == new["data"]:
                return record  # the same record again (a retried request): nothing to write
            if old is not None and not overwrite:
                raise InputError(
                    f"A {kind} record with {KINDS[kind][1]} {new['key']!r} already exists in program {program_id!r}; "
                    "choose another id."
                )
            self._check(conn, program_id, program, {kind: [record]}, f"new {kind} record")
            if old is not None:
                new["position"] = old.position
                conn.execute(t.update().where(*where).values(**new))
            else:
                last = conn.execute(
                    select(func.max(t.c.position)).where(t.c.program_id == program_id, t.c.kind == kind)
                ).scalar()
                new["position"] = 0 if last is None else last + 1
                conn.execute(t.insert().values(**new))
            bump(conn, program_id)
        return record

    def _use_case_ids(self, program_id: str, names: list[str] | tuple[str, ...]) -> list[str]:
        if not names:
            return []
        cases = self.use_cases(program_id)  # read once, not once per name
        return [find_use_case(cases, self.program_name(program_id), name).id for name in names]  # type: ignore[attr-defined]

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
        stated_category: str | None = None,
        judgement: str = "",
        id: str | None = None,  # noqa: A002
    ) -> DebtItem:
        """Add an item to the debt register (ids debt-001, debt-002, ... when not given)."""
        item = _build(
            DebtItem, "debt item", id=id or "debt-000", description=description,
            category=category, risk_implication=risk_implication, planned_sprint=planned_sprint,
            use_case=self.use_case(program_id, use_case).id if use_case else None, raised=raised or Date.today(),
            stated_category=stated_category, judgement=judgement,
        )
        return self._add(program_id, "debt", item, numbered=None if id else "debt-")  # type: ignore[return-value]

    def resolve_debt(self, program_id: str, debt_id: str, on: Date | None = None) -> DebtItem:
        """Mark a debt item resolved."""
        items = {d.id: d for d in self.debt(program_id)}
        if debt_id not in items:
            close = closest(debt_id, {k.lower(): k for k in items})
            hint = f" Closest: {', '.join(close)}." if close else " See `compel debt list`."
            raise NotFoundError(f"No debt item {debt_id!r} on the debt register of {self.program_name(program_id)}.{hint}")  # type: ignore[attr-defined]
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
        """Add a decision the program needs (ids dec-001, dec-002, ... when not given)."""
        item = _build(
            Decision, "decision", id=id or "dec-000", question=question,
            owner=owner, deadline=deadline, use_case=self.use_case(program_id, use_case).id if use_case else None,
        )
        return self._add(program_id, "decisions", item, numbered=None if id else "dec-")  # type: ignore[return-value]


def _next_number(keys, prefix: str) -> str:
    """The prefix with one more than the highest number among stored ids of that shape, three digits at least
    (debt-001, debt-002 -> debt-003), the scheme the demo's register and decisions use."""
    numbers = [0]
    for key in keys:
        m = re.fullmatch(rf"{re.escape(prefix)}(\d+)", str(key), re.IGNORECASE)
        if m:
            numbers.append(int(m.group(1)))
    return f"{prefix}{max(numbers) + 1:03d}"


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
