"""`/compel sprint review [N] | retro [done N] [ACTION @owner due=N]` and `/compel report integration|steering`."""

from __future__ import annotations

import re

from bot.engines import ReportRequest, RetroActions
from bot.errors import InputError
from bot.slack.deps import SlackDeps
from bot.slack.listeners.commands.parse import CommandRequest
from bot.slack.scope import require_program
from bot.slack.views.limits import Message
from bot.slack.views import retro_builder as retro_views
from bot.slack.views.reports_builder import build_report

SPRINT_USAGE = ("`/compel sprint review [N]`, `/compel sprint retro` (see the action items), "
                "`/compel sprint retro add WHAT owner=NAME due=N`, `/compel sprint retro done N`")
REPORT_USAGE = ("`/compel report integration` (the weekly integration review), `/compel report steering` (the monthly steering update), "
                "`/compel report schedule integration|steering [weekly|monthly] [on=mon|15] [at=10:00] [tz=Europe/Oslo] [skip=YYYY-MM-DD,…]` "
                "or `/compel report schedule steering off` (admins)")
_OWNER = re.compile(r"\bowner=(?:\"([^\"]+)\"|(\S+))", re.I)
_DUE = re.compile(r"\bdue=(\d+)\b", re.I)


def is_admin_action(arg: str) -> bool:
    """Recording retro action items changes records: admins only."""
    words = arg.strip().lower().split()
    return words[:2] in (["retro", "add"], ["retro", "done"])


def is_admin_report(arg: str) -> bool:
    """Scheduling a report in a channel is for admins, as scheduling its stand-up is; listing the schedules is not."""
    words = arg.strip().lower().split()
    return words[:1] == ["schedule"] and len(words) > 1


def sprint(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """Route `/compel sprint ...`."""
    from bot.reports.render import retro_text, review_text

    program = require_program(deps, req.channel, req.user, req.channel_type)
    words = req.arg.split()
    what = words[0].lower() if words else ""
    if what == "review":
        number = words[1] if len(words) > 1 else None
        if number is not None and not number.isdigit():
            raise InputError(f"{number!r} is not a sprint number. Use {SPRINT_USAGE}.")
        result = deps.engines.sprint_review(ReportRequest(program=program, sprint=int(number) if number else None))
        return retro_views.build_review(result, review_text(result), req.channel)
    if what == "retro":
        rest = req.arg.strip()[len("retro"):].strip()
        verb, _, tail = rest.partition(" ")
        if verb.lower() == "done":
            if not tail.strip().isdigit():
                raise InputError("Say which action item is done, e.g. `/compel sprint retro done 2`.")
            result = deps.engines.retro_done(program, int(tail.strip()))
            return retro_views.build_retro(result, retro_text(result, None), req.channel)
        if verb.lower() == "add":
            owner, due = _OWNER.search(tail), _DUE.search(tail)
            text = _DUE.sub("", _OWNER.sub("", tail)).strip()
            if not (text and owner and due):
                raise InputError("An action item needs what, who and by which sprint: "
                                 "`/compel sprint retro add Split the big stories owner=\"Priya Raman\" due=8`.")
            who = owner.group(1) or owner.group(2)
            result = deps.engines.retro_add(RetroActions(program=program, actions=[(text, who, int(due.group(1)))]))
            return retro_views.build_retro(result, retro_text(result, None), req.channel)
        result = deps.engines.sprint_retro(ReportRequest(program=program))
        return retro_views.build_retro(result, retro_text(result, None), req.channel)  # buttons open the action-item modal
    raise InputError(f"Use {SPRINT_USAGE}.")


def report(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """Route `/compel report ...`."""
    from bot.reports.render import integration_text, steering_text

    program = require_program(deps, req.channel, req.user, req.channel_type)
    what = req.arg.strip().lower()
    if what.split()[:1] == ["schedule"]:
        from bot.slack.listeners.commands.report_schedule import schedule

        return schedule(deps, req, program, req.arg.strip()[len("schedule"):].strip())
    if what == "integration":
        return build_report(integration_text(deps.engines.integration_review(ReportRequest(program=program))))
    if what == "steering":
        return build_report(steering_text(deps.engines.steering_update(ReportRequest(program=program))))
    raise InputError(f"Use {REPORT_USAGE}.")
