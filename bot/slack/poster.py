"""The stand-up poster for Slack: prompts in the channel, reminders by DM, the summary in the prompt's thread and/or the channel, scheduled reports."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.engines import SummaryRequest
from bot.slack.views import standup_builder as sb
from bot.standup.cadence import REPORTS, late_note
from bot.standup.scheduler import PostRequest

if TYPE_CHECKING:
    from bot.engines import Engines

log = logging.getLogger(__name__)


class SlackPoster:
    """Posts prompts in the stand-up channel, reminders by DM, and the summary in the prompt's thread and/or the channel."""

    def __init__(self, client: Any, engines: "Engines") -> None:
        self.client = client
        self.engines = engines

    def post(self, request: PostRequest) -> str | None:
        s = request.schedule
        if request.kind in REPORTS:  # a scheduled integration review or steering update, with its chart
            from bot.slack.report_posts import post_report

            note = late_note(s, request.day) if request.late else None  # caught up after the bot was down
            return post_report(self.client, self.engines, s.channel, request.kind, s.program, request.day, note=note)
        if request.kind == "prompt":
            msg = sb.build_prompt(request.day, s.participants, late=request.late)[0]
            return self.client.chat_postMessage(channel=s.channel, **msg)["ts"]
        if request.kind == "reminder":
            first = None
            for user in request.pending:
                msg = sb.build_reminder(s.channel, request.day, request.thread_ts)[0]
                ts = self.client.chat_postMessage(channel=user, **msg)["ts"]
                first = first or ts
            return first
        summary = self.engines.standup_summary(SummaryRequest(program=s.program, day=request.day, audience=s.audience, channel=s.channel))
        first = None
        targets = {"thread": [request.thread_ts], "channel": [None], "both": [request.thread_ts, None]}[s.summary_in]
        for thread in dict.fromkeys(t if request.thread_ts else None for t in targets):
            for msg in sb.build_summary(summary):
                resp = self.client.chat_postMessage(channel=s.channel, thread_ts=thread, **msg) if thread else self.client.chat_postMessage(channel=s.channel, **msg)
                first = first or resp["ts"]
        return first
