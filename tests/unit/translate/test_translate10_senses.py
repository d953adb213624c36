"""Terms with several meanings (compose10): the part of speech decides where grammar is exact, else the meaning nearest
the update by the local encoder; own wording throughout."""

from __future__ import annotations

import pickle

import pytest

from bot.errors import ConfigError
from bot.jargon import explain, find_unexplained, plain_rewrite
from knowledge.glossary import load_glossary

VALIDATION = "computer system validation"
FILE = "table file"
PRODUCT_OWNER = "product owner"
PURCHASE = "purchase order"


def _meaning(glossary, text: str, term: str, embed=None) -> str:
    view = glossary.in_context(text, embed) if embed else glossary
    found = [m.entry.plain for m in view.find(text) if m.entry.term == term]
    assert found, f"{term} not found in {text!r}"
    return found[0]


@pytest.mark.parametrize("text, verb", [
    ("Since the tariff change the basket size drifted by a few percent each month.", True),
    ("If nobody recalibrates it, the scanner will drift again within a week.", True),
    ("Weekly demand drifts upward while the forecast stays flat.", True),
    ("Scores keep drifting while the sensors age.", True),
    ("The drift on the returns model is within what we agreed.", False),
    ("We flagged two drifts in last quarter's scoring.", False),
    ("Nobody noticed drift until the complaints came in.", False),  # grammar is silent: a verb is never guessed
])
def test_part_of_speech_decides_where_grammar_is_exact(glossary, text, verb):
    plain = _meaning(glossary, text, "model drift")
    assert (plain == "slowly moves away from its usual level") is verb


def test_a_verb_is_replaced_by_a_verb_and_explained_as_one(glossary):
    text = "Since the tariff change the basket size drifted by a few percent each month."
    assert "slowly shifted by a few percent" in plain_rewrite(text, glossary)
    assert "drifted (slowly moves away from its usual level)" in explain(text, glossary)
    noun = "The drift on the returns model is within what we agreed."
    assert "loss of accuracy" in plain_rewrite(noun, glossary)


@pytest.mark.parametrize("text, expected", [
    ("The CSV of the dispensing software needs two more signed protocols before the plant may use it for GMP batches.", VALIDATION),
    ("Audit trail review is the last open item in our CSV for the lab data system; quality signs off on Friday.", VALIDATION),
    ("The carrier mails us the delivery times as a CSV and the import breaks on quoted commas.", FILE),
    ("Finance asked for the refund list in CSV so they can filter it in a spreadsheet.", FILE),
    ("The PO reordered the backlog so the returns screen comes first next sprint.", PRODUCT_OWNER),
    ("Our PO rejected the search story at the review because the filters were missing.", PRODUCT_OWNER),
    ("The supplier will not start the annotation work until the PO is approved by purchasing.", PURCHASE),
    ("The PO for the extra cloud credits is stuck with the budget holder.", PURCHASE),
])
def test_the_meaning_nearest_the_update_is_chosen(glossary, translator, text, expected):
    term = "CSV" if "CSV" in text else "PO"
    assert expected in _meaning(glossary, text, term, translator.understander.embed)


@pytest.mark.parametrize("text, term, expected", [
    # The term's own sentence says nothing; the update's other sentence says which meaning it is.
    ("The CSV is still open. Quality wants two more signed protocols before the line may run GMP batches.", "CSV", VALIDATION),
    ("Our CSV slipped a week. The auditors asked for the change-control records of the dosing software first.", "CSV", VALIDATION),
    ("The CSV is late again. The carrier's export still has quoted commas, so the loader drops rows.", "CSV", FILE),
    ("The PO is not back yet. Purchasing says the supplier's quote needs a second signature.", "PO", PURCHASE),
    ("The PO is off this week. The sprint goal stays, and the backlog order is as agreed on Monday.", "PO", PRODUCT_OWNER),
])
def test_a_short_sentence_is_read_in_its_update(glossary, translator, text, term, expected):
    assert expected in _meaning(glossary, text, term, translator.understander.embed)


