"""More single-record writes kept from Slack: risks, escalations and milestone status (ids rk-001, esc-001, ...)."""

from __future__ import annotations

from datetime import date as Date

from bot.errors import InputError, NotFoundError
from store.models import MILESTONES, Escalation, Risk
from store.names import closest
from store.single import _build


class MoreRecordWrites:
    """What RecordStore offers beyond SingleRecordWrites; `self` is the RecordStore."""

    def add_risk(
        self,
        program_id: str,
        *,
        title: str,
        severity: str = "medium",
        owner: str = "",
        mitigation: str = "",
        use_case: str | None = None,
        workstream: str | None = None,
        review_by: Date | None = None,
        raised: Date | None = None,
        id: str | None = None,  # noqa: A002 - the record's field name
    ) -> Risk:
        """Add a risk to the program's register (ids rk-001, rk-002, ... when not given)."""
        risk = _build(
            Risk, "risk", id=id or "rk-000", title=title, severity=severity, owner=owner, mitigation=mitigation,
            use_case=self.use_case(program_id, use_case).id if use_case else None, workstream=workstream,
            review_by=review_by, raised=raised or Date.today(),
        )
        return self._add(program_id, "risks", risk, numbered=None if id else "rk-")  # type: ignore[attr-defined]

    def update_risk(self, program_id: str, risk_id: str, **changes) -> Risk:
        """Change a risk on the register (status, severity, owner, mitigation, review date); fields not given stay."""
        risks = {r.id.lower(): r for r in self.records(program_id, "risks")}  # type: ignore[attr-defined]
        risk = risks.get(risk_id.strip().lower())
        if risk is None:
            near = closest(risk_id, {k: v.id for k, v in risks.items()})
            hint = f" Closest: {', '.join(near)}." if near else " See `compel risk list`."
            raise NotFoundError(f"No risk {risk_id!r} on the risk register of {self.program_name(program_id)}.{hint}")  # type: ignore[attr-defined]
        if not changes:
            raise InputError(f"Nothing to change on {risk.id}; give a status, severity, owner, mitigation or review date.")
        updated = _build(Risk, "risk", **{**risk.model_dump(), **changes})
        return self._add(program_id, "risks", updated, overwrite=True)  # type: ignore[attr-defined]

    def add_escalation(
        self,
        program_id: str,
        *,
        subject: str,
        to: str,
        use_case: str | None = None,
        milestone: str | None = None,
        raised: Date | None = None,
        id: str | None = None,  # noqa: A002
    ) -> Escalation:
        """Record an escalation (ids esc-001, ... when not given)."""
        esc = _build(
            Escalation, "escalation", id=id or "esc-000", subject=subject, to=to, milestone=milestone,
            use_case=self.use_case(program_id, use_case).id if use_case else None, raised=raised or Date.today(),
        )
        return self._add(program_id, "escalations", esc, numbered=None if id else "esc-")  # type: ignore[attr-defined]

    def set_milestone(self, program_id: str, use_case: str, milestone: str, status: str, on: Date | None = None):
        """Set a use case's milestone status (met takes today's date unless given); returns the use case."""
        key = milestone.strip().lower().replace(" ", "_").replace("-", "_")
        if key not in MILESTONES:
            raise InputError(f"Unknown milestone {milestone!r}; use one of: {', '.join(k.replace('_', ' ') for k in MILESTONES)}.")
        uc = self.use_case(program_id, use_case)  # type: ignore[attr-defined]
        current = getattr(uc.milestones, key)
        fields = {"status": status, "actual": (on or Date.today()) if status == "met" else None}
        try:
            changed = current.model_validate({**current.model_dump(), **fields})
        except ValueError as exc:
            raise InputError(f"Milestone {key.replace('_', ' ')}: {exc}") from None
        milestones = uc.milestones.model_copy(update={key: changed})
        updated = uc.model_copy(update={"milestones": milestones})
        return self._add(program_id, "use_cases", updated, overwrite=True)  # type: ignore[attr-defined]
