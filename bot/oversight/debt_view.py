"""The debt register as a person reads it: category, use case by name, plan and whether it is overdue, risk."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.oversight.findings import Finding
from bot.oversight.view import ProgramView
from bot.oversight.wording import capitalise, category_label
from bot.prose import date_text

# Findings that speak about register items, shown beside the items they cite.
REGISTER_RULES = ("operational_risk", "compliance_violation", "debt_unplanned", "debt_overdue")


class RegisterRow(BaseModel):
    """One register item with what the register should show about it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    description: str
    category: str
    category_label: str
    status: str
    use_case: str | None = None
    use_case_name: str = ""
    planned_sprint: int | None = None
    overdue: bool = False
    plan_label: str
    status_label: str
    risk_implication: str = ""
    judgement: str = ""
    judged_as: str | None = Field(None, description="The worse category the findings judge the item to be, when it was filed as less.")
    flags: list[str] = Field(default_factory=list, description="Rules whose findings cite the item.")
    signals: list[str] = Field(default_factory=list, description="Those findings' titles, readable.")

    def as_json(self) -> dict:
        """The row as `debt list --json` prints it."""
        return self.model_dump(mode="json")


def _plan(item, current: int | None) -> tuple[str, bool]:
    if item.status != "open":
        return (f"resolved {date_text(item.resolved, year=True)}" if item.resolved else "resolved"), False
    if item.planned_sprint is None:
        return "no remediation sprint planned", False
    if current is not None and item.planned_sprint < current:
        return f"overdue: planned for sprint {item.planned_sprint}, now sprint {current}", True
    return f"planned for sprint {item.planned_sprint}", False


_RANK = {"debt": 0, "operational_risk": 1, "compliance_violation": 2}


def _judged(item, findings: list[Finding]) -> str | None:
    """The worst category a finding citing the item gives it, when that is worse than what it is filed as."""
    worse = [f.rule for f in findings if f.rule in ("operational_risk", "compliance_violation") and _RANK[f.rule] > _RANK.get(item.category, 0)]
    return max(worse, key=_RANK.__getitem__) if worse else None


def _what(item, judged: str | None) -> str:
    """What the item is, in one phrase: 'Debt'; 'Operational risk (recorded as debt)' when the findings judge it worse
    than its record; 'Operational risk (entered as debt)' when it was typed as debt and filed as what it is."""
    filed = item.stated_category if item.stated_category and item.stated_category != item.category else None
    if judged:
        return f"{category_label(judged, capital=True)} (recorded as {category_label(item.category)})"
    if filed:
        return f"{category_label(item.category, capital=True)} (entered as {category_label(filed)})"
    return category_label(item.category, capital=True)


class DebtRegister(BaseModel):
    """A program's debt register as every face shows it: the program, its name and the rows."""

    model_config = ConfigDict(extra="forbid")

    program: str
    name: str
    rows: list[RegisterRow] = Field(default_factory=list)


def item_row(item, current_sprint: int | None = None, use_case_name: str = "", findings: list[Finding] | None = None) -> RegisterRow:
    """One item as the register shows it, judged by the findings that cite it (none: as it is filed)."""
    plan, overdue = _plan(item, current_sprint)
    own = findings or []
    judged = _judged(item, own)
    return RegisterRow(
        id=item.id, description=item.description, category=item.category, category_label=_what(item, judged), judged_as=judged,
        status=item.status, use_case=item.use_case, use_case_name=use_case_name or (item.use_case or ""),
        planned_sprint=item.planned_sprint, overdue=overdue, plan_label=plan, status_label=capitalise(item.status),
        risk_implication=item.risk_implication, judgement=item.judgement,
        flags=[f.rule for f in own], signals=[f.title for f in own if f.rule != judged],  # the judgement is said once, in the label
    )


def register_rows(view: ProgramView, findings: list[Finding], state: str = "open") -> list[RegisterRow]:
    """The register's items in stored order (open, resolved or all), each with its plan state and signals."""
    cited: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule in REGISTER_RULES:
            for e in f.evidence:
                if e.kind == "debt":
                    cited.setdefault(e.id, []).append(f)
    return [
        item_row(d, view.current_sprint, view.name_of(d.use_case) if d.use_case else "", cited.get(d.id, []))
        for d in view.data.debt if state == "all" or d.status == state
    ]
