"""Entries added in the fifteenth round, worded for this file: the terms a business reader meets in updates about
search, open-source code and labelling work, explained where the update uses them."""

from __future__ import annotations

import pytest

from bot.translate import build_translator
from knowledge.glossary import load_glossary


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


@pytest.mark.parametrize(("text", "term"), [
    ("the catalogue search needs a reindex after the import", "reindex"),
    ("we reindexed the parts search overnight", "reindex"),
    ("the parser comes from an open-source library", "open-source library"),
    ("Rui needs three more annotators to relabel the scans", "annotators"),
    ("the retention offer goes to the top decile of scores", "top decile"),
])
def test_new_terms_are_found(glossary, text, term):
    assert term in [m.entry.term for m in glossary.find(text)]


def test_a_translation_explains_them(glossary):
    t = build_translator(glossary).translate(
        "The parts search needs a reindex after Friday's catalogue import, and Rui needs three more annotators to "
        "relabel the damaged-box photos by 20 March.")
    text = t.business_text()
    assert "annotators (people who tag examples" in text
    assert "reindex" not in text or "reindex (" in text  # never left bare
    assert "too slow" not in text  # the gloss does not make it read as a speed problem
