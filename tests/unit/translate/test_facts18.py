"""Facts kept as written: a figure after its measure, part of a month, a name written small, a lettered thing.
Own wording, none of it from the development or unseen sets."""

from __future__ import annotations

import pytest

from bot.understand.facts import check_facts, extract_facts


def _facts(text: str) -> list[str]:
    return [f.text for f in extract_facts(text)]


@pytest.mark.parametrize("text, fact", [
    ("we should ship by end Jan if the keys arrive", "end Jan"),
    ("the pilot moves to mid-March", "mid-March"),
    ("sign-off early Feb at the latest", "early Feb"),
])
def test_part_of_a_month_is_a_date(text, fact):
    assert fact in _facts(text)


@pytest.mark.parametrize("text, name", [
    ("all green. tendai moves it to the night shift on Mon", "tendai"),
    ("oksana reckons two more weeks", "oksana"),
])
def test_a_name_written_small_is_a_name(text, name):
    assert name in _facts(text)


@pytest.mark.parametrize("text", ["the team moves on to testing", "finance has moved the review", "sync moved to nightly"])
def test_a_plain_word_opening_a_sentence_is_no_name(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, fact", [("the sensors went into pit C last month", "pit C"),
                                        ("we go with option A", "option A")])
def test_a_lettered_thing_keeps_its_letter(text, fact):
    assert fact in _facts(text)


@pytest.mark.parametrize("update, fact", [
    ("The parts classifier hit F1 0.91 on the spring returns, above the 0.88 bar; Ilka rolls it out to both depots next.",
     "F1 0.91"),
    ("The renewals model is ready (AUC 0.79, REN-214) and Bruno starts the shadow run Monday as planned.", "AUC 0.79"),
])
def test_a_figure_after_its_measure_stays_beside_it(translator, update, fact):
    text = translator.translate(update).business_text()
    assert fact in text, text
    assert check_facts(update, text).ok


def test_a_bracket_never_cuts_a_date(translator):
    update = "Wiremu is relabelling the tariff codes as planned and should wrap EOD 12 Feb, inside the sprint."
    text = translator.translate(update).business_text()
    assert "12 Feb" in text and "(" in text, text


def test_a_pronoun_run_into_its_verb_ends_a_label_phrase():
    from bot.translate.spans import label_role
    from knowledge.glossary import load_glossary

    clause = "after the HMRC lookup we're now asked to add two more feeds"
    role = label_role(clause, clause.index("HMRC"), load_glossary())
    assert role is None or "we're" not in role[1]


def test_a_verb_form_before_its_object_is_said_in_plain_words(translator):
    text = translator.translate("Femi patched the loader on Tuesday and the counts reconcile again.").business_text()
    assert "patched (" not in text, text


def test_a_count_of_things_keeps_its_nouns_together(translator):
    text = translator.translate("Done this sprint: 4 pipeline refactors and the new labelling tool; Noa starts the "
                                "retrain on Monday as planned.").business_text()
    assert "4 pipeline refactors (" in text, text
