"""End to end: `compel serve` as a subprocess, over HTTP and over Socket Mode, against the local fake Slack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from bot.slack.console import payloads
from tests.fixtures.fake_slack import FakeSlack, texts
from tests.fixtures.slack import ADMIN, SECRET

QUESTION = "How much sprint capacity should go to technical debt remediation?"
CHANNEL = "CE2E"


def _env(data_dir: Path, fake: FakeSlack, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COMPEL_", "OPENAI_", "CHROMA_"))}
    env.update(
        COMPEL_DATA_DIR=str(data_dir), HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", SLACK_BOT_TOKEN="xoxb-e2e",
        SLACK_API_URL=fake.api_url, COMPEL_ADMINS=ADMIN, **extra,
    )
    return env


def _load_demo(data_dir: Path) -> None:
    from bot.cli.records import DEMO_FILE
    from bot.config import Settings
    from bot.services import Services
    from store.io import read_program

    services = Services(Settings(data_dir=data_dir))
    try:
        services.records.import_program(read_program(DEMO_FILE), source=DEMO_FILE.name)
    finally:
        services.close()


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- HTTP mode ---------------------------------------------------------------------------------


class HttpBot:
    def __init__(self, base: str, fake: FakeSlack) -> None:
        self.base, self.fake = base, fake

    def post(self, body: str, content_type: str, headers: dict | None = None, secret: str = SECRET, timestamp: int | None = None):
        signed = {"Content-Type": content_type, **payloads.sign(secret, body, timestamp), **(headers or {})}
        req = urllib.request.Request(self.base + "/slack/events", data=body.encode(), headers=signed, method="POST")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.read().decode(), time.monotonic() - started
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), time.monotonic() - started


@pytest.fixture(scope="module")
def http_bot(tmp_path_factory):
    data = tmp_path_factory.mktemp("e2e-http")
    _load_demo(data / "data")
    fake = FakeSlack()
    env = _env(data / "data", fake, SLACK_SIGNING_SECRET=SECRET)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--http", "--port", "0", "--host", "127.0.0.1"],
        env=env, cwd=data, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    try:
        for line in proc.stderr:  # blocks until the server has bound its socket
            if "listening on" in line:
                base = line.split("listening on ", 1)[1].split("/slack/events")[0].strip()
                break
        else:
            pytest.fail(f"compel serve --http exited with {proc.wait()}")
        yield HttpBot(base, fake)
    finally:
        _stop(proc)
        fake.close()


def test_http_healthz(http_bot):
    with urllib.request.urlopen(http_bot.base + "/healthz", timeout=10) as resp:
        assert resp.status == 200 and json.loads(resp.read()) == {"ok": True}


def test_http_rejects_bad_and_stale_signatures(http_bot):
    body = payloads.event_body(payloads.mention("hi", user="UX", channel=CHANNEL, ts="1.0001"))
    assert http_bot.post(body, "application/json", secret="not-the-secret")[0] == 401
    assert http_bot.post(body, "application/json", timestamp=int(time.time()) - 600)[0] == 401
    assert http_bot.post(body, "application/json", headers={"X-Slack-Signature": "v0=deadbeef"})[0] == 401


def test_http_mention_answered_in_thread_once_despite_retries(http_bot):
    ts = f"{time.time():.6f}"
    body = payloads.event_body(payloads.mention(QUESTION, user="UALICE", channel=CHANNEL, ts=ts), event_id="Ev-E2E-HTTP-1")
    status, _, _ = http_bot.post(body, "application/json")
    assert status == 200
    [answer] = http_bot.fake.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == ts)
    blocks = texts(answer.args["blocks"])
    assert "*[1]*" in blocks and "Technical Debt" in blocks and "answer_feedback" in json.dumps(answer.args["blocks"])  # native 👍/👎
    # Slack retries the same event: acknowledged, not answered again
    status, _, _ = http_bot.post(body, "application/json", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert status == 200
    later = f"{time.time() + 1:.6f}"
    http_bot.post(payloads.event_body(payloads.mention(QUESTION, user="UALICE", channel=CHANNEL, ts=later)), "application/json")
    http_bot.fake.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == later)
    assert len([c for c in http_bot.fake.local.calls_to("chat.postMessage") if c.args.get("thread_ts") == ts]) == 1


def test_http_slash_command_acks_at_once_and_answers_through_response_url(http_bot):
    url = http_bot.fake.response_url()
    body = payloads.command_body("status", user="UALICE", channel=CHANNEL, response_url=url)
    status, ack, ack_seconds = http_bot.post(body, "application/x-www-form-urlencoded")
    acked_at = time.monotonic()
    assert status == 200 and "Working on /compel status" in ack
    assert ack_seconds < 3.0  # Slack's limit for an acknowledgement
    [result] = http_bot.fake.wait_for("response_url", where=lambda c: c.args.get("url") == url)
    assert result.at >= acked_at - ack_seconds  # the result came after the ack was sent
    body_text = texts(result.args["blocks"])
    assert "Workstreams" in body_text and "Use cases by stage" in body_text
    assert result.args["response_type"] == "ephemeral" and "share_result" in json.dumps(result.args["blocks"])


def test_http_help_is_the_ack_itself(http_bot):
    body = payloads.command_body("help", user="UALICE", channel=CHANNEL, response_url=http_bot.fake.response_url())
    status, ack, _ = http_bot.post(body, "application/x-www-form-urlencoded")
    assert status == 200 and "/compel readiness USE_CASE" in ack


# --- Socket Mode ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def socket_bot(tmp_path_factory):
    data = tmp_path_factory.mktemp("e2e-socket")
    fake = FakeSlack(socket_mode=True)
    env = _env(data / "data", fake, SLACK_APP_TOKEN="xapp-1-e2e")
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=data, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        if not fake.socket.wait_connected(timeout=120):
            _stop(proc)
            pytest.fail(f"compel serve never connected over Socket Mode: {proc.stderr.read()[-2000:]}")
        yield fake
    finally:
        _stop(proc)
        fake.close()


def test_socket_mode_connects_through_apps_connections_open(socket_bot):
    [call] = socket_bot.local.calls_to("apps.connections.open")[:1]
    assert call.method == "apps.connections.open"
    assert call.response == {"ok": True, "url": socket_bot.socket.url}  # the app was pointed at the fake socket


def test_socket_mode_mention_answered_in_thread_once(socket_bot):
    ts = f"{time.time():.6f}"
    event = json.loads(payloads.event_body(payloads.mention(QUESTION, user="UBOB", channel=CHANNEL, ts=ts), event_id="Ev-E2E-SOCKET-1"))
    first = socket_bot.socket.send("events_api", event)
    assert socket_bot.socket.wait_ack(first)["envelope_id"] == first
    [answer] = socket_bot.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == ts)
    assert "*[1]*" in texts(answer.args["blocks"])
    retry = socket_bot.socket.send("events_api", event, retry_attempt=1, retry_reason="timeout")
    socket_bot.socket.wait_ack(retry)
    later = f"{time.time() + 1:.6f}"
    socket_bot.socket.send("events_api", json.loads(payloads.event_body(payloads.mention(QUESTION, user="UBOB", channel=CHANNEL, ts=later))))
    socket_bot.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == later)
    assert len([c for c in socket_bot.local.calls_to("chat.postMessage") if c.args.get("thread_ts") == ts]) == 1


def test_socket_mode_slash_command_ack_carries_the_reply(socket_bot):
    form = payloads.command_body("help", user="UBOB", channel=CHANNEL, response_url=socket_bot.response_url())
    command = {k: v[0] for k, v in parse_qs(form).items()}
    eid = socket_bot.socket.send("slash_commands", command)
    ack = socket_bot.socket.wait_ack(eid)
    assert "/compel ask QUESTION" in texts(ack.get("payload", {}))


# --- the assistant panel, over both transports -------------------------------------------------------------


def _panel_round(send, fake: FakeSlack, dm: str, user: str) -> None:
    """Open a panel thread, ask in it: prompts, then the status before a cited answer with Slack's feedback element."""
    thread = f"{time.time():.6f}"
    send(payloads.assistant_thread("started", user=user, channel=dm, thread_ts=thread, context_channel=CHANNEL))
    [prompts] = fake.wait_for("assistant.threads.setSuggestedPrompts", where=lambda c: c.args.get("thread_ts") == thread)
    assert 1 <= len(prompts.args["prompts"]) <= 4
    ts = f"{time.time() + 0.5:.6f}"
    send(payloads.message(QUESTION, user=user, channel=dm, ts=ts, thread_ts=thread, channel_type="im"))
    [answer] = fake.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == thread and "*[1]*" in texts(c.args.get("blocks")))
    [status] = fake.wait_for("assistant.threads.setStatus", where=lambda c: c.args.get("thread_ts") == thread)
    assert status.at <= answer.at and status.args["status"].startswith("is ")
    assert any(b["type"] == "context_actions" for b in answer.args["blocks"])
    fake.wait_for("assistant.threads.setTitle", where=lambda c: c.args.get("thread_ts") == thread)


def test_http_assistant_panel_prompts_status_and_answer(http_bot):
    def send(event: dict) -> None:
        assert http_bot.post(payloads.event_body(event), "application/json")[0] == 200

    _panel_round(send, http_bot.fake, "DALICEHTTP", "UALICE")


def test_socket_mode_assistant_panel_prompts_status_and_answer(socket_bot):
    def send(event: dict) -> None:
        eid = socket_bot.socket.send("events_api", json.loads(payloads.event_body(event)))
        socket_bot.socket.wait_ack(eid)

    _panel_round(send, socket_bot, "DBOBSOCKET", "UBOB")
