"""Records kept by hand from Slack and the console: risks, decisions, escalations, debt and milestone status.

Each action takes the fields a person typed, writes one record (two, when a debt line is escalated) and returns
the lines to show. Parsing stays in the faces; wording and ids (rk-001, dec-001, esc-001, debt-001) live here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date as Date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.errors import InputError
from bot.oversight.debt_register import file_debt
from bot.prose import date_text

_SEVERITIES = ("low", "medium", "high", "critical")
_MILESTONE_STATES = ("pending", "met", "missed", "at_risk")


class RecordWritten(BaseModel):
    """What a write did: the kind and id of the record, and the lines a person reads."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    id: str
    lines: list[str] = Field(default_factory=list)
    record: dict[str, Any] = Field(default_factory=dict, description="The record as saved, JSON-ready (what --json prints).")


def _day(fields: dict[str, str], key: str) -> Date | None:
    value = fields.get(key, "").strip()
    if not value:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{key} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01.") from None


def _need(fields: dict[str, str], key: str, usage: str) -> str:
    """A field that must be given; its absence named as the usage names it ('the question', 'the owner')."""
    value = fields.get(key, "").strip()
    if not value:
        # the first part is the usage's first placeholder (TITLE, ID, QUESTION, USE_CASE); the others are named by key
        placeholder = re.search(r"\b[A-Z][A-Z_]+\b", usage)
        what = placeholder.group(0).lower().replace("_", " ") if key == "title" and placeholder else key
        raise InputError(f"Missing the {what}: `/compel {usage}`.")
    return value


def _choice(fields: dict[str, str], key: str, allowed: tuple[str, ...], default: str) -> str:
    typed = fields.get(key, default).strip()
    value = re.sub(r"[\s_\-]+", "_", typed).lower() or default
    if value not in allowed:
        raise InputError(f"{key} {typed!r} is not one of: {', '.join(a.replace('_', ' ') for a in allowed)}.")
    return value


def add_risk(records, judge, program: str, fields: dict[str, str]) -> RecordWritten:
    """A risk on the register."""
    risk = records.add_risk(
        program, title=_need(fields, "title", "risk add TITLE | severity high | owner NAME | mitigation TEXT"),
        severity=_choice(fields, "severity", _SEVERITIES, "medium"), owner=fields.get("owner", "").strip(),
        mitigation=fields.get("mitigation", "").strip(), use_case=fields.get("use case") or None,
        review_by=_day(fields, "review"),
    )
    lines = [f"Added risk {risk.id} to the risk register of {records.program_name(program)}: {risk.title} ({risk.severity})."]
    missing = [w for w, v in (("an owner", risk.owner), ("a mitigation", risk.mitigation)) if not v]
    if missing:
        lines.append(f"It has no {' or '.join(m.split(' ', 1)[1] for m in missing)} yet; an open risk without them is a finding.")
    return RecordWritten(kind="risk", id=risk.id, lines=lines, record=risk.model_dump(mode="json"))


_RISK_STATES = ("open", "mitigated", "closed")


def update_risk(records, judge, program: str, fields: dict[str, str]) -> RecordWritten:
    """A risk on the register changed: only the fields given change."""
    usage = "risk update ID | status mitigated | severity low | owner NAME | mitigation TEXT | review YYYY-MM-DD"
    risk_id = _need(fields, "title", usage)
    changes: dict[str, object] = {}
    if fields.get("status", "").strip():
        changes["status"] = _choice(fields, "status", _RISK_STATES, "")
    if fields.get("severity", "").strip():
        changes["severity"] = _choice(fields, "severity", _SEVERITIES, "")
    for key in ("owner", "mitigation"):
        if fields.get(key, "").strip():
            changes[key] = fields[key].strip()
    if fields.get("review", "").strip():
        changes["review_by"] = _day(fields, "review")
    risk = records.update_risk(program, risk_id, **changes)
    said = ", ".join(f"{k.replace('_by', ' date')} {str(v).replace('_', ' ')}" for k, v in changes.items() if k in ("status", "severity", "review_by"))
    said += (", " if said else "") + ", ".join(f"{k} changed" for k in ("owner", "mitigation") if k in changes)
    return RecordWritten(kind="risk", id=risk.id, lines=[f"Updated risk {risk.id} ({risk.title}): {said}."], record=risk.model_dump(mode="json"))


def add_decision(records, judge, program: str, fields: dict[str, str]) -> RecordWritten:
    """A decision the program needs, with its owner."""
    usage = "decision add QUESTION | owner NAME | deadline YYYY-MM-DD"
    decision = records.add_decision(
        program, question=_need(fields, "title", usage), owner=_need(fields, "owner", usage),
        deadline=_day(fields, "deadline"), use_case=fields.get("use case") or None,
    )
    due = f", due {date_text(decision.deadline, year=True)}" if decision.deadline else ""
    return RecordWritten(kind="decision", id=decision.id, lines=[f"Added decision {decision.id} for {decision.owner}{due}: {decision.question}"],
                         record=decision.model_dump(mode="json"))


