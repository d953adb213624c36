"""Stand-ups through the fake Slack: the prompt, replies in its thread (and their edits) becoming updates, the summary in the thread."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from bot.slack.console import payloads
from bot.slack.app import build_client
from bot.slack.views.limits import check_message
from bot.slack.views.standup_builder import build_prompt, build_reminder, build_summary
from bot.slack.poster import SlackPoster
from bot.standup.schedule import Schedule
from store.records import RecordStore
from tests.fixtures.fake_slack import texts
from tests.fixtures.slack import ADMIN, FakeEngines
from tests.fixtures.slack_harness import DemoSlackHarness

CHANNEL, USER = "CSTAND", "UHANNAH"
DAY = date(2026, 11, 5)
UTC = timezone.utc


class StandupHarness(DemoSlackHarness):
    """The Slack app on the fake Slack, the demo program loaded, a stand-up scheduled in CSTAND."""

    channel, user, wait = CHANNEL, USER, 30

    def __init__(self, tmp_path) -> None:
        super().__init__(tmp_path, wrap=lambda engines: FakeEngines(standups=engines))
        self.standups = self.services.standups
        sched = Schedule(channel=CHANNEL, program="halvorsen", participants=[USER, "UOLIVER"], prompt_at=time(9, 0), summary_at=time(16, 0))
        self.standups.store.save_schedule(sched, datetime(2026, 11, 5, tzinfo=UTC).timestamp())
        self.scheduler = self.standups.scheduler(SlackPoster(build_client(self.settings), self.engines), replica="test")

    def event(self, event: dict):
        resp = self.dispatch(payloads.event_body(event), "application/json")
        assert resp.status == 200

    def interactive(self, payload: dict):
        return self.dispatch(payloads.interactive_body(payload))


@pytest.fixture
def h(tmp_path):
    harness = StandupHarness(tmp_path)
    yield harness
    harness.close()


@pytest.fixture
def hdb(database_url, tmp_path):
    """The harness with its records and stand-up state on each database (SQLite, then PostgreSQL)."""
    harness = StandupHarness(tmp_path)
    yield harness
    harness.close()


def test_replies_in_the_prompt_thread_become_updates_and_edits_replace_them(hdb):
    h = hdb
    h.scheduler.tick(datetime(2026, 11, 5, 9, 1, tzinfo=UTC))
    prompt = h.fake.local.calls_to("chat.postMessage")[0].args
    assert prompt["channel"] == CHANNEL and "Stand-up for Thursday" in texts(prompt)
    thread = h.standups.store.run(CHANNEL, DAY, "prompt").ts

    h.event(payloads.message("Per-depot ETA models done for 3 depots. Blocked: waiting on the feature store fix.", user=USER, channel=CHANNEL, ts="1793900000.000200", thread_ts=thread))
    records = RecordStore(h.settings)
    [u] = [u for u in records.updates("halvorsen", since=DAY)]
    assert u.id == f"su-{CHANNEL}-1793900000.000200" and u.use_cases == ["uc-eta"] and u.date == DAY
    assert u.blockers == ["waiting on the feature store fix"] and u.source_link.endswith("p1793900000000200")
    assert h.fake.local.calls_to("reactions.add")  # the reply is acknowledged with a tick
    assert len(h.fake.local.calls_to("chat.postMessage")) == 1  # and not answered as a question

    edited = {"type": "message", "subtype": "message_changed", "channel": CHANNEL, "ts": "1793900099.000100",
              "message": {"type": "message", "user": USER, "text": "Per-depot ETA models done for all depots. No blockers.",
                          "ts": "1793900000.000200", "thread_ts": thread}}
    h.event(edited)
    [u2] = [u for u in records.updates("halvorsen", since=DAY)]
    assert u2.id == u.id and "all depots" in u2.text and u2.blockers == []
    records.close()


def test_reminder_goes_to_who_has_not_answered_and_summary_lands_in_the_thread(hdb):
    h = hdb
    h.scheduler.tick(datetime(2026, 11, 5, 9, 1, tzinfo=UTC))
    thread = h.standups.store.run(CHANNEL, DAY, "prompt").ts
    h.event(payloads.message("Routing: WMS connector done.", user=USER, channel=CHANNEL, ts="1793900000.000300", thread_ts=thread))
    h.scheduler.tick(datetime(2026, 11, 5, 15, 1, tzinfo=UTC))
    reminders = [c.args for c in h.fake.local.calls_to("chat.postMessage") if c.args.get("channel") == "UOLIVER"]
    assert len(reminders) == 1 and not [c for c in h.fake.local.calls_to("chat.postMessage") if c.args.get("channel") == USER]
    h.scheduler.tick(datetime(2026, 11, 5, 16, 1, tzinfo=UTC))
    summary = [c.args for c in h.fake.local.calls_to("chat.postMessage") if c.args.get("thread_ts") == thread]
    assert summary and "Stand-up summary" in texts(summary[0])
    body = texts(summary)
    # The summary links to the message it came from; the record id stays out of the text people read.
    assert f"su-{CHANNEL}-1793900000.000300" not in body and "https://local.slack/archives/CSTAND/p1793900000000300" in body
    did_not = [t for t in body.splitlines() if t.startswith("Did not report")]
    assert did_not and "UOLIVER" in did_not[0] and USER not in did_not[0]  # the one who replied is not listed
    h.scheduler.tick(datetime(2026, 11, 5, 16, 30, tzinfo=UTC))
    assert len([c for c in h.fake.local.calls_to("chat.postMessage") if c.args.get("thread_ts") == thread]) == len(summary)


def test_a_dm_starting_standup_is_collected_for_the_senders_stand_up(h):
    h.event(payloads.message("standup: invoice matching precision up to 94 percent", user="UOLIVER", channel="DOLIVER", ts="1793900000.000900", channel_type="im"))
    records = RecordStore(h.settings)
    found = [u for u in records.updates("halvorsen") if u.id == "su-DOLIVER-1793900000.000900"]
    assert found and found[0].use_cases == ["uc-invoice"] and found[0].text.startswith("invoice matching")
    assert "UOLIVER" in h.standups.store.answered("halvorsen", found[0].date)
    records.close()
    h.event(payloads.message("what does the BoK say about debt?", user="UOLIVER", channel="DOLIVER", ts="1793900000.000950", channel_type="im"))
    assert h.standups.store.reply("DOLIVER", "1793900000.000950") is None  # a plain DM is a question, not an update


def test_the_modal_opens_from_the_button_and_its_submission_becomes_an_update(h):
    import json

    out = h.command("standup")
    button = next(e for b in out[-1]["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "standup_open")
    action = payloads.block_action(button, block_id="b", user=USER, channel=CHANNEL, message_ts="1.1", response_url=h.fake.response_url(), ephemeral=True)
    h.interactive(action)
    [opened] = h.fake.local.calls_to("views.open")
    view = json.loads(opened.args["view"]) if isinstance(opened.args["view"], str) else opened.args["view"]
    assert view["callback_id"] == "standup_modal" and view["private_metadata"] == f"{CHANNEL}|halvorsen"

    def submission(text: str) -> dict:
        return {"type": "view_submission", "user": {"id": USER}, "team": {"id": payloads.TEAM}, "api_app_id": payloads.APP_ID, "token": "local",
                "trigger_id": "t1", "view": {**view, "id": "V123", "state": {"values": {"update": {"text": {"type": "plain_text_input", "value": text}}}}}}

    empty = h.interactive(submission("  "))
    assert "errors" in empty.body
    h.interactive(submission("Damage triage: 900 photos labelled."))
    records = RecordStore(h.settings)
    assert [u.use_cases for u in records.updates("halvorsen") if u.id == f"su-{CHANNEL}-modal-V123"] == [["uc-damage"]]
    records.close()


def test_app_home_names_the_next_stand_up(h):
    nxt = h.standups.next_standup("halvorsen", datetime(2026, 11, 6, 17, 0, tzinfo=UTC))  # Friday evening
    assert (nxt.when, nxt.channel) == ("Mon 9 Nov 09:00 (UTC)", CHANNEL)  # the channel as its id: the view links it
    assert h.standups.next_standup("other") is None


def test_compel_standup_subcommands(h):
    out = h.command("standup summary sponsor 2026-11-03")
    assert out and "Stand-up summary" in texts(out[-1]) and "Hannah" not in texts(out[-1])
    out = h.command("standup ooo 2")
    assert "away from the stand-up" in texts(out[-1])
    assert h.command("standup setup days=mon-thu tz=Europe/Oslo") == []  # not an admin: refused in the ack
    assert "admins" in h.ack.body
    out = h.command("standup setup days=mon-thu tz=Europe/Oslo people=<@UANA>", user=ADMIN)
    assert "Stand-up scheduled here" in texts(out[-1]) and h.standups.store.schedule(CHANNEL).days == ["mon", "tue", "wed", "thu"]
    out = h.command("standup dance")
    assert "Unknown stand-up action" in texts(out[-1])


def test_builders_stay_within_slack_limits(h):
    summary = h.standups.summary("halvorsen", date(2026, 11, 3), "team")
    for msg in [*build_summary(summary), *build_prompt(DAY, [f"U{i:04d}" for i in range(60)]), *build_reminder(CHANNEL, DAY, "1.2")]:
        assert check_message(msg) == []


def test_someone_in_no_stand_up_cannot_write_updates_into_a_program(h):
    before = {u.id for u in RecordStore(h.settings).updates("halvorsen")}
    h.event(payloads.message("standup: Done: signed off the rollout plan for every depot", user="UOUTSIDER", channel="DOUT",
                             ts="1793900000.001100", channel_type="im"))
    h.scheduler.tick(datetime(2026, 11, 5, 9, 1, tzinfo=UTC))
    thread = h.standups.store.run(CHANNEL, DAY, "prompt").ts
    h.event(payloads.message("Done: the routing model is live for all customers.", user="UOUTSIDER", channel=CHANNEL,
                             ts="1793900000.001200", thread_ts=thread))
    records = RecordStore(h.settings)
    assert {u.id for u in records.updates("halvorsen")} == before  # nothing stored, so nothing reaches a summary
    records.close()
    assert not h.fake.local.calls_to("reactions.add")
    refusals = [c.args for c in h.fake.local.calls_to("chat.postEphemeral") if c.args.get("user") == "UOUTSIDER"]
    assert len(refusals) == 2 and all("not among the participants" in r["text"] for r in refusals)
    assert all("halvorsen" not in r["text"] for r in refusals if r["channel"] == "DOUT")  # a DM learns of no program
    h.event(payloads.message("standup: Done: checked the admin path", user=ADMIN, channel="DADMIN", ts="1793900000.001300", channel_type="im"))
    records = RecordStore(h.settings)
    assert any(u.id == "su-DADMIN-1793900000.001300" for u in records.updates("halvorsen"))  # an admin may report
    records.close()


def test_someone_in_no_stand_up_cannot_mark_themselves_away_from_it(h):
    out = h.command("standup ooo 2", user="UOUTSIDER")
    assert "not among the participants" in texts(out[-1])
    assert "UOUTSIDER" not in h.standups.store.away_on(CHANNEL, DAY)
    out = h.command("standup skip", user="UOUTSIDER")
    assert "not among the participants" in texts(out[-1])


def test_standup_setup_confirms_its_participants_readably(h):
    out = h.command("standup setup people=<@UANA>,<@UBEN|ben>", user=ADMIN)
    text = texts(out[-1])
    assert "Stand-up scheduled here" in text and "UANA" in text and "UBEN" in text
    assert "&lt;" not in text and "&amp;" not in text and "<@" not in text  # no escaped markup, and no pings
    assert h.standups.store.schedule(CHANNEL).participants == ["UANA", "UBEN"]
