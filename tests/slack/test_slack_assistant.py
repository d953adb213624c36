"""The assistant panel end to end on the fake Slack: prompts, status, title, answers (streamed or posted), feedback."""

from __future__ import annotations

import pytest

from bot.slack.console import payloads
from bot.slack.views import limits
from tests.fixtures.fake_slack import texts
from tests.fixtures.llm import FakeAnswerer, ScriptedBackend
from tests.fixtures.slack import ADMIN, PROGRAM, FakeEngines
from tests.slack.test_slack_listeners import Harness

USER = "UALICE"
DM = "DALICE"  # the person's DM with the app, where panel threads live
VIEWED = "CPROJECT"
THREAD = "1700000100.000100"


def open_panel(h: Harness, thread_ts: str = THREAD, viewing: str | None = VIEWED) -> None:
    h.event(payloads.assistant_thread("started", user=USER, channel=DM, thread_ts=thread_ts, context_channel=viewing))
    h.idle()


def ask(h: Harness, text: str, ts: str, thread_ts: str = THREAD):
    resp = h.event(payloads.message(text, user=USER, channel=DM, ts=ts, thread_ts=thread_ts, channel_type="im"))
    h.idle()
    return resp


def calls(h: Harness, method: str) -> list[dict]:
    return [c.args for c in h.fake.local.calls_to(method)]


class TwoPrograms(FakeEngines):
    """Two programs on record: a channel must be linked (or run a stand-up) for its records to be read."""

    def programs(self) -> list[str]:
        return [PROGRAM, "other-program"]


def harness_with(tmp_path, engines: FakeEngines, **settings) -> Harness:
    """A Harness whose app runs on the given engines."""
    from bot.slack.app import build_app

    harness = Harness(tmp_path, **settings)
    harness.engines = engines
    harness.app = build_app(harness.settings, engines=engines, state=harness.state, executor=harness.executor)
    return harness


@pytest.fixture
def h(tmp_path):
    harness = Harness(tmp_path)
    yield harness
    harness.close()


def test_a_new_thread_gets_a_greeting_and_prompts_about_the_viewed_channels_program(h):
    open_panel(h)
    [greeting] = [c for c in calls(h, "chat.postMessage") if c["thread_ts"] == THREAD]
    assert greeting["channel"] == DM and "Acme AI" in texts(greeting["blocks"])
    [prompts] = calls(h, "assistant.threads.setSuggestedPrompts")
    assert prompts["channel_id"] == DM and prompts["thread_ts"] == THREAD
    assert 1 <= len(prompts["prompts"]) <= 4 and all(p["title"] and p["message"] for p in prompts["prompts"])
    said = " ".join(p["message"] for p in prompts["prompts"])
    assert "Acme AI" in said and "riskiest" in said and "stand-up" in said


def test_a_thread_opened_beside_an_unlinked_channel_offers_bok_prompts_and_reads_no_records(tmp_path):
    harness = harness_with(tmp_path, TwoPrograms(), program=None)
    try:
        harness.engines.memberships[USER] = ["other-program"]  # the person's own stand-up: not this channel's
        open_panel(harness)
        [prompts] = calls(harness, "assistant.threads.setSuggestedPrompts")
        assert "Acme AI" not in texts(prompts) and "other-program" not in texts(prompts)
        ask(harness, "What does the EATP oversee?", "1700000101.000100")
        assert harness.engines.asked[-1][1] is None  # the BoK only: never another program's records
        harness.state.link(VIEWED, PROGRAM, ADMIN)
        ask(harness, "And in this program?", "1700000102.000100")
        assert harness.engines.asked[-1][1] == PROGRAM  # linked now: the viewed channel's program, as if asked there
    finally:
        harness.close()


def test_context_changed_moves_the_thread_to_the_new_channels_program(h):
    h.engines.memberships["COTHER"] = ["other-program"]  # COTHER runs other-program's stand-up
    open_panel(h)
    h.event(payloads.assistant_thread("context_changed", user=USER, channel=DM, thread_ts=THREAD, context_channel="COTHER"))
    h.idle()
    assert len(calls(h, "assistant.threads.setSuggestedPrompts")) == 2
    ask(h, "What slipped?", "1700000103.000100")
    assert h.engines.asked[-1][1] == "other-program"


