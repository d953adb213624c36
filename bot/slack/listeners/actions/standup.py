"""The stand-up modal: "Write my update" opens it; submitting it records a StandupUpdate."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.engines import ReplyRequest
from bot.errors import UserFacingError
from bot.slack.listeners._ack import ack_now
from bot.slack.deps import SlackDeps
from bot.slack.lookup import author_name
from bot.slack.views.standup_builder import MODAL_CALLBACK, build_modal
from bot.standup.schedule import local_day
from bot.standup.scheduler import utc_now

log = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    """Register the button that opens the modal and the modal's submission."""

    def open_modal(body: dict, action: dict, client) -> None:
        channel, _, program = (action.get("value") or "").partition("|")
        client.views_open(trigger_id=body.get("trigger_id", ""), view=build_modal(channel, program))

    def _text(view: dict) -> str:
        return (((view.get("state") or {}).get("values") or {}).get("update", {}).get("text", {}) or {}).get("value") or ""

    def ack_submit(ack, view: dict) -> None:
        if not _text(view).strip():
            ack(response_action="errors", errors={"update": "Write what you finished, what is next, and what blocks you."})
        else:
            ack()

    def record(body: dict, view: dict, client) -> None:
        text = _text(view)
        if not text.strip():
            return
        channel, _, program = (view.get("private_metadata") or "").partition("|")
        user = body.get("user", {}).get("id", "")
        now = utc_now()
        try:
            schedule = deps.engines.find_schedule(channel)
            day = local_day(schedule, now) if schedule is not None else now.date()
            deps.engines.standup_reply(ReplyRequest(channel=channel, ts=f"modal-{view.get('id', '')}", user=user,
                                                    author=author_name(client, user), text=text, day=day, program=program))
        except UserFacingError as exc:
            client.chat_postMessage(channel=user, text=f"Your stand-up update was not recorded: {exc.message}")

    app.action("standup_open")(ack=ack_now, lazy=[open_modal])
    app.view(MODAL_CALLBACK)(ack=ack_submit, lazy=[record])
