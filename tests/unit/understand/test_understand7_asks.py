"""One reader of "the update asks for something", and a data source is never the party asked (own wording)."""

from __future__ import annotations

import pytest

from bot.understand.asked import asked_party, asks
from bot.understand.clauses import cues


@pytest.mark.parametrize("text", [
    "we need approval to copy the visit history from BigQuery",
    "we need sign-off before moving the scans from the old archive",
    "need the go-ahead to pull last year's tickets from Zendesk",
])
def test_where_the_data_comes_from_is_not_who_is_asked(text):
    assert asks(text)
    assert asked_party(text) is None


def test_the_party_before_the_source_is_still_named():
    assert asked_party("we need approval from the clinical lead to copy the visit history from BigQuery") == "the clinical lead"


@pytest.mark.parametrize("text", [
    "the board has to choose between the two hosting offers",
    "someone needs to decide whether the old screen stays for the summer",
    "we are waiting on the sponsor's call on whether to open it to agents",
])
def test_a_choice_asked_for_is_an_ask(text):
    assert asks(text)
    assert "asks" in cues(text, [])


@pytest.mark.parametrize("text", [
    "we had a call on Tuesday with the hosting company",
    "the board chose the cheaper hosting offer last week",
    "no sign-off is needed for the internal test page",
])
def test_a_mention_is_not_an_ask(text):
    assert not asks(text)
    assert "asks" not in cues(text, [])


def test_the_clause_cue_and_the_reader_agree():
    for text in ("Could the ward manager approve the night-shift trial?", "the rota is published on Fridays"):
        assert ("asks" in cues(text, [])) == asks(text)
