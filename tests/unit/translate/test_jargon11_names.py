"""A name opening a sentence is read by one rule (bot.understand.facts.opening_name) that the fact rules and the
composer's grammar facts share (jargon11). Own wording and own names throughout."""

from __future__ import annotations

from bot.translate.keep import opening_names, seasons
from bot.translate.spans import fact_spans
from bot.understand.facts import check_facts, extract_facts, opening_name


def _names(text: str) -> list[str]:
    return [f.text for f in extract_facts(text) if f.kind == "name"]


def test_a_name_opening_an_update_is_a_fact_to_keep():
    assert "Zdravko" in _names("Zdravko rebuilt the pick list export over the weekend.")
    assert "Oyelaran" in _names("Stock counts are late. Oyelaran, the only planner who knows the depot codes, is away.")
    report = check_facts("Zdravko rebuilt the pick list export.", "The export was rebuilt.")
    assert report.missing == ["Zdravko"]


def test_plain_words_and_openers_opening_a_sentence_are_not_names():
    assert _names("Recall slipped again after the relabelling.") == []
    assert _names("There's no alert on the nightly load.") == []  # "'s" after an opener is no owner
    assert _names("Procurement has signed the order.") == []


def test_the_fact_rules_and_the_grammar_facts_agree_on_every_opening():
    for text in ("Zdravko rebuilt the export.", "Oyelaran, the only planner who knows it, is away.",
                 "Recall slipped again.", "Finance has moved the date.", "Teodora is off, and she owns the runbook."):
        first = text.split()[0].strip(",")
        assert opening_name(text, 0, len(first)) == (first in _names(text)) == (first in opening_names(text, _EMPTY))


def test_a_season_after_from_is_a_time():
    assert seasons("the pricing rules from winter still apply") == ["winter"]


def test_a_negation_before_a_fact_stays_in_its_span():
    clause = "there is no QRX gateway on the north site"
    (a, b), = fact_spans(clause, [("name", "QRX")])
    assert clause[a:b].startswith("no QRX")


class _Empty:
    """A glossary that holds nothing."""

    names: tuple = ()

    def find(self, text):
        return []

    def protected(self, text):
        return []


_EMPTY = _Empty()


def test_the_verb_before_a_source_is_not_part_of_what_comes_from_it():
    from knowledge.glossary import Glossary, GlossaryEntry
    from bot.translate.spans import role_of

    clause = "the scorer now pulls ledgers from the Quillbase mirror every night"
    glossary = Glossary([GlossaryEntry(term="hopper", plain="the funnel that feeds the line")])
    assert role_of("Quillbase", clause, clause.index("Quillbase"), glossary) == "where the ledgers come from"
