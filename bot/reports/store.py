"""Retrospectives on the records database: each retro held, and the action items it produced, followed to done."""

from __future__ import annotations

import logging
from datetime import date as Date

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import and_, func, select, update

from bot.errors import InputError, NotFoundError
from store.database import open_feature_tables, upsert
from store.retro_tables import items, metadata, retros

log = logging.getLogger(__name__)


class Retro(BaseModel):
    """A retrospective held at the end of a sprint."""

    model_config = ConfigDict(extra="forbid")

    program: str
    sprint: int = Field(ge=0)
    day: Date
    notes: str = ""


class ActionItem(BaseModel):
    """An improvement a retrospective agreed: what, who, by which sprint, and whether it is done."""

    model_config = ConfigDict(extra="forbid")

    program: str
    number: int = Field(0, ge=0, description="Its number in the program's list (given when saved).")
    sprint: int = Field(ge=0, description="The sprint whose retro agreed it.")
    text: str = Field(min_length=1, max_length=1000)
    owner: str = Field(min_length=1, max_length=200)
    due_sprint: int = Field(ge=0)
    status: str = "open"
    done_day: Date | None = None


class RetroStore:
    """Retros and their action items, in their own tables on the records database."""

    def __init__(self, url: str) -> None:
        self.engine = open_feature_tables(url, metadata, "retrospective store")

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    def hold(self, retro: Retro) -> Retro:
        """Record that a sprint's retro was held (again: its notes are replaced)."""
        with self.engine.begin() as conn:
            upsert(conn, retros, dict(program=retro.program, sprint=retro.sprint, day=retro.day.isoformat(), notes=retro.notes), ("program", "sprint"))
        return retro

    def retros(self, program: str) -> list[Retro]:
        """Every retro held for a program, by sprint."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(retros).where(retros.c.program == program).order_by(retros.c.sprint)).all()
        return [Retro(program=r.program, sprint=r.sprint, day=Date.fromisoformat(r.day), notes=r.notes or "") for r in rows]

    def add(self, item: ActionItem) -> ActionItem:
        """Save a new action item under the next free number."""
        if item.due_sprint < item.sprint:
            raise InputError(f"An action item from sprint {item.sprint} cannot be due in sprint {item.due_sprint}; give --due {item.sprint + 1} or later.")
        with self.engine.begin() as conn:
            last = conn.execute(select(func.max(items.c.number)).where(items.c.program == item.program)).scalar()
            saved = item.model_copy(update={"number": (last or 0) + 1})
            conn.execute(items.insert().values(**saved.model_dump(mode="json")))
        return saved

    def done(self, program: str, number: int, day: Date) -> ActionItem:
        """Mark an action item done on a day."""
        with self.engine.begin() as conn:
            hit = conn.execute(update(items).where(and_(items.c.program == program, items.c.number == number))
                               .values(status="done", done_day=day.isoformat())).rowcount
        if not hit:
            raise NotFoundError(f"No retro action item {number}; list them with `compel sprint retro`.")
        return next(i for i in self.items(program) if i.number == number)

    def items(self, program: str) -> list[ActionItem]:
        """Every action item of a program, by number."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(items).where(items.c.program == program).order_by(items.c.number)).all()
        return [ActionItem(program=r.program, number=r.number, sprint=r.sprint, text=r.text, owner=r.owner, due_sprint=r.due_sprint,
                           status=r.status, done_day=Date.fromisoformat(r.done_day) if r.done_day else None) for r in rows]