def test_a_question_gets_status_first_then_title_and_the_cited_answer_in_the_thread(h):
    open_panel(h)
    resp = ask(h, "How much sprint capacity goes to debt?", "1700000104.000100")
    assert resp.status == 200
    [status] = h.fake.local.calls_to("assistant.threads.setStatus")
    answer = [c for c in h.fake.local.calls_to("chat.postMessage") if "Keep 15 to 20 percent" in texts(c.args["blocks"])][0]
    assert status.at <= answer.at and status.args["status"] == "is reading the program's records…"
    assert status.args["loading_messages"]
    [title] = calls(h, "assistant.threads.setTitle")
    assert title["title"] == "How much sprint capacity goes to debt?"
    body = texts(answer.args["blocks"])
    assert answer.args["thread_ts"] == THREAD and "*[1]* Module 2.4" in body and "Record evidence" in body
    assert any(b["type"] == "context_actions" for b in answer.args["blocks"])
    assert h.engines.asked == [("How much sprint capacity goes to debt?", PROGRAM, [])]
    assert calls(h, "reactions.add") == []  # the status line replaces the hourglass here


def test_follow_ups_use_the_threads_earlier_questions_and_keep_the_title(h):
    open_panel(h)
    ask(h, "How much capacity for debt?", "1700000105.000100")
    ask(h, "Who decides that?", "1700000106.000100")
    assert h.engines.asked[-1] == ("Who decides that?", PROGRAM, ["How much capacity for debt?"])
    assert len(calls(h, "assistant.threads.setTitle")) == 1
    assert "follow-up" in texts(calls(h, "chat.postMessage")[-1]["blocks"])


def test_native_feedback_from_the_panel_is_stored_with_the_question(h):
    open_panel(h)
    ask(h, "How much capacity for debt?", "1700000107.000100")
    msg = calls(h, "chat.postMessage")[-1]
    block = next(b for b in msg["blocks"] if b["type"] == "context_actions")
    element = block["elements"][0]
    pressed = {"action_id": element["action_id"], "value": element["positive_button"]["value"]}
    h.interactive(payloads.block_action(pressed, block_id=block["block_id"], user=USER, channel=DM, message_ts="1.5",
                                        response_url=h.fake.response_url(), ephemeral=False, thread_ts=THREAD, message={"ts": "1.5", "thread_ts": THREAD}))
    h.idle()
    [row] = h.state.feedback_rows()
    assert (row.vote, row.question) == ("up", "How much capacity for debt?")


# --- streaming ---------------------------------------------------------------------------------------------


class LLMEngines(FakeEngines):
    """Answers written by the LLM path (the real LLMAnswerer) over a scripted stand-in for the model."""

    def __init__(self) -> None:
        super().__init__()
        from bot.llm.answer import LLMAnswerer
        from bot.llm.call import Caller

        draft = {"covered": True, "sentences": [
            {"text": "Ask for access to source systems early.", "sources": ["c0ffee0001"]},
            {"text": "Data owners, security and network teams all take part.", "sources": ["c0ffee0001"]},
        ]}
        self.backend = ScriptedBackend(*[draft] * 5)
        self.llm = LLMAnswerer(FakeAnswerer(), Caller(self.backend))

    def answer(self, req):
        self.asked.append((req.question, req.program, list(req.history)))
        return self.llm.answer(req.question, req.program, req.history, person=req.person)


@pytest.fixture
def llm(tmp_path):
    harness = harness_with(tmp_path, LLMEngines())
    yield harness
    harness.close()


def test_an_llm_answer_is_streamed_and_finished_with_sources_and_feedback(llm):
    open_panel(llm)
    ask(llm, "When do we ask for source-system access?", "1700000110.000100")
    [start] = calls(llm, "chat.startStream")
    appended = calls(llm, "chat.appendStream")
    [stop] = calls(llm, "chat.stopStream")
    streamed = "".join(c["text"] for call in [start, *appended] for c in call["chunks"])
    assert streamed.startswith("Ask for access to source systems early. [1]") and "network teams" in streamed
    assert start["thread_ts"] == THREAD and start["recipient_user_id"] == USER and len(appended) >= 1
    assert "Sources" in texts(stop["blocks"]) and any(b["type"] == "context_actions" for b in stop["blocks"])
    assert limits.check_message({"blocks": stop["blocks"]}) == []
    answers = [c for c in calls(llm, "chat.postMessage") if "source systems" in texts(c["blocks"])]
    assert answers == []  # streamed, not posted a second time


