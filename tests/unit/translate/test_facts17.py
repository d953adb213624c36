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
