"""A use case's or a person's name says which records a question is about, never which topic."""

from __future__ import annotations

import pytest

from bot.answer.intent import IntentClassifier, demo_names, without_names


def test_names_are_taken_out_whole_and_longest_first():
    names = ["Invoice matching", "invoice", "Hannah Cole", "Hannah"]
    assert without_names("Is invoice matching in trouble?", names).split() == ["Is", "in", "trouble?"]
    assert without_names("What does Hannah Cole own?", names).split() == ["What", "does", "own?"]
    assert without_names("invoices are late", names) == "invoices are late"  # part of a word is not the name


@pytest.fixture(scope="module")
def classifier(tmp_path_factory):
    from bot.config import Settings
    from knowledge.embeddings import build_embedder

    return IntentClassifier(build_embedder(Settings()).embed_batch, cache_dir=tmp_path_factory.mktemp("intent-names"))


# One wording per topic, asked of use cases the bank mentions under other topics: the topic must not follow the name.
@pytest.mark.parametrize("template, topic", [
    ("Is {} heading for trouble?", "at_risk"),
    ("What is {} still waiting on from other teams?", "blockers"),
    ("Which shortcuts logged against {} are still open?", "debt"),
])
def test_the_same_wording_gets_the_same_topic_whatever_use_case_it_names(template, topic, classifier):
    names = demo_names()
    cases = ["invoice matching", "route optimisation", "damage triage", "spot pricing", "churn early warning"]
    got = {uc: classifier.classify(template.format(uc), names).topic for uc in cases}
    assert all(t == topic for t in got.values()), got
