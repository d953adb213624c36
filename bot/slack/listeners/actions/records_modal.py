"""Record modals: a submission is checked field by field (errors shown on the field), then written through the engines."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.errors import UserFacingError
from bot.slack.deps import SlackDeps
from bot.slack.posting import failure_messages, post_ephemeral
from bot.slack.views.records_builder import build_record_written
from bot.slack.views.records_modal_builder import CALLBACK, block_id, metadata, submitted

log = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    """Register the record modals' submission."""

    def _spec(view: dict):
        _, program, action = metadata(view)
        return deps.engines.record_form(program, action)

    def ack_submit(ack, body: dict, view: dict) -> None:
        user = (body.get("user") or {}).get("id", "")
        try:
            spec = _spec(view)
        except UserFacingError as exc:  # the program went away while the form was open
            ack(response_action="errors", errors={block_id("title"): exc.message[:150]})
            return
        first = block_id(spec.fields[0].key)
        if not deps.is_admin(user):  # the command checked too; a submission is its own request
            ack(response_action="errors", errors={first: "Only the bot's admins can change program records."})
            return
        from bot.oversight.record_forms import check

        errors = check(spec, submitted(view, spec))
        if errors:
            ack(response_action="errors", errors={block_id(k): v[:150] for k, v in errors.items()})
        else:
            ack()

    def write(body: dict, view: dict, client) -> None:
        user = (body.get("user") or {}).get("id", "")
        if not deps.is_admin(user):
            return
        channel, program, action = metadata(view)
        try:
            from bot.oversight.record_forms import check

            spec = _spec(view)
            fields = submitted(view, spec)
            if check(spec, fields):
                return  # refused in the ack, shown on the form
            messages = build_record_written(deps.engines.record_write(program, action, fields, user))
        except Exception as exc:  # noqa: BLE001 - the person hears what went wrong; nothing else was written
            messages = failure_messages(exc, f"saving the {action} form")
        try:
            post_ephemeral(client, channel, user, messages)
        except Exception:  # noqa: BLE001 - not in that channel (or a DM): tell the person directly
            log.info("could not answer the %s form in %s; sending a DM", action, channel, exc_info=True)
            for msg in messages:
                client.chat_postMessage(channel=user, text=msg.get("text", ""), blocks=msg.get("blocks", []))

    app.view(CALLBACK)(ack=ack_submit, lazy=[write])
