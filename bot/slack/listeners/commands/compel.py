"""`/compel`: acknowledged at once (help, refusals, a working notice); the work runs as a lazy listener."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import first_run
from bot.slack.listeners.commands.parse import CommandRequest, parse, suggest
from bot.slack.listeners.commands.record_forms import open_form, wants_form
from bot.slack.listeners.commands.subcommands import SUBCOMMANDS, Sub
from bot.slack.posting import failure_messages, post_ephemeral, respond
from bot.slack.views.common_builder import build_help, build_notice, build_working, with_share
from bot.slack.views.mrkdwn import defuse

log = logging.getLogger(__name__)


def _refused(deps: SlackDeps, sub: Sub, req: CommandRequest) -> bool:
    """True when the subcommand changes records and the person is not an admin."""
    return sub.admin(req.arg) and not deps.is_admin(req.user)


def register(app: App, deps: SlackDeps) -> None:
    """Register `/compel`."""

    def ack_compel(ack, body: dict) -> None:
        req = parse(body)
        sub = SUBCOMMANDS.get(req.name)
        if sub is None or req.name == "help":
            msg = build_help(None if req.name == "help" else req.name, suggest(req.name, SUBCOMMANDS))[0]
        elif _refused(deps, sub, req):
            who = "admins" if deps.settings.admins else "admins, and none are set up yet (whoever runs the bot names them)"
            msg = build_notice(f"`/compel {req.name}` changes program records, which is for {who}. Ask an admin to do it.", ":no_entry:")[0]
        elif wants_form(req):
            ack()  # the form opens in a moment; no "working" line to leave behind
            return
        else:
            msg = build_working(f"Working on /compel {req.name}…")[0]
        ack(response_type="ephemeral", **defuse(msg))

    def run_compel(body: dict, client) -> None:
        deps.extra.setdefault("client", client)  # for display names (one app, one client)
        req = parse(body)
        sub = SUBCOMMANDS.get(req.name)
        if sub is None or req.name == "help" or _refused(deps, sub, req):
            return  # fully answered by the ack
        if not first_run(deps, body):
            return  # a replayed request: its first run changed what it changes, once
        try:
            if (action := wants_form(req)) is not None:
                messages = open_form(deps, client, body, req, action)
                if messages is None:
                    return  # the modal is open; its submission answers
            else:
                messages = sub.run(deps, req)
            if sub.shareable:
                result_id = deps.state.keep_result(user=req.user, channel=req.channel, command=req.label, messages=messages)
                messages = with_share(messages, result_id)
        except Exception as exc:  # noqa: BLE001 - a kind line for the person; the traceback goes to the log
            messages = failure_messages(exc, f"running /compel {req.name}")
        if req.response_url:
            respond(deps, req.response_url, messages, replace=True)
        else:
            post_ephemeral(client, req.channel, req.user, messages)

    app.command("/compel")(ack=ack_compel, lazy=[run_compel])
