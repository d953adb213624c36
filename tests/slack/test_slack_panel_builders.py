"""Pure builders of the assistant panel and the native feedback element, held to Slack's limits."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.slack.delivery import stream_pieces
from bot.slack.views import limits
from bot.slack.views.assistant_builder import (
    MAX_PROMPTS, PROMPT_MESSAGE, PROMPT_TITLE, STATUS, TITLE, PanelFacts, build_greeting, status_text, suggested_prompts, thread_title,
)
from bot.slack.views.feedback_builder import (
    build_native_feedback, feedback_answer_id, has_native_feedback, parse_native_value, to_legacy_feedback,
)

names = st.text(min_size=1, max_size=400)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=st.one_of(st.none(), names), name=st.one_of(st.none(), names), uc=st.one_of(st.none(), names))
def test_prompts_and_greeting_stay_within_limits_whatever_the_names(program, name, uc):
    facts = PanelFacts(program=program, program_name=name, at_integration=uc)
    prompts = suggested_prompts(facts)
    assert 1 <= len(prompts) <= MAX_PROMPTS
    for p in prompts:
        assert 0 < len(p["title"]) <= PROMPT_TITLE and 0 < len(p["message"]) <= PROMPT_MESSAGE
        assert "@channel" not in p["message"].replace("\u2060", "")
    for msg in build_greeting(facts):
        assert limits.check_message(msg) == []
    assert 0 < len(status_text(program)) <= STATUS


def test_bok_prompts_name_no_program_and_program_prompts_name_it():
    assert "Acme" not in str(suggested_prompts(PanelFacts()))
    said = str(suggested_prompts(PanelFacts(program="acme", program_name="Acme AI", at_integration="Invoice matching")))
    assert "Acme AI" in said and "Invoice matching at integration" in said


@given(question=st.text(max_size=2000))
def test_the_title_is_one_short_line(question):
    title = thread_title(question)
    assert 0 < len(title) <= TITLE and "\n" not in title


def test_a_long_title_is_cut_at_a_word():
    title = thread_title("What should the program sponsor hear about the delayed integration of the invoice matching model this month?")
    assert title.endswith("…") and not title[:-1].endswith(" ") and len(title) <= TITLE


def test_native_feedback_is_within_limits_and_round_trips():
    block = build_native_feedback("abc123")
    assert limits.check_block(block) == []
    element = block["elements"][0]
    assert parse_native_value(element["positive_button"]["value"]) == ("up", "abc123")
    assert parse_native_value(element["negative_button"]["value"]) == ("down", "abc123")
    assert parse_native_value("sideways:abc") is None and parse_native_value("") is None
    messages = [{"text": "t", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}, block]}]
    assert has_native_feedback(messages) and feedback_answer_id(messages) == "abc123"
    legacy = to_legacy_feedback(messages)
    assert not has_native_feedback(legacy) and feedback_answer_id(legacy) == "abc123"
    assert [e["action_id"] for e in legacy[0]["blocks"][-1]["elements"]] == ["feedback_up", "feedback_down"]


def test_the_checker_refuses_a_malformed_context_actions_block():
    assert limits.check_block({"type": "context_actions", "elements": []})
    assert limits.check_block({"type": "context_actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "x"}}]})
    bad = build_native_feedback("a")
    bad["elements"][0]["positive_button"]["text"]["text"] = "x" * 80
    assert limits.check_block(bad)


def test_stream_pieces_keep_every_character_and_each_citation_with_its_sentence():
    text = "Keep a fifth of each sprint for debt [1]. The sponsor decides [2]! Is it enough? Yes."
    pieces = stream_pieces(text)
    assert "".join(pieces) == text and pieces[0] == "Keep a fifth of each sprint for debt [1]. "
    assert stream_pieces("Ask early. [1] Owners take part. [1, 2]") == ["Ask early. [1] ", "Owners take part. [1, 2]"]
