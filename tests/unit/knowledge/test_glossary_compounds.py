"""An abbreviation hyphenated to another abbreviation is a different term, so it is not explained as its first half."""

from __future__ import annotations

from knowledge.glossary import load_glossary


def _terms(text: str) -> list[str]:
    return [m.surface for m in load_glossary().find(text)]


def test_abbreviation_joined_to_another_is_left_alone():
    # "API" alone is a glossary term; "API-GW" is a different name and must not be read as "API" plus noise.
    assert "API" in _terms("The API is slow.")
    assert "API" not in _terms("The API-GW node is slow.")
    assert "API" not in _terms("Traffic goes through the GW-API first.")


def test_abbreviation_joined_to_a_plain_word_is_still_explained():
    assert "API" in _terms("We took an API-first approach for the quote service.")


def test_ids_are_still_not_terms():
    assert "API" not in _terms("See API-42 for the details.")
