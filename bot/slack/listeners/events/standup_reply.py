"""Stand-up replies: a reply in a prompt's thread (or its edit), or a DM starting "standup:", becomes a StandupUpdate."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.engines import Engines, ReplyRequest
from bot.errors import UserFacingError
from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.posting import react
from bot.slack.lookup import author_name, permalink
from bot.slack.standup_replies import DM_PREFIX, is_standup_reply, reply_message
from bot.slack.views.mrkdwn import slack_to_plain
from bot.standup.schedule import local_day
from bot.standup.scheduler import utc_now

log = logging.getLogger(__name__)

def register(app: App, deps: SlackDeps) -> None:
    """Collect stand-up replies (registered before the general message listener, which would answer them as questions)."""

    def matches(event: dict) -> bool:
        try:
            return is_standup_reply(deps, event)
        except Exception:  # noqa: BLE001 - a stand-up store problem must not stop the bot answering messages
            log.warning("stand-up reply check failed", exc_info=True)
            return False

    def collect_reply(event: dict, client) -> None:
        msg = reply_message(event)
        if msg is None:
            return
        channel, ts, user = msg["channel"], msg["ts"], msg.get("user", "")
        text = slack_to_plain(DM_PREFIX.sub("", msg.get("text", "")))
        day, program = _where(deps.engines, channel, msg, user, deps.is_admin(user))
        if program is None:
            client.chat_postEphemeral(channel=channel, user=user, text=(
                "Your stand-up update was not recorded: you are not among the participants of any stand-up; "
                "ask an admin to add you (`/compel standup setup people=@you` in its channel)."))
            return
        try:
            deps.engines.standup_reply(ReplyRequest(channel=channel, ts=ts, user=user, author=author_name(client, user), text=text,
                                                    day=day, program=program, source_link=permalink(client, channel, ts)))
        except UserFacingError as exc:
            client.chat_postEphemeral(channel=channel, user=user, thread_ts=msg.get("thread_ts"), text=f"Your stand-up update was not recorded: {exc.message}")
            return
        react(client, channel, ts, "white_check_mark")

    app.event({"type": "message"}, matchers=[matches])(ack=ack_now, lazy=[collect_reply])


def _where(engines: Engines, channel: str, msg: dict, user: str, admin: bool = False):
    """(day, program) the reply belongs to: its prompt's, its earlier version's, or the DM sender's stand-up today.

    A DM goes to a stand-up that lists its sender (an admin's, when none does, to the first): never to another
    program's, which would also tell an outsider that program exists.
    """
    earlier = engines.standup_reply_at(channel, msg["ts"])
    if earlier is not None:
        return earlier.day, earlier.program
    thread = msg.get("thread_ts")
    day = engines.prompt_day(channel, thread) if thread else None
    if day is not None:
        return day, engines.schedule(channel).program
    every = engines.schedules()
    mine = [s for s in every if user in s.participants] or (every if admin else [])
    if not mine:
        return None, None
    return local_day(mine[0], utc_now()), mine[0].program
