""""Share in channel": post a kept ephemeral result for everyone, then remove the ephemeral copy."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.posting import failure_messages, post, respond
from bot.slack.views.common_builder import build_notice, build_shared_note, without_controls


def register(app: App, deps: SlackDeps) -> None:
    """Register the Share button."""

    def share_result(body: dict, action: dict, client) -> None:
        url = body.get("response_url", "")
        kept = deps.state.result(action.get("value", ""))
        if kept is None:
            respond(deps, url, build_notice("That result has expired; run the command again to share it.", ":hourglass:"))
            return
        _owner, command, payload = kept
        channel = body.get("channel", {}).get("id") or body.get("container", {}).get("channel_id", "")
        messages = [{"text": m.get("text", ""), "blocks": without_controls(m.get("blocks", []))} for m in payload.get("messages", [])]
        messages[-1]["blocks"] = messages[-1]["blocks"] + [build_shared_note(command)]
        try:
            stamps = post(client, channel, messages, payload.get("thread_ts") or None)
        except SlackApiError as exc:
            if exc.response.get("error") in ("not_in_channel", "channel_not_found"):
                respond(deps, url, build_notice("I can't post here yet: invite me to the channel (`/invite @compel`) and share again.", ":wave:"))
            else:
                respond(deps, url, failure_messages(exc, "sharing a result"))
            return
        from bot.slack.report_posts import share_chart

        # A sprint review or steering update shared takes its chart along, in the thread of the text just posted.
        share_chart(client, deps, command, channel, _owner, payload.get("thread_ts") or (stamps[0] if stamps else None))
        deps.state.forget_result(action.get("value", ""))
        if url:
            deps.respond(url, {"delete_original": True})

    app.action("share_result")(ack=ack_now, lazy=[share_result])
