"""Slack state shared by replicas, on SQLite and PostgreSQL: an event delivered to two app instances (and retried)
is answered once; two replicas linking one channel or changing one vote at once both succeed."""

from __future__ import annotations

import threading

from bot.config import load_settings
from store.slack_state import SlackState
from tests.fixtures.slack import ADMIN
from tests.slack.test_slack_listeners import CHANNEL, USER, Harness, posted


def test_two_app_instances_on_one_database_answer_an_event_and_its_retries_once(database_url, tmp_path):
    replicas = [Harness(tmp_path), Harness(tmp_path)]  # two replicas: one data dir / database, each its own Slack client
    try:
        retry = {"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"}
        sends = [(r, headers) for headers in (None, retry, retry) for r in replicas]  # the event and retries, on both
        barrier = threading.Barrier(len(sends))

        def send(replica: Harness, headers) -> None:
            barrier.wait()
            assert replica.mention("How much capacity for debt?", event_id="Ev-TWICE", headers=headers).status == 200

        threads = [threading.Thread(target=send, args=pair) for pair in sends]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for r in replicas:
            r.idle()
        assert sum(len(r.engines.asked) for r in replicas) == 1
        assert sum(len(posted(r)) for r in replicas) == 1
    finally:
        for r in replicas:
            r.close()


def test_two_replicas_linking_a_channel_and_voting_at_once_both_succeed(database_url):
    states = [SlackState(load_settings().records_url) for _ in range(2)]
    answer = states[0].record_answer(question="Q?", answer="A.", abstained=False, user=USER, channel=CHANNEL, thread_ts="1.1", program=None)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def replica(n: int) -> None:
        barrier.wait()
        try:
            for i in range(15):  # the same channel linked, and the same person's vote changed, on both at once
                states[n].link("CRACE", f"program-{n}", ADMIN)
                states[n].record_feedback(answer, "UBOB", ("up", "down")[(n + i) % 2])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=replica, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert states[1].linked_program("CRACE") in {"program-0", "program-1"}
    assert [r.user for r in states[1].feedback_rows()] == ["UBOB"]  # one vote per person, whichever came last
    for state in states:
        state.close()
