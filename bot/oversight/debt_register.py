"""Filing a register line: judged as debt, operational risk or compliance violation, escalated when it is not debt."""

from __future__ import annotations

import logging
from datetime import date as Date

from pydantic import BaseModel, ConfigDict

from bot.errors import InputError
from bot.oversight.debt_judgement import DebtJudge, DebtJudgement
from bot.oversight.wording import category_label
from store.models import DebtItem, Decision

log = logging.getLogger(__name__)

# Who owns the call on a line that is not debt, when no owner is given: the use case's owner first, else the
# lead of the pillar the line belongs to.
_OWNER_PILLAR = {"compliance_violation": "governance", "operational_risk": "technology"}
_QUESTION = {
    "compliance_violation": "Stop or narrow {what} until the missing approval is in place, or take it to the risk owners for a documented decision?",
    "operational_risk": "Limit the live use of {what} until this is fixed, or fix it within this sprint?",
}


class FiledDebt(BaseModel):
    """What `debt add` did: the item as filed, the judgement behind its category, and the decision raised."""

    model_config = ConfigDict(extra="forbid")

    item: DebtItem
    judgement: DebtJudgement | None = None
    stated: str | None = None
    decision: Decision | None = None

    def as_json(self) -> dict:
        """The item as `--json` prints it, with the judgement and the escalation beside it."""
        out = self.item.model_dump(mode="json")
        out["judged"] = self.judgement.model_dump(mode="json") if self.judgement else None
        out["escalation"] = self.decision.model_dump(mode="json") if self.decision else None
        return out

    def lines(self, program_name: str) -> list[str]:
        """What a person reads after adding: what was filed (in the register of the program named), why, and who
        now owns the call."""
        item = self.item
        out = [f"Added {item.id} to the debt register of {program_name} as {_article(item.category)}: {item.description.rstrip('.')}."]
        if self.stated and self.stated != item.category:
            out.append(f"Filed as {_article(item.category)}, not {category_label(self.stated)}: {self.judgement.reason.split(': ', 1)[1]}")
        elif self.judgement is not None and self.stated is None:
            out.append(self.judgement.reason)
        if self.decision is not None:
            out.append(f"Escalated to {self.decision.owner} as decision {self.decision.id}: {self.decision.question}")
        elif item.category == "debt" and item.planned_sprint is None:
            out.append("Note: no remediation sprint planned; add one with --sprint so it does not accumulate unseen.")
        return out


def _article(category: str) -> str:
    label = category_label(category)
    return f"an {label}" if label[0] in "aeiou" else label if category == "debt" else f"a {label}"


def _owner(records, program_id: str, category: str, use_case) -> str:
    if use_case is not None and use_case.owner:
        return use_case.owner
    pillar = _OWNER_PILLAR[category]
    leads = [w.lead for w in records.records(program_id, "workstreams") if w.pillar == pillar and w.lead]
    return leads[0] if leads else ""


def file_debt(
    records,
    judge: DebtJudge | None,
    program_id: str,
    *,
    description: str,
    category: str | None = None,
    risk_implication: str = "",
    planned_sprint: int | None = None,
    use_case: str | None = None,
    owner: str | None = None,
    item_id: str | None = None,
    today: Date | None = None,
) -> FiledDebt:
    """Judge, file and (for a risk or a violation) escalate one register line; nothing is written on bad input.

    A category of debt that the judgement reads as worse is filed as what it is, with the reason: a compliance
    violation is never acceptable as debt, and an operational risk must not be scheduled for later.
    """
    judged = judge.judge(description, risk_implication) if judge is not None and category in (None, "debt") else None
    final = judged.category if judged is not None and (category is None or judged.contradicts(category)) else (category or "debt")
    uc = records.use_case(program_id, use_case) if use_case else None
    who = ""
    if final != "debt":
        who = (owner or "").strip() or _owner(records, program_id, final, uc)
        if not who:
            raise InputError(
                f"This line is {_article(final)} and must be escalated, but nobody owns it: give --owner NAME "
                "(or link a use case that has an owner with --use-case)."
            )
    item = records.add_debt(
        program_id, description=description, category=final, risk_implication=risk_implication,
        planned_sprint=planned_sprint, use_case=uc.id if uc else None, raised=today,
        stated_category=category if category and category != final else None,
        judgement=judged.reason if judged is not None else "", id=item_id,
    )
    decision = None
    if final != "debt":
        what = uc.name if uc else "this work"
        decision = records.add_decision(
            program_id, question=f"{category_label(final, capital=True)} on the debt register ({item.id}): "
            + _QUESTION[final].format(what=what), owner=who, use_case=uc.id if uc else None,
        )
        log.info("debt item %s filed as %s and escalated as %s", item.id, final, decision.id)
    return FiledDebt(item=item, judgement=judged, stated=category, decision=decision)
