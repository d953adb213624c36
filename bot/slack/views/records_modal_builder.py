"""Block Kit modals for records kept from Slack (risk, decision, escalation, debt, milestone), drawn from a Form."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.oversight.record_forms import Form, FormField

CALLBACK = "record_form"
_MAX_OPTIONS = 100  # Slack's limit for a static_select; beyond it the field is typed and checked by name


def block_id(key: str) -> str:
    """The block id of a field ('use case' -> 'use_case')."""
    return key.replace(" ", "_")


def _plain(text: str, limit: int = 75) -> dict:
    return {"type": "plain_text", "text": text if len(text) <= limit else text[: limit - 1] + "…"}


def _element(f: "FormField") -> dict:
    if f.kind == "choice" and len(f.options) <= _MAX_OPTIONS:
        return {"type": "static_select", "action_id": "value", "placeholder": _plain(f"Pick a {f.label.lower()}"),
                "options": [{"text": _plain(label), "value": value[:150]} for value, label in f.options]}
    if f.kind == "date":
        return {"type": "datepicker", "action_id": "value"}
    if f.kind == "number":
        return {"type": "number_input", "action_id": "value", "is_decimal_allowed": False, "min_value": "1"}
    return {"type": "plain_text_input", "action_id": "value", "multiline": f.kind == "long", "max_length": 3000}


def build_record_modal(spec: "Form", channel: str, program: str) -> dict:
    """The modal for one write; `private_metadata` keeps where it was opened, the program and the action."""
    blocks = []
    for f in spec.fields:
        if f.kind == "choice" and not f.options and not f.required:
            continue  # nothing to pick from (a program without use cases): the field is left out, not shown empty
        block = {"type": "input", "block_id": block_id(f.key), "label": _plain(f.label, 2000), "optional": not f.required, "element": _element(f)}
        hint = f.hint or ("Type the name" if f.kind == "choice" and len(f.options) > _MAX_OPTIONS else "")
        if hint:
            block["hint"] = _plain(hint, 2000)
        blocks.append(block)
    if spec.usage:  # the console cannot submit forms, and some people would rather type
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"Or type it: `/compel {spec.usage}`"}]})
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "private_metadata": f"{channel}|{program}|{spec.action}"[:3000],
        "title": _plain(spec.title, 24),
        "submit": _plain(spec.submit, 24),
        "close": _plain("Cancel", 24),
        "blocks": blocks,
    }


def metadata(view: dict) -> tuple[str, str, str]:
    """(channel, program, action) of a submitted record modal."""
    channel, _, rest = (view.get("private_metadata") or "").partition("|")
    program, _, action = rest.partition("|")
    return channel, program, action


def submitted(view: dict, spec: "Form") -> dict[str, str]:
    """The values a person entered, by field key (the keys `record_actions` reads); empty fields are left out."""
    values = (view.get("state") or {}).get("values") or {}
    fields: dict[str, str] = {}
    for f in spec.fields:
        el = (values.get(block_id(f.key)) or {}).get("value") or {}
        value = el.get("value") or el.get("selected_date") or ((el.get("selected_option") or {}).get("value")) or ""
        if str(value).strip():
            fields[f.key] = str(value).strip()
    return fields
