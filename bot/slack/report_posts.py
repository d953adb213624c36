"""Posting the cadence reports in Slack: the text first (complete on its own), then the chart uploaded beside it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.engines import ReportRequest
from bot.slack.posting import post
from bot.slack.views.reports_builder import build_report

if TYPE_CHECKING:
    from bot.engines import Engines
    from bot.slack.views.limits import Message

log = logging.getLogger(__name__)


def upload_chart(client: Any, channel: str, png: bytes, *, filename: str, title: str, thread_ts: str | None = None) -> bool:
    """Upload a PNG beside a report (in its thread when given) with files_upload_v2; False, logged, when Slack refuses it.

    The text was posted first and is complete without the picture, so a failed upload loses nothing a reader needs.
    """
    try:
        client.files_upload_v2(channel=channel, content=png, filename=filename, title=title, thread_ts=thread_ts)
        return True
    except SlackApiError as exc:
        log.warning("chart %s not uploaded to %s: %s (the report text was posted)", filename, channel, exc.response.get("error"))
    except Exception:  # noqa: BLE001 - a network or file error on the picture must not undo the report
        log.warning("chart %s not uploaded to %s (the report text was posted)", filename, channel, exc_info=True)
    return False


def _chart(make: Callable[[], bytes], what: str) -> bytes | None:
    try:
        return make()
    except Exception:  # noqa: BLE001 - a chart that cannot be drawn leaves the text, which carries every figure
        log.warning("could not draw the %s chart", what, exc_info=True)
        return None


def report_with_chart(engines: "Engines", report: str, program: str, day: Date | None = None,
                      sprint: int | None = None, note: str | None = None) -> tuple[list["Message"], bytes | None, str]:
    """A report's messages (with `note` under the title), its chart (None for a report without one) and the chart's file name."""
    from bot.reports import render

    req = ReportRequest(program=program, as_of=day, sprint=sprint)
    if report == "integration":
        return build_report(render.integration_text(engines.integration_review(req)), note), None, ""
    if report == "steering":
        from bot.reports.charts import steering_chart

        update = engines.steering_update(req, history=True)
        line = engines.settings.sprint_completion_min
        png = _chart(lambda: steering_chart(update, line), "steering")
        return build_report(render.steering_text(update), note), png, f"steering-{update.as_of:%Y-%m-%d}.png"
    if report == "review":
        from bot.reports.charts import review_chart

        review = engines.sprint_review(req)
        png = _chart(lambda: review_chart(review), "sprint review")
        return build_report(render.review_text(review), note), png, f"sprint-{review.sprint}-review.png"
    raise ValueError(f"unknown report {report!r}")


def post_report(client: Any, engines: "Engines", channel: str, report: str, program: str, day: Date | None = None,
                thread_ts: str | None = None, sprint: int | None = None, note: str | None = None) -> str | None:
    """Post a report in a channel (or a thread) with its chart in the report's thread; returns the first message's ts."""
    messages, png, filename = report_with_chart(engines, report, program, day, sprint, note)
    stamps = post(client, channel, messages, thread_ts=thread_ts)
    first = stamps[0] if stamps else None
    if png is not None:
        title = (messages[0].get("text") if messages else "") or filename
        upload_chart(client, channel, png, filename=filename, title=title, thread_ts=thread_ts or first)
    return first


def chart_of_command(engines: "Engines", command: str, program: str) -> tuple[bytes, str, str] | None:
    """The chart of a shared `/compel sprint review [N]` or `/compel report steering` result: (png, file name, title); None otherwise."""
    words = command.lower().removeprefix("/compel").split()
    if words[:2] == ["sprint", "review"]:
        sprint = int(words[2]) if len(words) > 2 and words[2].isdigit() else None
        messages, png, filename = report_with_chart(engines, "review", program, sprint=sprint)
    elif words == ["report", "steering"]:
        messages, png, filename = report_with_chart(engines, "steering", program)
    else:
        return None
    return (png, filename, (messages[0].get("text") if messages else "") or filename) if png is not None else None


def share_chart(client: Any, deps: Any, command: str, channel: str, user: str, thread_ts: str | None) -> bool:
    """When a shared result is a sprint review or a steering update, upload its chart beside it; False when there is none or it failed."""
    from bot.slack.scope import program_for

    words = command.lower().removeprefix("/compel").split()
    if words[:2] not in (["sprint", "review"], ["report", "steering"]):
        return False
    try:
        program = program_for(deps, channel, user)
        found = chart_of_command(deps.engines, command, program) if program else None
    except Exception:  # noqa: BLE001 - the shared text is in the channel already; the picture is extra
        log.warning("could not draw the chart of %r", command, exc_info=True)
        return False
    if found is None:
        return False
    png, filename, title = found
    return upload_chart(client, channel, png, filename=filename, title=title, thread_ts=thread_ts)
