"""Session 18's explain-only glossary entries: explained to the reader, read as written by the model. Own wording."""

from __future__ import annotations

import pytest

from bot.jargon import explain, find_unexplained, plain_rewrite
from knowledge.glossary import load_glossary


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


@pytest.mark.parametrize("text, term", [
    ("the SCADA tags from pump 4 stopped updating", "SCADA"),
    ("the LIMS export lost its sample ids", "LIMS"),
    ("the new ranker beat the old one last week", "ranker"),
    ("Kofi rebuilt the nightly extract", "extract"),
])
def test_the_new_terms_are_explained_where_they_are_used(glossary, text, term):
    assert [h.term for h in find_unexplained(text, glossary)] == [term]
    assert find_unexplained(explain(text, glossary), glossary) == []


def test_explain_only_terms_keep_their_words_for_the_model(glossary):
    reading = glossary.for_reading()
    text = "the SCADA tags from pump 4 stopped updating"
    assert plain_rewrite(text, reading) == text  # the model reads it as written
    assert plain_rewrite(text, glossary) != text  # the reader's plain wording replaces it
    assert all(e.reads for e in reading.entries) and len(reading.entries) < len(glossary.entries)


def test_a_glossary_of_reading_entries_only_is_its_own_reading(glossary):
    reading = glossary.for_reading()
    assert reading.for_reading() is reading


@pytest.mark.parametrize("term", ["SCADA", "LIMS", "MES", "PLC", "POS"])
def test_systems_and_abbreviations_are_never_explained_as_people(glossary, term):
    entry = next(e for e in glossary.entries if e.term == term)
    assert not entry.plain.startswith(("the person", "a person", "someone", "the team"))