def test_a_product_name_that_is_also_an_everyday_word_is_left_alone_in_its_everyday_meaning(glossary, translator):
    room = "Airflow under the raised floor is weak, so the two racks at the back run hot in the afternoon."
    view = glossary.in_context(room, translator.understander.embed)
    assert not [m for m in view.find(room) if m.entry.term == "Airflow"]
    assert "Airflow" not in {t.term for t in translator.translate(room).terms}
    # Inside a sentence the capital decides, whatever the words around it.
    tool = "The cooling report in Airflow failed twice, so the facilities team saw no temperatures."
    assert [m.entry.plain for m in glossary.find(tool) if m.entry.term == "Airflow"] == ["the tool that schedules and runs the data jobs"]
    word = "The scoring servers slow down at noon because the new cabinets block the airflow to the fans."
    view = glossary.in_context(word, translator.understander.embed)
    assert not [m for m in view.find(word) if m.entry.term == "Airflow"]
    job = "The invoice import in airflow failed on the missing file, so the morning report was late."
    view = glossary.in_context(job, translator.understander.embed)
    assert [m.entry.term for m in view.find(job)].count("Airflow") == 1


def test_a_product_name_opening_a_sentence_is_read_by_meaning(glossary, translator):
    tool = "Airflow retried the invoice load three times and then gave up; finance saw yesterday's numbers."
    view = glossary.in_context(tool, translator.understander.embed)
    assert [m.entry.plain for m in view.find(tool) if m.entry.term == "Airflow"] == ["the tool that schedules and runs the data jobs"]


def test_the_translation_explains_the_meaning_the_update_uses(translator):
    text = "The PO reordered the backlog so the returns screen comes first next sprint."
    result = translator.translate(text)
    meanings = {t.term: t.meaning for t in result.terms}
    assert PRODUCT_OWNER in meanings["PO"]
    assert PURCHASE not in result.business_text()
    assert not find_unexplained(result.business_text(), translator.glossary.in_context(text, translator.understander.embed))
    other = translator.translate("The supplier will not start the labelling until purchasing approves the PO.")
    assert PURCHASE in {t.term: t.meaning for t in other.terms}["PO"]


def test_without_an_encoder_or_a_several_meaning_term_the_glossary_is_itself(glossary, translator):
    assert glossary.in_context("The CSV is signed off by quality.", None) is glossary
    assert glossary.in_context("The nightly load finished late.", translator.understander.embed) is glossary


def test_an_organisation_file_may_give_senses_and_a_bad_sense_names_the_field(tmp_path):
    good = tmp_path / "ours.yaml"
    good.write_text(
        "entries:\n"
        "- {term: Beacon, plain: \"the team's store-locator service\", kind: name, where: \"shops, maps and opening hours\",\n"
        "   senses: [{plain: \"a small radio tag that signals where a device is\", where: \"warehouse tracking, tags and signals\"}]}\n",
        encoding="utf-8")
    glossary = load_glossary(good)
    entry = glossary.get("Beacon")
    assert [r.plain for r in entry.readings()] == ["the team's store-locator service", "a small radio tag that signals where a device is"]
    assert [r.kind for r in entry.readings()] == ["name", "term"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n- {term: Beacon, plain: \"a store locator\", senses: [{plain: \"a tag\", colour: red}]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="senses"):
        load_glossary(bad)


def test_senses_survive_the_glossary_cache_and_protected_names(glossary, translator):
    copy = pickle.loads(pickle.dumps(glossary))
    text = "Our PO rejected the search story at the review because the filters were missing."
    assert PRODUCT_OWNER in _meaning(copy, text, "PO", translator.understander.embed)
    named = glossary.protecting(["Search Story Pilot"])
    assert PRODUCT_OWNER in _meaning(named, text, "PO", translator.understander.embed)


@pytest.mark.parametrize("text", [
    "There is still drift in the pallet counts after the scanner swap.",
    "Last month there was also drift on the refund scores.",
])
def test_a_word_that_may_stand_before_a_noun_does_not_make_a_verb(glossary, text):
    assert _meaning(glossary, text, "model drift") == "results slowly getting worse as the world changes"
