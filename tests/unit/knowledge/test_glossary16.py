"""Entries added in the sixteenth round, worded for this file: delivery words a business reader meets in updates
(the day a system goes into use, the slot for changing live systems, a fresh estimate, checking a sample by hand)."""

from __future__ import annotations

import pytest

from bot.translate import build_translator
from knowledge.glossary import load_glossary


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


@pytest.mark.parametrize(("text", "term"), [
    ("the April go-live holds", "go-live"),
    ("the go live date is the first of May", "go-live"),
    ("the firewall change is booked into Sunday's change window", "change window"),
    ("ops gave us a maintenance window on the 4th", "change window"),
    ("this is the second re-estimate of the connector work", "re-estimate"),
    ("the clerks are spot-checking one invoice in twenty", "spot-checking"),
    ("the mean error of the forecast fell to four units", "MAE"),
])
def test_new_terms_are_found(glossary, text, term):
    assert term in [m.entry.term for m in glossary.find(text)]


def test_a_translation_explains_them(glossary):
    t = build_translator(glossary).translate(
        "The gate-booking screen waits for the 9 March change window, and the April go-live holds.")
    text = t.business_text()
    for plain in ("agreed time slot", "starts being used for real work"):
        assert plain in text, text
    text = build_translator(glossary).translate(
        "Since the scanner went in, the clerks are spot-checking 1 crate in 40 instead of every crate.").business_text()
    assert "checking a sample by hand" in text, text
