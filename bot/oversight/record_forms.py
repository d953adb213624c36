"""The forms behind records kept by hand: which fields each write takes, and a check that names the field at fault.

A face draws the form (a Slack modal) from `form()`, and calls `check()` before the write so a mistake is shown
beside the field that holds it; the write itself (record_actions) checks again, so no face can skip a rule.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.errors import InputError
from store.models import MILESTONES
from store.names import closest

Kind = Literal["text", "long", "date", "choice", "number"]


class FormField(BaseModel):
    """One field: its key (as `parse_fields` names it), label, kind, whether it is needed and its options."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    label: str
    kind: Kind = "text"
    required: bool = False
    options: list[tuple[str, str]] = Field(default_factory=list)  # (value, label)
    hint: str = ""


class Form(BaseModel):
    """A write's form: the action it runs, a short title and its fields in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    action: str
    title: str
    submit: str = "Save"
    fields: list[FormField]
    usage: str = Field("", description="The same write typed as text (for the console, and people who prefer typing).")


class Choices(BaseModel):
    """What a form may offer to pick from on one program: use cases, open debt items and risks, by id."""

    model_config = ConfigDict(extra="forbid")

    use_cases: list[tuple[str, str]] = Field(default_factory=list)
    open_debt: list[tuple[str, str]] = Field(default_factory=list)
    risks: list[tuple[str, str]] = Field(default_factory=list)


def short(text: str, limit: int = 75) -> str:
    """A pick-list label within Slack's 75 characters, cut at a word with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def choices_from(use_cases, debt, risks) -> Choices:
    """What a program's forms offer: its use cases, open debt items (with their use case) and risks, by id."""
    names = {uc.id: uc.name for uc in use_cases}
    return Choices(
        use_cases=list(names.items()),
        open_debt=[(d.id, short(d.description + (f" ({names[d.use_case]})" if d.use_case in names else ""))) for d in debt if d.status == "open"],
        risks=[(r.id, short(f"{r.title} ({r.status})")) for r in risks],
    )


def _labelled(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v.replace("_", " ").capitalize()) for v in values]


SEVERITIES = ("low", "medium", "high", "critical")
RISK_STATES = ("open", "mitigated", "closed")
MILESTONE_STATES = ("pending", "met", "missed", "at_risk")
CATEGORIES = ("debt", "operational_risk", "compliance_violation")
_DATE_HINT = "YYYY-MM-DD, e.g. 2026-12-15"


