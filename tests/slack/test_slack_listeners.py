"""Listener tests: signed requests through `app.dispatch`, the fake Slack Web API over HTTP recording each call."""

from __future__ import annotations

import json
import logging
import time

import pytest
from slack_bolt import BoltRequest

from bot.errors import KIND_MESSAGE, InputError
from bot.slack.console import payloads
from bot.slack.app import build_app
from bot.slack.console.terminal import TrackingExecutor
from bot.slack.console.local_api import BOT_USER
from store.slack_state import SlackState
from tests.fixtures.fake_slack import FakeSlack, texts
from tests.fixtures.slack import ADMIN, PROGRAM, SECRET, FakeEngines, slack_settings

USER = "UALICE"
CHANNEL = "CGENERAL"


class Harness:
    """An app on the fake Slack, with helpers that send Slack-shaped, signed requests."""

    def __init__(self, tmp_path, **settings) -> None:
        self.fake = FakeSlack()
        self.engines = FakeEngines()
        self.settings = slack_settings(tmp_path, self.fake.api_url, **settings)
        self.state = SlackState(self.settings.records_url)
        self.executor = TrackingExecutor()
        self.app = build_app(self.settings, engines=self.engines, state=self.state, executor=self.executor)

    def dispatch(self, body: str, content_type: str, headers: dict | None = None, secret: str = SECRET, timestamp: int | None = None):
        signed = {"content-type": content_type, **payloads.sign(secret, body, timestamp), **(headers or {})}
        return self.app.dispatch(BoltRequest(body=body, headers=signed))

    def event(self, event: dict, event_id: str | None = None, headers: dict | None = None):
        return self.dispatch(payloads.event_body(event, event_id), "application/json", headers)

    def command(self, text: str, user: str = USER, channel: str = CHANNEL):
        url = self.fake.response_url()
        resp = self.dispatch(payloads.command_body(text, user=user, channel=channel, response_url=url), "application/x-www-form-urlencoded")
        return resp, url

    def interactive(self, payload: dict):
        return self.dispatch(payloads.interactive_body(payload), "application/x-www-form-urlencoded")

    def idle(self) -> None:
        assert self.executor.wait_idle(30)

    def responses(self, url: str) -> list[dict]:
        return [c.args for c in self.fake.local.calls_to("response_url") if c.args.get("url") == url]

    def mention(self, text: str, ts: str = "1700000001.000100", thread_ts: str | None = None, **kw):
        return self.event(payloads.mention(text, user=USER, channel=CHANNEL, ts=ts, thread_ts=thread_ts), **kw)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.fake.close()
        self.state.close()


@pytest.fixture
def h(tmp_path):
    harness = Harness(tmp_path)
    yield harness
    harness.close()


@pytest.fixture
def hdb(database_url, tmp_path):
    """The harness with its Slack state on each database (SQLite, then PostgreSQL)."""
    harness = Harness(tmp_path)
    yield harness
    harness.close()


def posted(h: Harness) -> list[dict]:
    return [c.args for c in h.fake.local.calls_to("chat.postMessage")]


# --- asking ------------------------------------------------------------------------------


def test_mention_is_answered_in_its_thread_with_citations_context_and_feedback(h):
    resp = h.mention("How much sprint capacity goes to debt?")
    assert resp.status == 200
    h.idle()
    [msg] = posted(h)
    assert msg["channel"] == CHANNEL and msg["thread_ts"] == "1700000001.000100"
    body = texts(msg["blocks"])
    assert "Keep 15 to 20 percent" in body
    assert "*[1]* Module 2.4 · Article 6 · Technical Debt Management" in body
    assert "Record evidence" in body and "Pipeline tests slipped again." in body
    assert "Program: Acme AI" in body  # the program by name
    # Slack's own 👍/👎: a context_actions block holding one feedback_buttons element
    [feedback] = [e for b in msg["blocks"] if b["type"] == "context_actions" for e in b["elements"]]
    assert feedback["type"] == "feedback_buttons" and feedback["action_id"] == "answer_feedback"
    assert h.engines.asked == [("How much sprint capacity goes to debt?", PROGRAM, [])]
    assert h.engines.people == [USER]
    # a visible sign of work while answering, removed afterwards
    assert [c.args["name"] for c in h.fake.local.calls_to("reactions.add")] == ["hourglass_flowing_sand"]
    assert len(h.fake.local.calls_to("reactions.remove")) == 1


def test_abstention_says_the_bok_does_not_cover_it(h):
    h.mention("What will the weather be tomorrow?")
    h.idle()
    assert "The BoK does not cover this." in texts(posted(h)[0]["blocks"])


