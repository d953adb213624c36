"""Two replicas for real: two `compel serve --http` processes on one PostgreSQL database and one Chroma server.

Slack events go round-robin with retries and duplicates (to the other replica, and to both at once); both run the
stand-up scheduler. Each event is answered once, each post made once (a prompt due while no replica ran is caught
up), and what one replica writes the other answers from.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from bot.slack.console import payloads
from bot.standup.schedule import Schedule
from bot.standup.store import StandupStore
from tests.fixtures.fake_slack import texts
from tests.fixtures.replicas import ADMIN, PROGRAM, Cluster, chroma_exe, daytime_zone, utc_now, wall

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

QUESTION = "How much sprint capacity should go to technical debt remediation?"
RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
CHANNELS = ["CREP1", "CREP2", "CREP3"]
PEOPLE = ["UP1", "UP2", "UP3", "UP4"]
LATER = timedelta(minutes=30)  # a summary time no test run reaches on its own


def settled(count, quiet: float = 1.5, timeout: float = 20.0) -> int:
    """The value of `count()` once it has not changed for `quiet` seconds (how long nothing more happening takes)."""
    deadline, last, since = time.monotonic() + timeout, count(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = count()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last


@pytest.fixture(scope="module")
def cluster(postgres_server, tmp_path_factory, _built_index):
    if chroma_exe() is None:
        pytest.skip("the chroma server CLI (installed with chromadb) is not available")
    name = "replicas_e2e"
    url = postgres_server.create_database(name)
    c = Cluster(tmp_path_factory.mktemp("replicas"), url, COMPEL_RECORDS_INDEX_UPDATES="10")
    standups = None
    try:
        c.start_chroma()
        c.prepare(in_process=True, seed=_built_index)
        standups = StandupStore(url)
        now = utc_now()
        # One local day for the whole module (stand-up times are wall-clock times), however slow the machine is.
        zone = daytime_zone(now, timedelta(hours=1))
        every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        # Set up a minute ago and due half a minute ago, while no replica ran: whoever starts first catches it up.
        # Its summary is far off, so nothing else of this channel's is posted while the module runs.
        late = Schedule(channel="CLATE", program=PROGRAM, timezone=zone, days=every_day, prompt_at=wall(now, zone, timedelta(seconds=-30)),
                        summary_at=wall(now, zone, LATER), reminder_before=0, participants=PEOPLE[:1])
        standups.save_schedule(late, now.timestamp() - 60)
        c.late_due = (now - timedelta(seconds=30)).timestamp()
        c.start_replicas()
        ready = utc_now()
        # The prompts fall due now; the summaries only when the test moves them up, once every reply is recorded
        # (a summary time fixed here assumed the replies would arrive within seconds, which a loaded machine breaks).
        # The reminder is due with the prompt (max(prompt, summary - reminder_before)), so everyone is still pending.
        c.schedules = [
            Schedule(channel=ch, program=PROGRAM, timezone=zone, days=every_day, prompt_at=wall(ready, zone, timedelta(seconds=3)),
                     summary_at=wall(ready, zone, LATER), reminder_before=int(LATER.total_seconds() // 60) + 1, participants=PEOPLE)
            for ch in CHANNELS
        ]
        for s in c.schedules:
            standups.save_schedule(s, ready.timestamp())
        c.standups = standups
        yield c
    finally:
        c.close()
        if standups is not None:
            standups.close()
        postgres_server.drop_database(name)


def _until(done, what: str, timeout: float = 60.0) -> None:
    """Wait for a condition the test depends on; a clear failure naming it if it never holds."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"timed out after {timeout:.0f} s waiting for {what}"
        time.sleep(0.1)


def _answers(c: Cluster, ts: str) -> int:
    return len([x for x in c.fake.local.calls_to("chat.postMessage") if x.args.get("thread_ts") == ts])


def test_events_round_robin_with_retries_and_duplicates_are_answered_once(cluster):
    c = cluster
    events = [(f"Ev-REP-{i}", f"{1_800_000_000 + i}.000100") for i in range(12)]
    sends = []
    for i, (eid, ts) in enumerate(events):
        body = payloads.event_body(payloads.mention(QUESTION, user="UALICE", channel="CASK", ts=ts), event_id=eid)
        sends.append((i % 2, body, None))
        sends.append(((i + 1) % 2, body, RETRY))  # Slack's retry lands on the other replica
        if i % 3 == 0:
            sends.append((i % 2, body, None))  # a duplicate delivery, at the same time as the first
    with ThreadPoolExecutor(8) as pool:
        acks = list(pool.map(lambda s: c.post(s[0], s[1], "application/json", s[2]), sends))
    assert [a[0] for a in acks] == [200] * len(sends)
    for _, ts in events:
        c.fake.wait_for("chat.postMessage", where=lambda x, ts=ts: x.args.get("thread_ts") == ts)
    settled(lambda: len(c.fake.local.calls_to("chat.postMessage")))
    assert {ts: _answers(c, ts) for _, ts in events} == {ts: 1 for _, ts in events}


