"""The HTTP face in process: what /slack/events does with oversized, malformed and replayed requests (ASGI, no socket)."""

from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest

from bot.slack.console import payloads
from bot.slack.app import build_app
from bot.slack.console.terminal import TrackingExecutor
from bot.slack.server import MAX_BODY, build_asgi
from store.slack_state import SlackState
from tests.fixtures.fake_slack import FakeSlack
from tests.fixtures.slack import SECRET, FakeEngines, slack_settings


class Server:
    """build_asgi over a real Bolt app on the fake Slack, called as uvicorn would call it."""

    def __init__(self, tmp_path) -> None:
        self.fake = FakeSlack()
        self.settings = slack_settings(tmp_path, self.fake.api_url)
        self.state = SlackState(self.settings.records_url)
        self.executor = TrackingExecutor()
        self.engines = FakeEngines()
        self.app = build_app(self.settings, engines=self.engines, state=self.state, executor=self.executor)
        self.asgi = build_asgi(self.app, SECRET)

    def call(self, chunks: list[bytes], headers: dict[str, str]) -> tuple[int, bytes, int]:
        """(status, body, how many body chunks the server pulled)."""
        return asyncio.run(self._call(chunks, headers))

    async def _call(self, chunks, headers):
        pulled = 0
        sent: list[dict] = []

        async def receive():
            nonlocal pulled
            if pulled < len(chunks):
                pulled += 1
                return {"type": "http.request", "body": chunks[pulled - 1], "more_body": pulled < len(chunks)}
            await asyncio.sleep(3600)  # a client that stops sending: the server must not wait for it

        async def send(message):
            sent.append(message)

        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
            "path": "/slack/events", "raw_path": b"/slack/events", "root_path": "", "query_string": b"",
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()], "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 3000),
        }
        await asyncio.wait_for(self.asgi(scope, receive, send), timeout=20)
        status = next(m["status"] for m in sent if m["type"] == "http.response.start")
        return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"), pulled

    def post(self, body: str, content_type: str = "application/json", headers: dict | None = None, sign: bool = True):
        raw = body.encode()
        signed = payloads.sign(SECRET, body) if sign else {}
        return self.call([raw], {"content-type": content_type, "content-length": str(len(raw)), **signed, **(headers or {})})

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.state.close()
        self.fake.close()


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path)
    yield s
    s.close()


# --- item: bodies are never read past the size limit ---------------------------------------------------------


def test_a_declared_oversized_body_is_refused_without_reading_it(server):
    chunk = b"x" * 65536
    status, _, pulled = server.call([chunk] * 40, {"content-type": "application/json", "content-length": str(40 * len(chunk))})
    assert status == 413 and pulled == 0


def test_an_undeclared_oversized_body_is_read_only_up_to_the_limit(server):
    chunk = b"x" * 65536
    status, _, pulled = server.call([chunk] * 60, {"content-type": "application/json", "transfer-encoding": "chunked"})
    assert status == 413 and pulled <= MAX_BODY // len(chunk) + 1


def test_a_body_under_the_limit_still_reaches_bolt(server):
    body = payloads.event_body(payloads.mention("hi", user="UX", channel="C1", ts="1.0001"))
    assert server.post(body)[0] == 200
    assert server.post(body, sign=False)[0] == 401


# --- item: a locked records database does not hold the ack -----------------------------------------------------


def _dispatch(server: Server, body: str, content_type: str = "application/json"):
    from slack_bolt import BoltRequest

    return server.app.dispatch(BoltRequest(body=body, headers={"content-type": content_type, **payloads.sign(SECRET, body)}))


def test_a_locked_records_database_does_not_hold_the_ack_and_retries_are_still_answered_once(server):
    import sqlite3

    path = server.settings.records_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the write lock (a long import, a backup)
    ts = f"{time.time():.6f}"
    body = payloads.event_body(payloads.mention("How much capacity goes to debt?", user="UALICE", channel="C1", ts=ts), event_id="EvLOCKED1")
    try:
        started = time.monotonic()
        first = _dispatch(server, body)
        acked = time.monotonic() - started
        retry = _dispatch(server, body)  # Slack's retry reaches the same process while the lock is still held
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert first.status == 200 and retry.status == 200
    assert acked < 3.0  # Slack's limit for an acknowledgement (it took 30 s before)
    assert server.executor.wait_idle(30)
    answers = [c for c in server.fake.local.calls_to("chat.postMessage") if c.args.get("thread_ts") == ts]
    assert len(answers) == 1