def test_follow_up_in_the_bots_thread_uses_the_thread_as_context(h):
    h.mention("How much capacity for debt?", ts="1700000001.000100")
    h.idle()
    reply = payloads.message("And who decides that?", user=USER, channel=CHANNEL, ts="1700000002.000100", thread_ts="1700000001.000100")
    h.event(reply)
    h.idle()
    assert h.engines.asked[-1] == ("And who decides that?", PROGRAM, ["How much capacity for debt?"])
    assert posted(h)[-1]["thread_ts"] == "1700000001.000100"
    assert "follow-up" in texts(posted(h)[-1]["blocks"])


def test_messages_outside_the_bots_threads_and_the_bots_own_messages_are_ignored(h):
    h.event(payloads.message("just chatting", user=USER, channel=CHANNEL, ts="1700000003.000100"))
    h.event(payloads.message("a thread we are not in", user=USER, channel=CHANNEL, ts="1700000004.000100", thread_ts="1690000000.000100"))
    own = payloads.message("bot text", user=BOT_USER, channel=CHANNEL, ts="1700000005.000100", channel_type="im")
    own["bot_id"] = "BSOMEBOT"
    h.event(own)
    edited = payloads.message("edited", user=USER, channel="DALICE", ts="1700000006.000100", channel_type="im")
    edited["subtype"] = "message_changed"
    h.event(edited)
    h.idle()
    assert posted(h) == [] and h.engines.asked == []


def test_a_direct_message_is_answered(h):
    h.event(payloads.message("What is the debt budget?", user=USER, channel="DALICE", ts="1700000007.000100", channel_type="im"))
    h.idle()
    [msg] = posted(h)
    assert msg["channel"] == "DALICE" and msg["thread_ts"] == "1700000007.000100"


def test_slack_retries_of_an_event_are_answered_once(hdb):
    h = hdb
    h.mention("How much capacity for debt?", event_id="Ev-RETRIED")
    h.idle()
    resp = h.mention("How much capacity for debt?", event_id="Ev-RETRIED", headers={"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"})
    h.idle()
    assert resp.status == 200
    assert len(h.engines.asked) == 1 and len(posted(h)) == 1


def test_the_ack_does_not_wait_for_the_work(h):
    h.engines.release.clear()  # the engine blocks until released
    resp, url = h.command("ask What is the debt budget?")
    assert resp.status == 200 and "Working on" in resp.body
    assert h.responses(url) == []  # the answer cannot have come yet: the engine is still blocked
    h.engines.release.set()
    h.idle()
    assert "Keep 15 to 20 percent" in texts(h.responses(url))


def test_mentions_smuggled_in_are_never_emitted(h):
    h.engines.answer_text = "Ping <!channel> and <!here|here> and <@U999> and @everyone, see <https://evil.example|docs>."
    h.mention("<!channel> tell everyone <@U999>")
    h.idle()
    out = json.dumps(posted(h))
    for bad in ("<!channel>", "<!here", "<@U999>", "<!everyone>", "<https://evil"):
        assert bad not in out
    assert "@everyone" not in texts(posted(h))  # a word joiner breaks the broadcast
    question = h.engines.asked[0][0]
    assert "<@" not in question and "@channel" in question  # the engine gets plain text


def test_a_failing_engine_shows_a_kind_message_and_logs_the_traceback(h, caplog):
    h.engines.fail = RuntimeError("password=hunter2 leaked in a stack")
    with caplog.at_level(logging.ERROR):
        h.mention("anything")
        h.idle()
    out = texts(posted(h))
    assert KIND_MESSAGE in out and "hunter2" not in out
    assert any("hunter2" in (r.exc_text or "") or (r.exc_info and "hunter2" in str(r.exc_info[1])) for r in caplog.records)


def test_a_user_facing_error_shows_its_own_line(h):
    h.engines.fail = InputError("The question is too long (max 2000 characters). Shorten it.")
    h.mention("x" * 10)
    h.idle()
    assert "The question is too long" in texts(posted(h))


