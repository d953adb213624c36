"""`/compel risk add`, `decision add`, `escalate`, `milestone` (admins): records kept from Slack, one engine call each."""

from __future__ import annotations

from bot.errors import InputError
from bot.slack.deps import SlackDeps
from bot.slack.listeners.commands.parse import CommandRequest
from bot.slack.scope import require_program
from bot.slack.views.limits import Message
from bot.slack.views.records_builder import build_record_written


def write(deps: SlackDeps, req: CommandRequest, program: str, action: str, fields: dict[str, str]) -> list[Message]:
    """Make the write through the engines and render what it did."""
    return build_record_written(deps.engines.record_write(program, action, fields, req.user))


def _fields(text: str, usage: str, positional: tuple[str, ...] = ("title",)) -> dict[str, str]:
    from bot.oversight.record_actions import parse_fields

    if not text.strip():
        raise InputError(f"Missing details. Usage: `/compel {usage}`")
    return parse_fields(text, positional)


def _add(verb: str, action: str, usage: str):
    def run(deps: SlackDeps, req: CommandRequest) -> list[Message]:
        head, _, rest = req.arg.strip().partition(" ")
        if head.lower() != "add":
            raise InputError(f"Use `/compel {usage}`.")
        program = require_program(deps, req.channel, req.user, req.channel_type)
        return write(deps, req, program, action, _fields(rest, usage))

    run.__doc__ = f"`/compel {usage}`."
    return run


_risk_add = _add("risk", "risk add", "risk add TITLE | severity high | owner NAME | mitigation TEXT | review YYYY-MM-DD")
_RISK_UPDATE = "risk update ID | status mitigated | severity low | owner NAME | mitigation TEXT | review YYYY-MM-DD"


def risk(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel risk add TITLE | ...` or `/compel risk update ID | status mitigated | ...`."""
    head, _, rest = req.arg.strip().partition(" ")
    if head.lower() not in ("add", "update"):
        raise InputError("Use `/compel risk add TITLE | severity high | owner NAME` or `/compel " + _RISK_UPDATE + "`.")
    if head.lower() == "add":
        return _risk_add(deps, req)
    program = require_program(deps, req.channel, req.user, req.channel_type)
    return write(deps, req, program, "risk update", _fields(rest, _RISK_UPDATE))
decision = _add("decision", "decision add", "decision add QUESTION | owner NAME | deadline YYYY-MM-DD | use case NAME")


def escalate(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel escalate SUBJECT | to NAME | use case NAME`."""
    program = require_program(deps, req.channel, req.user, req.channel_type)
    return write(deps, req, program, "escalate", _fields(req.arg, "escalate SUBJECT | to NAME | use case NAME"))


def milestone(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """`/compel milestone USE_CASE | MILESTONE | STATUS`."""
    program = require_program(deps, req.channel, req.user, req.channel_type)
    usage = "milestone USE_CASE | MILESTONE | STATUS (pending, met, missed, at risk)"
    return write(deps, req, program, "milestone", _fields(req.arg, usage, ("title", "milestone", "status")))
