"""Facts by grammar (compose9): names that open a sentence, seasons and spoken rates reach the reader; own wording."""

from __future__ import annotations

import pytest

from bot.translate.consistency import translation_grammar
from bot.translate.keep import grammar_facts, opening_names, seasons, spoken_rates


def test_a_name_opening_a_sentence_is_found_by_its_signs(glossary):
    # Absent from the word list; an apposition between two commas; a pronoun pointing back to it.
    assert opening_names("Thandeka starts on the routing work next week.", glossary) == ["Thandeka"]
    assert opening_names("Gareth, the one analyst who knows the tariff tables, moves to audit in March.", glossary) == ["Gareth"]
    assert opening_names("Bruno is off until the new year and his tickets wait.", glossary) == ["Bruno"]


def test_plain_words_opening_a_sentence_are_not_names(glossary):
    assert opening_names("Coverage of the returns report has grown, and finance is pleased.", glossary) == []
    assert opening_names("Meanwhile, the depot list is late again, and nobody owns it.", glossary) == []
    assert opening_names("Retrained weekly, the model keeps up.", glossary) == []  # an English-built word, not a name
    assert opening_names("Procurement has signed the order.", glossary) == []


def test_seasons_and_spoken_rates_are_facts():
    assert seasons("Uptake has been flat since winter and the autumn 2027 launch holds.") == ["winter", "autumn 2027"]
    assert seasons("A spring broke in the conveyor.") == []  # the metal part, not a time
    assert spoken_rates("It loses about a minute a day and costs an hour a week to check.") == ["a minute a day", "an hour a week"]


@pytest.mark.parametrize("update, kept", [
    ("Thandeka, our only route planner who knows the coastal depots, leaves on 31 January and nobody has taken over her rounds.",
     ["Thandeka", "31 January"]),
    ("Bruno goes on leave for six weeks from Monday; Kalinda covers his queue, so the plan holds.", ["Bruno", "Kalinda", "six weeks", "Monday"]),
    ("Match quality on the supplier file has dropped by roughly a percent a week since spring, and nobody is watching it.",
     ["a percent a week", "spring"]),
])
def test_facts_found_by_grammar_are_kept_in_the_translation(translator, glossary, update, kept):
    t = translator.translate(update)
    text = t.business_text()
    assert all(k in text for k in kept), text
    assert all(w in text for _, w in grammar_facts(update, glossary)), text
    assert translation_grammar(t) == []
