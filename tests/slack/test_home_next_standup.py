"""App Home's next stand-up: the engine gives the channel's id, the view links it, and only a Slack id becomes a link."""

from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from bot.slack.views.home_builder import build_home
from bot.slack.views.limits import VIEW_BLOCKS, check_message
from bot.slack.views.mrkdwn import defuse
from bot.standup.schedule import NextStandup, Schedule
from tests.fixtures.slack_harness import DemoSlackHarness

ROOM = "C0STANDUP"


def _line(view: dict) -> str:
    found = [b["text"]["text"] for b in view["blocks"] if b.get("type") == "section" and "Next stand-up" in b["text"]["text"]]
    assert len(found) == 1, view
    return found[0]


@pytest.fixture
def h(tmp_path):
    harness = DemoSlackHarness(tmp_path)
    sched = Schedule(channel=ROOM, program="halvorsen", prompt_at=time(8, 45), summary_at=time(15, 0), timezone="Europe/Oslo")
    harness.services.standups.store.save_schedule(sched, datetime(2026, 11, 2, tzinfo=timezone.utc).timestamp())
    yield harness
    harness.close()


def test_the_engine_names_the_channel_by_its_id_and_the_time_in_words(h):
    nxt = h.engines.next_standup("halvorsen")
    assert isinstance(nxt, NextStandup) and nxt.channel == ROOM
    assert "<" not in nxt.when and "#" not in nxt.when and nxt.when.endswith("(Europe/Oslo)")


def test_app_home_links_the_stand_up_channel(h):
    from bot.slack.console import payloads

    body = payloads.event_body({"type": "app_home_opened", "user": h.user, "channel": "DADMIN", "tab": "home"})
    h.dispatch(body, "application/json")
    view = h.fake.local.calls_to("views.publish")[-1].args["view"]
    line = _line(view)
    assert f"<#{ROOM}>" in line and "&lt;#" not in line, line


def test_only_a_slack_channel_id_becomes_a_link():
    for channel, shown in (("C0AB12CD", "<#C0AB12CD>"), ("G0PRIVATE", "<#G0PRIVATE>"),
                           ("stand-ups", "stand-ups"), ("<!here>", "&lt;!here&gt;"), ("C0AB|evil", "C0AB|evil")):
        view = build_home("halvorsen", next_standup=NextStandup(when="Mon 9 Nov 09:00 (UTC)", channel=channel))
        line = _line(defuse(view))  # what reaches Slack: the last guard keeps a link made from an id
        assert line.endswith(f"in {shown}"), (channel, line)
        assert check_message(view, VIEW_BLOCKS) == []


def test_a_time_with_markup_in_it_is_shown_as_text():
    view = build_home("halvorsen", next_standup=NextStandup(when="<@U123> soon", channel="C0AB12CD"))
    assert _line(view).startswith(":calendar: *Next stand-up:* &lt;@U123&gt; soon in <#C0AB12CD>")
    assert "none scheduled" in _line(build_home("halvorsen"))


def test_home_names_the_program_and_each_next_milestone_with_its_planned_date():
    """The compact status on App Home keeps the planned date (it said 'no planned date' for every use case)."""
    import json

    from bot.engines import Engines, StatusRequest
    from tests.fixtures.oversight import load_demo

    pid = load_demo()
    engines = Engines.from_settings()
    try:
        status = engines.status(StatusRequest(program=pid))
    finally:
        engines.close()
    text = json.dumps(build_home(pid, status=status), ensure_ascii=False)
    assert "*Program:* Halvorsen Freight AI Transformation" in text
    assert "no planned date" not in text and "Customer churn early warning — next milestone: Data preparation complete, planned 30 Oct" in text
