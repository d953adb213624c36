"""Method questions that say 'our' or 'we' are about the BoK, not the program's records (held out from the bank)."""

from __future__ import annotations

import pytest

from bot.answer.intent import BOK, IntentClassifier, demo_names, load_bank

# Written for this test; none of them is in bot/answer/intents.yaml.
OWN_WORD_METHOD = [
    "How should our stand-ups be run?",
    "How should we escalate when a vendor lets us down?",
    "Is it fine for us to defer error handling in a pipeline as debt?",
    "What should our MLOps setup have before launch?",
    "How do we keep our cloud costs from running away on the data platform?",
    "What should we ask our engineers when a model stops improving?",
]
PROGRAM = [
    ("Which of our use cases are in trouble this sprint?", "at_risk"),
    ("Who on our team skipped the last stand-up?", "not_reported"),
    ("What's on our debt register right now?", "debt"),
]


@pytest.fixture(scope="module")
def classifier(tmp_path_factory):
    from bot.config import Settings
    from knowledge.embeddings import build_embedder

    return IntentClassifier(build_embedder(Settings()).embed_batch, cache_dir=tmp_path_factory.mktemp("intent"))


def test_the_held_out_questions_are_not_in_the_bank():
    bank = {q.lower() for qs in load_bank().values() for q in qs}
    assert not bank & {q.lower() for q in OWN_WORD_METHOD + [q for q, _ in PROGRAM]}


def test_method_questions_with_our_or_we_go_to_the_bok(classifier):
    got = {q: classifier.classify(q, demo_names()).topic for q in OWN_WORD_METHOD}
    wrong = {q: t for q, t in got.items() if t != BOK}
    assert len(wrong) <= 1, wrong
    assert got["How should our stand-ups be run?"] == BOK, got


def test_program_questions_with_our_still_go_to_the_records(classifier):
    got = [(q, want, classifier.classify(q, demo_names()).topic) for q, want in PROGRAM]
    assert all(topic != BOK for _, _, topic in got), got
    assert sum(topic == want for _, want, topic in got) >= 2, got
