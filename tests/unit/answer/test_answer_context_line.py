"""The context line under a refusal reads as sentences: the retriever's reason opens with a capital and ends with a stop."""

from __future__ import annotations

import pytest

from bot.answer.compose import compose
from knowledge.types import Retrieval


@pytest.mark.parametrize("reason", [
    "nothing is indexed for this scope",
    "the closest passages share the question's topic, but it asks for something of a kind the indexed texts do not give",
    "no passage matches.",
])
def test_a_refusal_context_is_made_of_sentences(reason: str):
    answer = compose("How many GPUs does a ten-person team rent?", Retrieval(query="q", hits=[], abstained=True, reason=reason),
                     idf=None, program="halvorsen")
    searched, _, said = answer.context.partition(". ")
    assert searched == "Searched: BoK and knowledge pack + records of halvorsen"
    assert said[:1].isupper() and said.endswith(".") and not said.endswith(".."), answer.context


def test_a_refusal_without_a_reason_says_only_where_it_searched():
    answer = compose("Anything?", Retrieval(query="q", hits=[], abstained=True), idf=None)
    assert answer.context == "Searched: BoK and knowledge pack."
