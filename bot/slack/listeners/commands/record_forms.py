"""`/compel risk add` (and the other record writes) with no details opens a modal; with details the text path runs."""

from __future__ import annotations

from bot.slack.deps import SlackDeps
from bot.slack.listeners.commands.parse import CommandRequest
from bot.slack.views.limits import Message

# (subcommand, first word of its argument) -> the write its form runs
_FORMS = {
    ("risk", "add"): "risk add",
    ("risk", "update"): "risk update",
    ("decision", "add"): "decision add",
    ("escalate", ""): "escalate",
    ("milestone", ""): "milestone",
    ("debt", "add"): "debt add",
    ("debt", "resolve"): "debt resolve",
}


def wants_form(req: CommandRequest) -> str | None:
    """The write whose form to open, when the command names a write and gives no details; else None."""
    return _FORMS.get((req.name, req.arg.strip().lower()))


def open_form(deps: SlackDeps, client, body: dict, req: CommandRequest, action: str) -> list[Message] | None:
    """Open the form's modal; messages to show instead when it cannot open (no program here, nothing to pick)."""
    from bot.slack.scope import require_program
    from bot.slack.views.common_builder import build_notice
    from bot.slack.views.records_modal_builder import build_record_modal

    program = require_program(deps, req.channel, req.user, req.channel_type)
    spec = deps.engines.record_form(program, action)
    empty = [f.label.lower() for f in spec.fields if f.required and f.kind == "choice" and not f.options]
    if empty:
        name = deps.engines.program_name(program)
        return build_notice(f"There is no {empty[0]} to pick in the records of {name}, so the form would be empty.", ":information_source:")
    client.views_open(trigger_id=body.get("trigger_id", ""), view=build_record_modal(spec, req.channel, program))
    return None