# --- item: a replayed slash command runs once --------------------------------------------------------------------


def test_a_replayed_slash_command_runs_once(server):
    from tests.fixtures.slack import ADMIN, PROGRAM

    server.state.link("C1", PROGRAM, ADMIN)
    before = len(server.engines.debt)
    url = server.fake.response_url()
    body = payloads.command_body("debt add Feature store has no owner", user=ADMIN, channel="C1", response_url=url)
    headers = {"content-type": "application/x-www-form-urlencoded", **payloads.sign(SECRET, body)}
    raw = body.encode()
    for _ in range(2):  # the same signed body and timestamp, sent again within the replay window
        status, _, _ = server.call([raw], {**headers, "content-length": str(len(raw))})
        assert status == 200
    assert server.executor.wait_idle(30)
    assert len(server.engines.debt) == before + 1
    another = payloads.command_body("debt add Feature store has no owner", user=ADMIN, channel="C1", response_url=url)
    assert _dispatch(server, another, "application/x-www-form-urlencoded").status == 200  # a new command, same words: runs
    assert server.executor.wait_idle(30)
    assert len(server.engines.debt) == before + 2


# --- item: malformed requests get a 4xx and one log line ------------------------------------------------------------

SLASH = "token=local&team_id=T1&command=%2Fcompel&text=status&user_id=U1&channel_id=C1&trigger_id=trig-x"


@pytest.mark.parametrize(("body", "content_type", "sign", "headers", "status"), [
    ('{"type":', "application/json", False, {}, 401),  # unsigned: refused before anything is parsed
    ('{"type":', "application/json", True, {}, 400),
    ('[1, 2, 3]', "application/json", True, {}, 400),
    ("payload=%7Bnot-json", "application/x-www-form-urlencoded", True, {}, 400),
    (SLASH, "application/json", True, {}, 400),  # a slash command's form body sent as JSON
    ('{"type": "event_callback"}', "application/json", False, {"x-slack-request-timestamp": "soon", "x-slack-signature": "v0=00"}, 401),
])
def test_malformed_requests_get_a_4xx_and_one_log_line(server, caplog, body, content_type, sign, headers, status):
    with caplog.at_level(logging.INFO):
        got, _, _ = server.post(body, content_type, headers=headers, sign=sign)
    assert got == status
    assert not [r for r in caplog.records if r.exc_info]  # no traceback
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) <= 1


def test_an_event_type_the_bot_does_not_handle_gets_200(server):
    body = payloads.event_body({"type": "reaction_added", "user": "U1", "reaction": "tada", "item": {"type": "message", "channel": "C1", "ts": "1.1"}})
    assert server.post(body)[0] == 200  # a 404 would make Slack count a failure and retry


def test_a_locked_records_database_is_named_in_a_slash_command_answer_not_a_generic_sorry(tmp_path, monkeypatch):
    import sqlite3

    from store import database

    monkeypatch.setattr(database, "FEATURE_LOCK_TIMEOUT", 0.2)  # seconds a feature table waits on a lock (30 in use)
    server = Server(tmp_path)
    try:
        from tests.fixtures.slack import ADMIN, PROGRAM

        server.state.link("C1", PROGRAM, ADMIN)
        holder = sqlite3.connect(server.settings.records_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            url = server.fake.response_url()
            assert _dispatch(server, payloads.command_body("status", user="UALICE", channel="C1", response_url=url),
                             "application/x-www-form-urlencoded").status == 200
            assert server.executor.wait_idle(30)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        [answer] = [c.args for c in server.fake.local.calls_to("response_url") if c.args.get("url") == url]
        text = json.dumps(answer)
        assert "locked by another process" in text and "Sorry" not in text
    finally:
        server.close()


def test_the_startup_line_says_when_the_server_listens_on_every_interface():
    from bot.slack.server import startup_line

    every = startup_line("0.0.0.0", 3000)
    assert every.startswith("compel-bot listening on http://0.0.0.0:3000/slack/events")
    assert "every network interface" in every and "--host 127.0.0.1" in every
    assert "every network interface" not in startup_line("127.0.0.1", 3000)