def test_a_refused_stream_falls_back_to_a_post_once_and_is_remembered(llm):
    llm.fake.local.refuse("chat.startStream", "not_allowed")
    open_panel(llm)
    ask(llm, "When do we ask for source-system access?", "1700000111.000100")
    ask(llm, "Who takes part?", "1700000112.000100")
    assert len(calls(llm, "chat.startStream")) == 1  # tried once; the second answer went straight to a post
    answers = [c for c in calls(llm, "chat.postMessage") if "source systems" in texts(c["blocks"])]
    assert len(answers) == 2 and all(a["thread_ts"] == THREAD for a in answers)


def test_a_refused_feedback_element_is_replaced_by_the_plain_buttons_and_remembered(h):
    h.fake.local.fail_next("chat.postMessage", "invalid_blocks")
    h.mention("How much capacity for debt?", ts="1700000113.000100")
    h.idle()
    h.mention("And who decides?", ts="1700000114.000100")
    h.idle()
    posted = [c for c in h.fake.local.calls_to("chat.postMessage")]
    assert posted[0].response["error"] == "invalid_blocks"
    kinds = [[b["type"] for b in c.args["blocks"]] for c in posted[1:]]
    assert len(kinds) == 2 and all("actions" in k and "context_actions" not in k for k in kinds)
    assert len([c for c in posted if c.args.get("thread_ts") == "1700000113.000100"]) == 2  # refused, then re-posted


# --- forgiving /compel ---------------------------------------------------------------------------------------


def test_a_mistyped_subcommand_gets_did_you_mean(h):
    resp, _ = h.command("stauts")
    assert "Did you mean `status`?" in resp.body
    resp, _ = h.command("qestions churn")
    assert "Did you mean `questions`?" in resp.body
    resp, _ = h.command("frobnicate")
    assert "Did you mean" not in resp.body and "I don't know `frobnicate`" in resp.body  # nothing close: no guess


def test_a_misspelt_stage_is_matched_before_use_cases_are_searched():
    from bot.engines import Engines, QuestionsRequest

    class Oversight:
        def __init__(self) -> None:
            self.calls: list[dict] = []

        def questions(self, **kw):
            self.calls.append(kw)
            return kw

    class Services:
        oversight = Oversight()

    engines = Engines(Services())
    for target in ("integraton", "Model developmnt", "churn", "production line"):  # a use case's name that merely starts with a stage's
        engines.questions(QuestionsRequest(program=PROGRAM, target=target))  # a use case's name that merely starts with a stage's
    assert Services.oversight.calls == [
        {"stage": "integration", "program": PROGRAM}, {"stage": "model_development", "program": PROGRAM},
        {"use_case": "churn", "program": PROGRAM}, {"use_case": "production line", "program": PROGRAM},
    ]


def test_closest_names_are_offered_only_when_they_are_close():
    from store.names import closest

    names = {"churn": "churn", "routing": "routing (Route optimisation)", "route optimisation": "routing (Route optimisation)"}
    assert closest("chrun", names) == ["churn"]
    assert closest("route optimization", names) == ["routing (Route optimisation)"]
    assert closest("integraton", names) == [] and closest("zz", names) == []


def test_slack_messages_never_point_at_the_command_line(h):
    from bot.errors import NotFoundError
    from bot.slack.posting import failure_messages
    from bot.slack.views.oversight_builder import build_debt, build_risks

    many = build_risks(h.engines.risks(PROGRAM) * 30, PROGRAM) + build_debt(h.engines.debt_register(PROGRAM).rows * 40, PROGRAM)
    told = failure_messages(NotFoundError("No program 'x' in the records. Import it with `compel records import FILE`."), "test")
    moved = failure_messages(NotFoundError("No debt item 'D-9'. See `compel debt list`."), "test")
    for text in (texts(many), texts(told), texts(moved)):
        assert "`compel " not in text and "compel records" not in text
    assert "No program 'x' in the records." in texts(told) and "`/compel debt list`" in texts(moved)