def form(action: str, choices: Choices) -> Form:
    """The form for one write (see record_actions.ACTIONS), its pick lists filled from the program's records."""
    uc = FormField(key="use case", label="Use case", kind="choice", options=choices.use_cases)
    builders = {
        "risk add": lambda: Form(action=action, title="Add a risk", fields=[
            FormField(key="title", label="Risk", required=True, hint="What could go wrong, in a line"),
            FormField(key="severity", label="Severity", kind="choice", options=_labelled(SEVERITIES)),
            FormField(key="owner", label="Owner"),
            FormField(key="mitigation", label="Mitigation", kind="long"),
            FormField(key="review", label="Review by", kind="date", hint=_DATE_HINT),
            uc,
        ]),
        "risk update": lambda: Form(action=action, title="Update a risk", fields=[
            FormField(key="title", label="Risk", kind="choice", required=True, options=choices.risks),
            FormField(key="status", label="Status", kind="choice", options=_labelled(RISK_STATES)),
            FormField(key="severity", label="Severity", kind="choice", options=_labelled(SEVERITIES)),
            FormField(key="owner", label="Owner"),
            FormField(key="mitigation", label="Mitigation", kind="long"),
            FormField(key="review", label="Review by", kind="date", hint=_DATE_HINT),
        ]),
        "decision add": lambda: Form(action=action, title="Add a decision", fields=[
            FormField(key="title", label="Decision needed", required=True, hint="The question to decide"),
            FormField(key="owner", label="Owner", required=True),
            FormField(key="deadline", label="Deadline", kind="date", hint=_DATE_HINT),
            uc,
        ]),
        "escalate": lambda: Form(action=action, title="Escalate", submit="Escalate", fields=[
            FormField(key="title", label="Subject", required=True),
            FormField(key="to", label="Escalate to", required=True, hint="A person or a body, e.g. Steering committee"),
            uc,
        ]),
        "debt add": lambda: Form(action=action, title="Add a debt item", fields=[
            FormField(key="title", label="Shortcut taken", kind="long", required=True),
            FormField(key="category", label="Filed as", kind="choice", options=_labelled(CATEGORIES),
                      hint="Leave empty to have it judged from the description"),
            FormField(key="sprint", label="Remediation sprint", kind="number"),
            FormField(key="risk", label="Risk if left", kind="long"),
            FormField(key="owner", label="Escalation owner"),
            uc,
        ]),
        "debt resolve": lambda: Form(action=action, title="Resolve debt", submit="Resolve", fields=[
            FormField(key="title", label="Open debt item", kind="choice", required=True, options=choices.open_debt),
        ]),
        "milestone": lambda: Form(action=action, title="Milestone status", fields=[
            FormField(key="title", label="Use case", kind="choice", required=True, options=choices.use_cases),
            FormField(key="milestone", label="Milestone", kind="choice", required=True, options=_labelled(MILESTONES)),
            FormField(key="status", label="Status", kind="choice", required=True, options=_labelled(MILESTONE_STATES)),
        ]),
    }
    if action not in builders:
        raise InputError(f"No form for {action!r}; use one of: {', '.join(builders)}.")
    return builders[action]().model_copy(update={"usage": USAGE[action]})


USAGE = {
    "risk add": "risk add TITLE | severity high | owner NAME | mitigation TEXT | review YYYY-MM-DD",
    "risk update": "risk update ID | status mitigated | severity low | owner NAME | mitigation TEXT | review YYYY-MM-DD",
    "decision add": "decision add QUESTION | owner NAME | deadline YYYY-MM-DD | use case NAME",
    "escalate": "escalate SUBJECT | to NAME | use case NAME",
    "debt add": "debt add USE_CASE: DESCRIPTION category=debt sprint=9",
    "debt resolve": "debt resolve ID",
    "milestone": "milestone USE_CASE | MILESTONE | STATUS",
}


def check(spec: Form, fields: dict[str, str]) -> dict[str, str]:
    """Problems by field key (empty when the fields can be written): missing, not a date, not a number, not an option.

    A choice typed by its label is replaced in `fields` by the option's value."""
    errors: dict[str, str] = {}
    for f in spec.fields:
        value = (fields.get(f.key) or "").strip()
        if not value:
            if f.required:
                errors[f.key] = f"{f.label} is needed."
            continue
        if f.kind == "date":
            try:
                Date.fromisoformat(value)
            except ValueError:
                errors[f.key] = f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-15."
        elif f.kind == "number" and not (value.isdigit() and int(value) > 0):
            errors[f.key] = f"{value!r} is not a sprint number; write a whole number such as 9."
        elif f.kind == "choice" and f.options:
            known = {v.lower(): v for v, _ in f.options} | {label.lower(): v for v, label in f.options}
            if value.lower() in known:
                fields[f.key] = known[value.lower()]  # a typed name stands for its option
            else:
                near = closest(value, {label.lower(): label for _, label in f.options})
                errors[f.key] = f"{value!r} is not one of the options; " + (f"did you mean {' or '.join(near)}?" if near else "pick one from the list.")
    if spec.action == "risk update" and not errors and not any((fields.get(k) or "").strip() for k in ("status", "severity", "owner", "mitigation", "review")):
        errors["status"] = "Change at least one field: status, severity, owner, mitigation or review date."
    return errors
