"""Facts kept as written: "about" tildes before figures, weeks named by their first day, names in several parts. Own wording."""

from __future__ import annotations

import pytest

from bot.translate.clean import clean_slack
from bot.understand.facts import extract_facts


def test_a_tilde_before_a_figure_is_no_strike_through():
    text = "the nightly job takes ~25 min, and the cloud box costs (~€210/mo) more than planned"
    assert clean_slack(text) == text


def test_struck_through_words_still_lose_their_tildes():
    assert clean_slack("we ~moved~ the demo to Friday") == "we moved the demo to Friday"


@pytest.mark.parametrize("text, date", [
    ("the rota tool goes to the wards w/c 9 Feb", "w/c 9 Feb"),
    ("pilot opens week commencing 2 March", "week commencing 2 March"),
    ("handover w/e 21 Nov at the latest", "w/e 21 Nov"),
])
def test_a_week_named_by_its_day_is_one_date(text, date):
    assert date in [f.text for f in extract_facts(text)]


def test_every_part_of_a_name_that_opens_a_sentence_is_kept(translator):
    update = "Pham Minh Chau has the labelling backlog down to 300 clips; finishes 4 Dec, inside the plan."
    names = [f.text for f in extract_facts(update)]
    assert {"Pham", "Minh", "Chau"} <= set(names)
    assert "Pham Minh Chau" in translator.translate(update).business_text()


def test_a_plain_word_opening_a_sentence_is_still_no_name():
    assert "Weekly" not in [f.text for f in extract_facts("Weekly numbers are in: 40 sign-ups")]


def test_a_sentence_started_in_lower_case_is_its_own_sentence(translator):
    update = ("the rota model for the ferry crews runs off Tomasz's laptop and he leaves on 9 Jan. nobody has been "
              "asked to take it over, and it sets 40 shifts a week.")
    text = translator.translate(update).business_text()
    assert "Jan. nobody" not in text and "9 Jan" in text, text


def test_an_abbreviation_before_a_lower_case_word_ends_no_sentence():
    from bot.understand.clauses import _sentences

    text = "we load approx. nine files a night, e.g. the stock list. then it stops"
    assert [text[a:b] for a, b in _sentences(text)] == ["we load approx. nine files a night, e.g. the stock list.", "then it stops"]


def test_a_contraction_or_a_name_s_possessive_takes_no_article():
    from bot.translate.sentences import with_article

    assert with_article("it's sending 12 alerts a day") == "it's sending 12 alerts a day"
    assert with_article("Oskar's export job failed") == "Oskar's export job failed"
    assert with_article("vendor master sync failed") == "the vendor master sync failed"


def test_an_option_letter_opens_no_sentence(translator):
    update = ("Two routes for the seat-map model: (a) keep the nightly batch, ready now; (b) move it to live scoring, "
              "+£9k/yr and 4 wks of work. Hana in finance picks by 12 Dec.")
    assert "(b)" not in translator.translate(update).business_text()
