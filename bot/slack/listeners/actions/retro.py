"""The retro in Slack: "Add an action item" opens a modal (what, owner, due sprint); "Item N done" closes one. Admins only."""

from __future__ import annotations

import logging
import re

from slack_bolt import App

from bot.engines import RetroActions
from bot.errors import UserFacingError
from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.posting import failure_messages, post_ephemeral, respond
from bot.slack.views.common_builder import build_notice
from bot.slack.views.retro_builder import ACTION_MODAL, ADD_ACTION, DONE_ACTION, build_action_modal, build_retro, modal_values

log = logging.getLogger(__name__)

_ADMINS_ONLY = "Recording retro action items changes program records, which is for admins. Ask an admin to add it."


def _retro_messages(deps: SlackDeps, report, channel: str):
    from bot.reports.render import retro_text

    return build_retro(report, retro_text(report), channel)


def register(app: App, deps: SlackDeps) -> None:
    """Register the retro buttons and the action-item modal."""

    def open_modal(body: dict, action: dict, client) -> None:
        user = body.get("user", {}).get("id", "")
        channel, program, sprint = ((action.get("value") or "").split("|") + ["", "", ""])[:3]
        if not deps.is_admin(user):
            respond(deps, body.get("response_url", ""), build_notice(_ADMINS_ONLY, ":no_entry:"))
            return
        client.views_open(trigger_id=body.get("trigger_id", ""), view=build_action_modal(channel, program, int(sprint or 0)))

    def mark_done(body: dict, action: dict, client) -> None:
        user, url = body.get("user", {}).get("id", ""), body.get("response_url", "")
        channel, program, number = ((action.get("value") or "").split("|") + ["", "", ""])[:3]
        if not deps.is_admin(user):
            respond(deps, url, build_notice(_ADMINS_ONLY, ":no_entry:"))
            return
        try:
            messages = _retro_messages(deps, deps.engines.retro_done(program, int(number)), channel)
        except Exception as exc:  # noqa: BLE001 - the person sees a kind line; the traceback goes to the log
            messages = failure_messages(exc, "marking a retro action item done")
        respond(deps, url, messages, replace=True)

    def ack_submit(ack, view: dict) -> None:
        what, owner, due = modal_values(view)
        sprint = int(((view.get("private_metadata") or "").split("|") + ["", "", "0"])[2] or 0)
        errors = {}
        if not what:
            errors["what"] = "Say what the team will do differently."
        if not owner:
            errors["owner"] = "Name who owns it: a retro action without an owner is rarely done."
        if not due.isdigit():
            errors["due"] = "Give the sprint number it is due in, e.g. 8."
        elif int(due) < sprint:
            errors["due"] = f"It cannot be due before this sprint ({sprint})."
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def record(body: dict, view: dict, client) -> None:
        what, owner, due = modal_values(view)
        channel, program, sprint = ((view.get("private_metadata") or "").split("|") + ["", "", ""])[:3]
        user = body.get("user", {}).get("id", "")
        if not (what and owner and due.isdigit()) or not deps.is_admin(user):
            return  # refused in the ack (or by the button, for someone not an admin)
        try:
            report = deps.engines.retro_add(RetroActions(program=program, actions=[(what, owner, int(due))], sprint=int(sprint) if sprint else None))
            messages = [*build_notice(f"Action item recorded for sprint {report.sprint}: {what} (owner {owner}, due in sprint {due}).",
                                      ":white_check_mark:"), *_retro_messages(deps, report, channel)]
        except UserFacingError as exc:
            messages = failure_messages(exc, "recording a retro action item")
        except Exception as exc:  # noqa: BLE001 - logged by failure_messages; the person sees a kind line
            messages = failure_messages(exc, "recording a retro action item")
        post_ephemeral(client, channel, user, messages)

    app.action(ADD_ACTION)(ack=ack_now, lazy=[open_modal])
    app.action(re.compile(rf"^{DONE_ACTION}_\d+$"))(ack=ack_now, lazy=[mark_done])
    app.view(ACTION_MODAL)(ack=ack_submit, lazy=[record])
