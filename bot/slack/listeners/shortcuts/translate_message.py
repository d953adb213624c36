"""Message shortcut "Translate for business": the translation in the message's thread, for the person first."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.engines import TranslateRequest
from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.posting import failure_messages, post_ephemeral, respond
from bot.slack.views.common_builder import build_notice, with_share
from bot.slack.views.mrkdwn import slack_to_plain
from bot.slack.views.translation_builder import build_translation

CALLBACK_ID = "translate_message"


def register(app: App, deps: SlackDeps) -> None:
    """Register the message shortcut."""

    def translate(body: dict, client) -> None:
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id", "")
        user = (body.get("user") or {}).get("id", "")
        thread_ts = message.get("thread_ts") or message.get("ts")
        text = slack_to_plain(message.get("text", ""))
        try:
            if not text.strip():
                messages = build_notice("That message has no text to translate (only files or blocks).", ":grey_question:")
            else:
                messages = build_translation(deps.engines.translate(TranslateRequest(text=text, person=user)))
                result_id = deps.state.keep_result(user=user, channel=channel, command="Translate for business", messages=messages, thread_ts=thread_ts)
                messages = with_share(messages, result_id, "Share in thread")
        except Exception as exc:  # noqa: BLE001 - a kind line; traceback logged
            messages = failure_messages(exc, "translating a message")
        try:
            post_ephemeral(client, channel, user, messages, thread_ts)
        except SlackApiError:
            # Not in the channel (or a DM with someone else): the response_url still reaches the person.
            respond(deps, body.get("response_url", ""), messages)

    app.shortcut(CALLBACK_ID)(ack=ack_now, lazy=[translate])
