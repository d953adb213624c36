"""Near-domain questions naming technical terms the indexed texts never use: refused or flagged weak, with the terms named."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.services import Services
from knowledge.glossary import Glossary, GlossaryEntry
from knowledge.retrieve import Calibration, HybridRetriever
from knowledge.text import terms
from knowledge.unknown_terms import MAX_COUNTED, UnknownTerms


def _glossary() -> Glossary:
    return Glossary([
        GlossaryEntry(term="feature store", plain="a shared library of prepared model inputs"),
        GlossaryEntry(term="service mesh", aka=("istio",), plain="a network layer between software services"),
        GlossaryEntry(term="blue-green deployment", plain="switching between two live copies of a system"),
        GlossaryEntry(term="message queue", plain="a waiting line for messages between systems"),
    ])


def _unknown(texts: list[str], kinds: list[str] | None = None) -> UnknownTerms:
    glossary = _glossary()
    return UnknownTerms(kinds or ["bok"] * len(texts), [terms(t) for t in texts], lambda: glossary)


def test_a_term_no_passage_uses_is_reported_in_the_question_s_own_wording():
    unknown = _unknown(["Teams keep their model inputs in feature stores so that every project reuses them."])
    assert unknown("Should we put Istio in front of our scoring service?") == ["Istio"]


def test_naming_one_term_the_texts_use_clears_the_question():
    """A question that also names a term the texts do use is about them, whatever else it mentions."""
    unknown = _unknown(["Teams keep their model inputs in feature stores so that every project reuses them."])
    assert unknown("Does a feature store need a service mesh?") == []


def test_plain_words_are_never_counted():
    unknown = _unknown(["Sprints last two weeks."])
    assert unknown("my guys reckon we are nearly done, should I worry") == []


def test_at_most_two_terms_count():
    unknown = _unknown(["Sprints last two weeks."])
    found = unknown("Do we need a service mesh, a message queue and blue-green deployment for launch?")
    assert len(found) == MAX_COUNTED == 2


def test_a_term_split_across_two_passages_is_not_a_mention():
    unknown = _unknown(["The platform runs a service.", "Mesh networks were discussed."])
    assert unknown("How do we run a service mesh?") == ["service mesh"]


def test_program_records_are_not_the_knowledge_base_s_vocabulary():
    unknown = _unknown(["Sprints last two weeks.", "Ops asked for a message queue on the churn model."], kinds=["bok", "record"])
    assert unknown("Which message queue should we buy?") == ["message queue"]


@pytest.fixture
def services(indexed_data_dir: Path, bok_dir: Path) -> Services:
    return Services(Settings(data_dir=indexed_data_dir))


# Our own near-domain questions (not in ../shared/eval nor tests/data): close to the articles' topics in meaning,
# answered by none of them, each naming tools or terms the articles never use.
NEAR_DOMAIN = [
    "Which Kubernetes operator should run our training jobs?",
    "Is Snowflake or Databricks better for our analytics?",
    "Should our data scientists use PyTorch or TensorFlow?",
    "Is our chatbot allowed to store PII?",
]


@pytest.mark.parametrize("question", NEAR_DOMAIN)
def test_near_domain_questions_naming_unused_terms_are_not_answered_confidently(services: Services, question: str):
    result = services.index.search(question)
    assert result.abstained or result.weak, [h.chunk.section for h in result.hits[:3]]


def test_the_unknown_terms_are_what_moves_them(services: Services):
    """With the penalty switched off, the tool questions read as confident matches: the dense score alone cannot tell."""
    base = services.index.retriever()
    without = HybridRetriever(base.corpus, base.embed_query, replace(Calibration(), unknown_term_penalty=0.0))
    confident = [q for q in NEAR_DOMAIN if not (r := without.search(q)).abstained and not r.weak]
    assert len(confident) >= 2, confident


def test_a_refusal_names_the_terms_the_texts_never_mention(services: Services):
    result = services.index.search("Should our data scientists use PyTorch or TensorFlow?")
    assert result.abstained
    assert "never mention 'PyTorch' or 'TensorFlow'" in result.reason


@pytest.mark.parametrize("question", [
    "Does skipping refactoring count as technical debt?",  # names a term the articles use beside one they do not
    "Which rollback steps belong in the MLOps runbook?",
    "Who signs off the data platform purchase?",
])
def test_in_scope_questions_keep_their_answer(services: Services, question: str):
    result = services.index.search(question)
    assert not result.abstained and not result.weak, result.reason


def test_a_confident_question_never_loads_the_glossary(services: Services):
    base = services.index.retriever()
    calls: list[int] = []

    def glossary() -> Glossary:
        calls.append(1)
        return _glossary()

    retriever = HybridRetriever(base.corpus, base.embed_query, glossary=glossary)
    assert not retriever.search("When does a shortcut become technical debt?").abstained
    assert calls == []
    retriever.search("Is Snowflake or Databricks better for our analytics?")
    assert calls