def test_rate_limited_posts_are_retried_after_retry_after(h):
    h.fake.local.fail_next("chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "0"})
    h.mention("How much capacity for debt?")
    h.idle()
    calls = h.fake.local.calls_to("chat.postMessage")
    assert [c.response.get("ok") for c in calls] == [False, True]


def test_bad_and_stale_signatures_get_401(h):
    body = payloads.event_body(payloads.mention("hi", user=USER, channel=CHANNEL, ts="1.1"))
    assert h.dispatch(body, "application/json", secret="wrong-secret").status == 401
    assert h.dispatch(body, "application/json", timestamp=int(time.time()) - 60 * 10).status == 401
    h.idle()
    assert h.engines.asked == []


# --- /compel --------------------------------------------------------------------------------


def test_help_and_unknown_subcommands_are_answered_in_the_ack(h):
    resp, _ = h.command("help")
    assert "/compel ask QUESTION" in resp.body
    resp, url = h.command("frobnicate now")
    assert "frobnicate" in resp.body and "/compel risks" in resp.body
    h.idle()
    assert h.responses(url) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("risks", "Feasibility risk"),
        ("status", "Data platform"),
        ("readiness churn", "approval pending"),
        ("questions churn", "Is the model converging"),
        ("debt list", "Feature pipeline has no tests"),
        ("translate the p95 latency exceeds the SLA", "In business terms"),
        ("ask What is the debt budget?", "Keep 15 to 20 percent"),
    ],
)
def test_subcommands_answer_ephemerally_with_a_share_button(h, text, expected):
    resp, url = h.command(text)
    assert resp.status == 200 and json.loads(resp.body)["response_type"] == "ephemeral"
    h.idle()
    [result] = h.responses(url)
    assert result["response_type"] == "ephemeral" and result["replace_original"] is True
    assert expected in texts(result["blocks"])
    assert "share_result" in json.dumps(result["blocks"])


def test_ask_command_answers_like_a_mention_with_context_line_and_feedback(h):
    _, url = h.command("ask What is the debt budget?")
    h.idle()
    [result] = h.responses(url)
    assert "Program: Acme AI · 2 passages" in texts(result["blocks"])
    button, _ = _button(result["blocks"], "feedback_up")
    row = h.state.record_feedback(button["value"], USER, "up")  # the answer was kept with its question
    assert row.question == "What is the debt budget?"


def test_unknown_use_case_gets_the_engines_message(h):
    _, url = h.command("readiness nothing")
    h.idle()
    assert "No use case 'nothing'" in texts(h.responses(url))


def test_record_changes_are_for_admins_only(h):
    resp, url = h.command("debt add churn: manual checks", user="UNOTADMIN")
    assert "admins" in resp.body
    h.idle()
    assert h.responses(url) == [] and len(h.engines.debt) == 2
    resp, url = h.command("debt add churn: manual checks category=debt sprint=9", user=ADMIN)
    h.idle()
    assert h.engines.debt[-1] == {"id": "D-3", "description": "manual checks", "category": "debt", "planned_sprint": 9, "status": "open", "use_case": "churn"}
    assert "D-3" in texts(h.responses(url))


def test_link_scopes_the_channel_to_a_program(hdb):
    h = hdb
    resp, url = h.command(f"link {PROGRAM}", user=ADMIN, channel="CPROJECT")
    h.idle()
    assert h.state.linked_program("CPROJECT") == PROGRAM
    _, url = h.command("link nowhere", user=ADMIN, channel="CPROJECT")
    h.idle()
    assert "No program 'nowhere'" in texts(h.responses(url))
    resp, _ = h.command(f"link {PROGRAM}", user="UNOTADMIN")
    assert "admins" in resp.body


def test_channel_scoping_picks_the_linked_program_over_the_default(database_url, tmp_path):
    harness = Harness(tmp_path, program=None, channel_programs={CHANNEL: "from-settings"})
    try:
        harness.mention("How much capacity for debt?")
        harness.idle()
        assert harness.engines.asked[-1][1] == "from-settings"
        harness.state.link(CHANNEL, PROGRAM, ADMIN)
        harness.mention("again", ts="1700000009.000100")
        harness.idle()
        assert harness.engines.asked[-1][1] == PROGRAM
    finally:
        harness.close()


# --- buttons, shortcut, home -------------------------------------------------------------


def _button(blocks: list[dict], action_id: str) -> tuple[dict, str]:
    for b in blocks:
        for e in b.get("elements", []):
            if e.get("action_id") == action_id:
                return e, b.get("block_id", "")
    raise AssertionError(f"no {action_id} button")


def test_feedback_is_stored_with_the_question(hdb):
    h = hdb
    h.mention("How much capacity for debt?")
    h.idle()
    msg = posted(h)[0]
    [element] = [e for b in msg["blocks"] if b["type"] == "context_actions" for e in b["elements"]]
    block_id = next(b["block_id"] for b in msg["blocks"] if b["type"] == "context_actions")
    pressed = {"action_id": element["action_id"], "value": element["negative_button"]["value"]}  # 👎, as Slack sends it
    payload = payloads.block_action(pressed, block_id=block_id, user="UBOB", channel=CHANNEL, message_ts="1.2", response_url=h.fake.response_url(),
                                    ephemeral=False, thread_ts=msg["thread_ts"], message={"ts": "1.2", "thread_ts": msg["thread_ts"]})
    assert h.interactive(payload).status == 200
    h.idle()
    [row] = h.state.feedback_rows()
    assert (row.user, row.vote, row.question) == ("UBOB", "down", "How much capacity for debt?")
    h.state.record_feedback(row.answer_id, "UBOB", "up")  # a changed mind replaces the vote
    assert [(r.user, r.vote) for r in h.state.feedback_rows()] == [("UBOB", "up")]
    thanks = h.fake.local.calls_to("chat.postEphemeral")[-1].args
    assert thanks["user"] == "UBOB" and "Thanks" in texts(thanks["blocks"])


