"""Facts written the way engineers type them keep their exact form: a figure's sign, an approximate tilde, a temperature,
abbreviated weeks and quarters, an ordinal that counts, and names with accents. Own wording."""

from __future__ import annotations

import pytest

from bot.understand.facts import check_facts, extract_facts


@pytest.mark.parametrize("text, fact", [
    ("The cold room drifted to -3C before the door alarm went off.", "-3C"),
    ("Oven two ran at 212 °C, ten degrees hot.", "212 °C"),
    ("Roughly ~7% of the labels were misprinted.", "~7%"),
    ("The new feed adds +€4.2k a year.", "+€4.2k"),
    ("Our lookups stay <40 ms at peak.", "<40 ms"),
    ("The hand-over slips to next wk.", "next wk"),
    ("Renewal is due next qtr.", "next qtr"),
    ("This is the fourth retrain since spring.", "fourth"),
    ("Renée will run the pilot with Bartłomiej.", "Renée"),
    ("Renée will run the pilot with Bartłomiej.", "Bartłomiej"),
])
def test_a_fact_keeps_its_written_form(text, fact):
    assert fact in [f.text for f in extract_facts(text)]


@pytest.mark.parametrize("text, not_a_fact", [
    ("Runs 5-7 failed, and the Q1-2 numbers moved.", "-7"),
    ("We grade in F not C on the old probes.", "C"),
])
def test_ranges_and_bare_letters_are_not_signed_figures(text, not_a_fact):
    assert not_a_fact not in [f.text for f in extract_facts(text)]


def test_a_translation_keeps_the_minus_sign_of_a_temperature(translator, glossary):
    update = "The blast chiller held -1C instead of -4C on Sunday night; Ottilie moved the stock and logged it."
    text = translator.translate(update).business_text()
    assert "-1C" in text and "-4C" in text and "Ottilie" in text, text
    assert check_facts(update, text, glossary).ok


def test_a_translation_keeps_an_approximate_figure_as_approximate(translator, glossary):
    update = "About ~12% of the scanned invoices have the supplier name cut off; Dagný is re-scanning them this week."
    text = translator.translate(update).business_text()
    assert "~12%" in text and "Dagný" in text, text
