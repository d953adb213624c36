"""One message, two asks: each part is read for its own topic (bot.answer.intent.asks). Our own wording."""

from __future__ import annotations

import pytest

from bot.answer.intent import asks


@pytest.mark.parametrize("message, parts", [
    ("who signed off the pricing review, and when does it expire?", ["who signed off the pricing review", "when does it expire?"]),
    ("is the gate for the planner met? any vendor tickets open", ["is the gate for the planner met", "any vendor tickets open"]),
    ("budget this month + how many debt items are open", ["budget this month", "how many debt items are open"]),
    ("which risks are high and who owns them", ["which risks are high", "who owns them"]),
    ("ines - what did she report friday", ["ines what did she report friday"]),  # a name alone leads into the ask
    ("what is holding up the forecast rollout?", ["what is holding up the forecast rollout?"]),
    ("status of the invoice work, owners and dates", ["status of the invoice work, owners and dates"]),  # no second question
    ("is the photo work moving? seats?", ["is the photo work moving seats?"]),  # too short to be an ask of its own
])
def test_a_message_is_read_ask_by_ask(message, parts):
    assert asks(message) == parts


@pytest.fixture(scope="module")
def services(demo_services):
    return demo_services


def test_each_ask_of_a_message_is_answered_from_its_own_records(services):
    answer = services.answerer.answer("which risks have no owner, and what's the october cloud bill against budget?",
                                      program="halvorsen")
    assert answer.context.startswith("Answered from the records") and "risks" in answer.context and "spend" in answer.context, answer.context
    cited = {c.section for c in answer.citations if c.kind == "record"}
    assert {"risk rk-004", "cost cost-2026-10"} <= cited, (cited, answer.answer)
    assert "Dispatchers may keep overriding" in answer.answer and "46,900" in answer.answer, answer.answer