def test_the_plain_buttons_still_store_feedback(h):
    """Where Slack refuses the native element the plain buttons are posted; their votes are stored the same way."""
    _, url = h.command("ask What is the debt budget?")
    h.idle()
    [result] = h.responses(url)
    button, block_id = _button(result["blocks"], "feedback_up")
    payload = payloads.block_action(button, block_id=block_id, user="UBOB", channel=CHANNEL, message_ts="1.2", response_url=h.fake.response_url(), ephemeral=True)
    h.interactive(payload)
    h.idle()
    [row] = h.state.feedback_rows()
    assert (row.user, row.vote, row.question) == ("UBOB", "up", "What is the debt budget?")


def test_share_posts_the_result_in_the_channel_and_removes_the_private_copy(hdb):
    h = hdb
    _, url = h.command("risks")
    h.idle()
    [result] = h.responses(url)
    button, block_id = _button(result["blocks"], "share_result")
    share_url = h.fake.response_url()
    payload = payloads.block_action(button, block_id=block_id, user=USER, channel=CHANNEL, message_ts="1.3", response_url=share_url, ephemeral=True)
    h.interactive(payload)
    h.idle()
    [shared] = posted(h)
    assert shared["channel"] == CHANNEL and "Feasibility risk" in texts(shared["blocks"])
    assert "share_result" not in json.dumps(shared["blocks"]) and "Shared from" in texts(shared["blocks"])
    assert h.responses(share_url) == [{"url": share_url, "delete_original": True}]


def test_translate_shortcut_answers_in_the_thread_with_the_glossary(h):
    message = {"type": "message", "user": "UENG", "text": "p95 latency on <https://x.example|the API> is 900ms", "ts": "1700000010.000100"}
    resp = h.interactive(payloads.message_shortcut(message, user=USER, channel=CHANNEL, response_url=h.fake.response_url()))
    assert resp.status == 200
    h.idle()
    call = h.fake.local.calls_to("chat.postEphemeral")[-1].args
    assert call["thread_ts"] == "1700000010.000100" and call["user"] == USER
    body = texts(call["blocks"])
    assert "Decision needed" in body and "Terms used" in body and "p95" in body
    assert h.engines.translated == ["p95 latency on the API is 900ms"]
    assert h.engines.people == [USER]


def test_app_home_shows_the_program_at_a_glance(h):
    h.event({"type": "app_home_opened", "user": USER, "channel": "DALICE", "tab": "home"})
    h.idle()
    view = h.fake.local.calls_to("views.publish")[-1].args["view"]
    body = texts(view["blocks"])
    for part in ("Data platform", "Feasibility risk", "Debt register", "tomorrow 09:30"):
        assert part in body
    assert view["type"] == "home"


def test_a_refused_bot_token_is_a_one_line_config_error(tmp_path):
    from bot.errors import ConfigError

    fake = FakeSlack()
    try:
        fake.local.fail_next("auth.test", "invalid_auth")
        settings = slack_settings(tmp_path, fake.api_url)
        with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
            build_app(settings, engines=FakeEngines(), state=SlackState(settings.records_url))
    finally:
        fake.close()


def test_missing_signing_secret_in_http_mode_is_a_config_error(tmp_path):
    from bot.errors import ConfigError

    settings = slack_settings(tmp_path, slack_signing_secret=None)
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        build_app(settings, engines=FakeEngines())
    assert not list(tmp_path.rglob("*.db")), "the state database was opened before the settings were checked"


def test_dms_use_the_program_the_person_takes_part_in(tmp_path):
    harness = Harness(tmp_path, program=None)
    try:
        harness.engines.memberships = {USER: ["beta-program"], "CSTANDUP": ["gamma-program"]}
        harness.event(payloads.message("What is the debt budget?", user=USER, channel="DALICE", ts="1700000011.000100", channel_type="im"))
        harness.mention("and here?", ts="1700000012.000100")  # CGENERAL: no link, no stand-up -> the only program on record
        harness.idle()
        assert sorted(p for _, p, _ in harness.engines.asked) == ["acme-ai", "beta-program"]
        harness.event(payloads.mention("in the stand-up channel", user="UOTHER", channel="CSTANDUP", ts="1700000013.000100"))
        harness.idle()
        assert harness.engines.asked[-1][1] == "gamma-program"
    finally:
        harness.close()
