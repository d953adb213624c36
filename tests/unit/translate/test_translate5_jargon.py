"""Issue 11, fifth round: words the glossary has never seen, found by an exact vocabulary and kept out of quotes.

Every update here is written for these tests, worded away from the development sets, the unseen sets and the bank.
"""

from __future__ import annotations

import itertools

import pytest

from bot.jargon import english_words, is_english, unknown_technical_words
from bot.translate.compose import Composer
from bot.translate.spans import fact_spans
from bot.translate.consistency import grammar_problems, translation_grammar
from bot.translate.plainer import without_unknown_modifiers
from bot.understand import situations
from bot.understand.facts import check_facts
from bot.understand.model import Analysis, Issue


# --- the vocabulary rule ---------------------------------------------------------------------------------------
def test_the_english_word_list_ships_with_the_package():
    assert len(english_words()) > 100_000


@pytest.mark.parametrize("word", ["behaviour", "organisation", "centre", "catalogue", "cancelled", "reprioritised",
                                  "reputational", "unshipped", "crash-loop", "warehouses", "quarterly"])
def test_plain_words_are_english_in_british_spelling_and_with_plain_affixes(word):
    assert is_english(word)


@pytest.mark.parametrize("word", ["geofencing", "intercompany", "telematics", "kubelet", "kubectl"])
def test_words_no_english_list_holds_are_not_english(word):
    assert not is_english(word)


def test_the_vocabulary_rule_finds_lower_case_words_the_shape_rule_misses(glossary):
    text = "The geohashing alerts lag and the QXR feed is late; the warehouse team is unhappy."
    assert unknown_technical_words(text, glossary) == ["geohashing", "QXR"]


def test_names_people_and_explained_words_are_not_counted(glossary):
    # A capitalised name is a fact (kept), not a word to explain; a gloss after a word explains it.
    assert unknown_technical_words("Marguerite from Lyon reviewed the figures.", glossary) == []
    assert unknown_technical_words("The geofencing (alerts when a van leaves its area) is on.", glossary) == []


# --- quoted parts leave out words nobody can read ------------------------------------------------------------
def test_an_unknown_word_that_only_qualifies_the_next_noun_is_left_out(glossary):
    span = "Geofencing alerts from about 300 vans arrive twice"
    assert without_unknown_modifiers(span, ["300"], glossary) == "Alerts from about 300 vans arrive twice"


def test_the_article_follows_the_word_that_now_comes_after_it(glossary):
    span = "an intercompany ledger shows 12 gaps"
    assert without_unknown_modifiers(span, ["12"], glossary) == "a ledger shows 12 gaps"
    assert grammar_problems("In the team's words: a ledger shows 12 gaps.") == []


def test_facts_heads_short_words_and_glossary_terms_stay(glossary):
    # A name is a fact; "the intercompany is" has the word as its head; "bot" is too short to judge; a glossary
    # term is explained by the composer, not removed.
    assert without_unknown_modifiers("the QXR feed has 40 gaps", ["QXR", "40"], glossary) == "the QXR feed has 40 gaps"
    assert without_unknown_modifiers("the intercompany is 5% off", ["5%"], glossary) == "the intercompany is 5% off"
    assert without_unknown_modifiers("the bot matches 64% of lines", ["64%"], glossary) == "the bot matches 64% of lines"
    assert without_unknown_modifiers("the Kafka topic lags 9 minutes", ["9 minutes"], glossary) == "the Kafka topic lags 9 minutes"


def test_a_translation_leaves_the_unknown_qualifier_out_and_keeps_every_fact(translator, glossary):
    text = "Geofencing alerts from roughly 2,300 vans arrive 15 minutes late, so dispatchers re-plan by hand."
    t = translator.translate(text)
    body = t.business_text()
    assert "eofencing" not in body and "2,300" in body and "15 minutes" in body, body
    assert check_facts(text, body, glossary).ok and translation_grammar(t) == []


def test_a_name_after_an_article_keeps_the_noun_it_names():
    # compose6: a name is told with what it names ("the Orion entity"), not with the rest of its clause.
    clause = "The ledger export for the Orion entity lives in the old file share"
    (span,) = [clause[a:b] for a, b in fact_spans(clause, [("name", "Orion")])]
    assert span.startswith("the Orion entity") and "file share" not in span


# --- every sentence the composer can build is grammatical ----------------------------------------------------
def _issue(name: str, polarity: str, decision: bool) -> Issue:
    sit = situations()[name]
    return Issue(situation=name, category=sit.category, polarity=polarity, pillars=list(sit.pillars), decision=decision,
                 who=None, clauses=["the nightly ledger job took 5 hours"], cues=["risk"])


def test_every_situation_composes_grammatically_as_main_issue_and_as_a_further_one(glossary):
    composer = Composer(glossary)
    names = sorted(situations())
    bad = []
    for main, other in itertools.product(names, names):
        for polarity in ("open", "done", "resolved"):
            # "if_choice" situations ask for a decision when the update puts a choice: compose them as asking.
            issues = [_issue(main, "open", bool(situations()[main].decision)),
                      _issue(other, polarity, polarity == "open" and bool(situations()[other].decision))]
            written = composer.write(Analysis(text="x", issues=issues, pillars=[], decision=any(i.decision for i in issues)))
            for part in (written.summary, written.impact, *written.options, written.decision or ""):
                if part:
                    bad += [(main, other, polarity, p) for p in grammar_problems(part)]
    assert bad == []