def add_escalation(records, judge, program: str, fields: dict[str, str]) -> RecordWritten:
    """An escalation to someone who can act."""
    usage = "escalate SUBJECT | to NAME | use case NAME"
    esc = records.add_escalation(
        program, subject=_need(fields, "title", usage), to=_need(fields, "to", usage), use_case=fields.get("use case") or None,
    )
    return RecordWritten(kind="escalation", id=esc.id, lines=[f"Recorded escalation {esc.id} to {esc.to}: {esc.subject}"], record=esc.model_dump(mode="json"))


def add_debt(records, judge, program: str, fields: dict[str, str]) -> RecordWritten:
    """A debt-register line, judged and escalated as `compel debt add` does."""
    typed = fields.get("category", "").strip()
    category = re.sub(r"[\s_\-]+", "_", typed).lower() or None
    if category not in (None, "debt", "operational_risk", "compliance_violation"):
        raise InputError(f"category {typed!r} is not a debt category; use category=debt, category=operational-risk or category=compliance-violation.")
    sprint = fields.get("sprint", "").strip()
    if sprint and not sprint.isdigit():
        raise InputError(f"sprint {sprint!r} is not a sprint number; write e.g. sprint 9.")
    filed = file_debt(
        records, judge if category in (None, "debt") else None, program,
        description=_need(fields, "title", "debt add [USE_CASE:] DESCRIPTION"), category=category,
        risk_implication=fields.get("risk", ""), planned_sprint=int(sprint) if sprint else None,
        use_case=fields.get("use case") or None, owner=fields.get("owner") or None,
    )
    return RecordWritten(kind="debt", id=filed.item.id, lines=filed.lines(records.program_name(program)), record=filed.as_json())


def resolve_debt(records, judge, program: str, fields: dict[str, str]) -> RecordWritten:
    """A debt item marked resolved."""
    item = records.resolve_debt(program, _need(fields, "title", "debt resolve ID"))
    return RecordWritten(kind="debt", id=item.id, lines=[f"Resolved {item.id}: {item.description}"], record=item.model_dump(mode="json"))


def set_milestone(records, judge, program: str, fields: dict[str, str]) -> RecordWritten:
    """A use case's milestone status."""
    usage = "milestone USE_CASE | MILESTONE | STATUS"
    status = _choice(fields, "status", _MILESTONE_STATES, "")
    key = _need(fields, "milestone", usage)
    uc = records.set_milestone(program, _need(fields, "title", usage), key, status)
    return RecordWritten(kind="use_case", id=uc.id, lines=[f"{uc.name}: {key.replace('_', ' ')} is now {status.replace('_', ' ')}."],
                         record=uc.model_dump(mode="json"))


ACTIONS: dict[str, Callable[..., RecordWritten]] = {
    "risk add": add_risk,
    "risk update": update_risk,
    "decision add": add_decision,
    "escalate": add_escalation,
    "debt add": add_debt,
    "debt resolve": resolve_debt,
    "milestone": set_milestone,
}


def write_record(records, judge, program: str, action: str, fields: dict[str, str]) -> RecordWritten:
    """Run one named action (see ACTIONS) on a program's records."""
    try:
        run = ACTIONS[action]
    except KeyError:
        raise InputError(f"Unknown record action {action!r}; use one of: {', '.join(ACTIONS)}.") from None
    return run(records, judge, program, fields)


def parse_fields(text: str, positional: tuple[str, ...] = ("title",)) -> dict[str, str]:
    """'Cloud spend up | severity high | owner Priya Raman' -> {'title': ..., 'severity': 'high', 'owner': ...}.

    Parts are split on '|'; the first ones fill the positional names, the rest are 'key value' (a two-word key
    such as 'use case' is read whole)."""
    parts = [p.strip() for p in text.split("|")]
    fields: dict[str, str] = {}
    for name, part in zip(positional, parts):
        fields[name] = part
    for part in parts[len(positional):]:
        if not part:
            continue
        lowered = part.lower()
        key = next((k for k in _KEYS if lowered == k or lowered.startswith(k + " ")), None)
        if key is None:
            raise InputError(f"I could not read {part!r}: start each part with one of {', '.join(_KEYS)}, e.g. 'owner Priya Raman'.")
        fields[key] = part[len(key):].strip()
    return fields


_KEYS = ("use case", "severity", "owner", "mitigation", "review", "deadline", "to", "category", "sprint", "risk", "status", "milestone")