def test_a_record_written_through_one_replica_is_read_through_the_other(cluster):
    c = cluster
    added_url = c.fake.response_url()
    body = payloads.command_body("debt add uc-eta: ETA service calls the geocoder without a timeout", user=ADMIN, channel="CASK", response_url=added_url)
    assert c.post(0, body, "application/x-www-form-urlencoded")[0] == 200
    [added] = c.fake.wait_for("response_url", where=lambda x: x.args.get("url") == added_url, timeout=40)
    assert "geocoder" in texts(added.args)
    listed_url = c.fake.response_url()
    body = payloads.command_body("debt list", user="UALICE", channel="CASK", response_url=listed_url)
    assert c.post(1, body, "application/x-www-form-urlencoded")[0] == 200
    [listed] = c.fake.wait_for("response_url", where=lambda x: x.args.get("url") == listed_url, timeout=40)
    assert "geocoder without a timeout" in texts(listed.args)
    # An answer from the other replica retrieves it too: the record went into the shared Chroma.
    ts = "1800000100.000100"
    body = payloads.event_body(payloads.mention("Which debt concerns the geocoder timeout?", user="UALICE", channel="CASK", ts=ts))
    assert c.post(1, body, "application/json")[0] == 200
    [answer] = c.fake.wait_for("chat.postMessage", where=lambda x: x.args.get("thread_ts") == ts, timeout=40)
    assert "geocoder" in texts(answer.args)


def test_both_schedulers_post_each_stand_up_once_and_summaries_see_both_replicas_replies(cluster):
    c = cluster
    posts = lambda: c.fake.local.calls_to("chat.postMessage")  # noqa: E731
    prompts = {}
    for ch in [*CHANNELS, "CLATE"]:
        [prompt] = c.fake.wait_for("chat.postMessage", where=lambda x, ch=ch: x.args.get("channel") == ch and not x.args.get("thread_ts"), timeout=40)
        prompts[ch] = prompt.response["ts"]
    reminders = lambda: [x for x in posts() if x.args.get("channel") in PEOPLE]  # noqa: E731
    # The reminders go out with the prompts; replies sent before they went would make fewer people pending.
    _until(lambda: len(reminders()) >= len(CHANNELS) * len(PEOPLE), "a reminder to every participant")
    # Replies in each prompt's thread, through either replica: they become updates in the shared records.
    replies, sent = [], []
    for n, ch in enumerate(CHANNELS):
        for k, person in enumerate(PEOPLE[:2]):
            text = f"Finished the depot {n}{k} backfill for ETA; next the replay tests." if k == 0 else f"Route {n}{k} solver tuned; blocked on map licence renewal."
            ts = f"{1_800_000_200 + 10 * n + k}.000100"
            body = payloads.event_body(payloads.message(text, user=person, channel=ch, ts=ts, thread_ts=prompts[ch]))
            replies.append(c.post((n + k) % 2, body, "application/json")[0])
            sent.append((ch, ts))
    assert replies == [200] * len(replies)
    _until(lambda: all(c.standups.reply(ch, ts) is not None for ch, ts in sent), "every reply recorded")
    # Now the summaries fall due, on whichever replica ticks first.
    moved = utc_now()
    for s in c.schedules:
        sooner = Schedule.model_validate({**s.model_dump(), "summary_at": wall(moved, s.timezone, timedelta(seconds=2))})
        c.standups.save_schedule(sooner, moved.timestamp())
    summaries = lambda: [r for ch in CHANNELS for r in c.standups.runs(channel=ch) if r.kind == "summary" and r.status == "posted"]  # noqa: E731
    _until(lambda: len(summaries()) >= len(CHANNELS), "a summary in every channel")
    settled(lambda: len(posts()))
    runs = {(r.channel, r.kind): r for r in c.standups.runs() if r.channel in prompts}
    assert {k: r.status for k, r in runs.items()} == {
        **{(ch, kind): "posted" for ch in CHANNELS for kind in ("prompt", "reminder", "summary")}, ("CLATE", "prompt"): "posted",
    }
    for ch in CHANNELS:
        channel_posts = [x for x in posts() if x.args.get("channel") == ch]
        assert len([x for x in channel_posts if not x.args.get("thread_ts")]) == 1  # one prompt
        summary = texts([x.args for x in channel_posts if x.args.get("thread_ts") == prompts[ch]])
        n = CHANNELS.index(ch)
        assert f"depot {n}0" in summary and f"Route {n}1" in summary, summary  # written through replica 0 and replica 1
    assert len(reminders()) == len(CHANNELS) * len(PEOPLE)  # due with the prompt here: everyone pending, each DM once
    assert runs[("CLATE", "prompt")].lease_until > c.late_due + 25  # posted once, after its time
