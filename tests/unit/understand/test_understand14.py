"""Readings by exact rules, worded for this file (not the development or unseen sets, nor the bank):

- two figures compared are read against the measure they belong to, not against any measure word in the clause;
- a hyphenated name ("Hye-jin", "Jean-Paul") is one name, kept whole; a hyphenated compound opening a sentence is not;
- someone holding a fix on its way ("has a patch in review") is acting, and so is a person with a hyphenated name.
"""

from __future__ import annotations

import pytest

from bot.understand import Understander
from bot.understand.clauses import comparison
from bot.understand.facts import extract_facts
from bot.understand.inhand import acting
from knowledge.glossary import load_glossary


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def _compared(text: str) -> str | None:
    return comparison(text, extract_facts(text))


@pytest.mark.parametrize(("text", "expected"), [
    # A lower-is-better word modifies something else; the figures are of a higher-is-better measure.
    ("crack detection on the weld images slid from 0.93 to 0.81 recall", "worse"),
    ("fault triage for the turbines went from 0.70 to 0.86 accuracy", "better"),
    # The measure is said "of" something that holds a word of the other kind.
    ("accuracy of the error classifier went from 0.64 to 0.79", "better"),
    ("the failure rate of the precision press rose from 1.5% to 3.2%", "worse"),
    # One kind of measure word only: read as before.
    ("returns processing fell from 6 hours to 2 hours", "better"),
    ("recall on the new site went from 0.8 to 0.6", "worse"),
])
def test_figures_are_read_against_their_own_measure(text, expected):
    assert _compared(text) == expected


@pytest.mark.parametrize(("text", "name"), [
    ("Hye-jin rebuilt the loader and it passes now.", "Hye-jin"),
    ("The handover went to Jean-Paul on Monday.", "Jean-Paul"),
    ("We asked Mei-xing for the export.", "Mei-xing"),
])
def test_a_hyphenated_name_is_one_name(glossary, text, name):
    names = [f.text for f in extract_facts(text, glossary) if f.kind == "name"]
    assert name in names
    assert name.split("-")[0] not in names


@pytest.mark.parametrize("text", [
    "Floor-plan scans now load in the viewer.",
    "Cross-border orders sync again after the fix.",
])
def test_a_hyphenated_compound_opening_a_sentence_is_no_name(glossary, text):
    assert [f for f in extract_facts(text, glossary) if f.kind == "name"] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Hye-jin has a patch in review for the mapping", True),
    ("the vendor has the new connector in test", True),
    ("Rafael has an updated parser under way", True),
    ("Rafael has a question about the parser", False),
    ("nobody has a fix in review yet", False),
])
def test_a_fix_held_on_its_way_is_someone_acting(text, expected):
    assert acting(text) is expected


def test_a_drop_with_its_fix_in_review_is_in_hand_and_asks_nothing():
    u = Understander(load_glossary())
    a = u.analyse("Parcel-label reading slid from 0.95 to 0.82 accuracy after the scanner firmware update; "
                  "Hye-jin has a patch in review and expects it back to normal by 9 March.")
    lead = a.issues[0]
    assert lead.polarity == "open" and lead.situation != "progress"
    assert lead.in_hand and not a.decision
    assert "Hye-jin" in [f.text for f in a.facts]


@pytest.mark.parametrize(("text", "awaited"), [
    ("Ilse expects the feed back to normal by Thursday", True),
    ("the dashboard should be restored once the certificate is renewed", True),
    ("we keep the previous release live until the leak is fixed", True),
    ("the dashboard was restored this morning", False),
    ("we reverted the config, so the feed works again", False),
])
def test_a_fix_only_expected_is_awaited_not_made(text, awaited):
    from bot.understand.clauses import cues

    found = set(cues(text, extract_facts(text)))
    assert ("awaited" in found) is awaited
    assert ("resolved" in found) is (not awaited)


def test_an_awaited_fix_is_never_filed_as_a_problem_resolved():
    u = Understander(load_glossary())
    a = u.analyse("Since the storage upgrade the nightly export has failed three times; "
                  "Ilse expects it running again by Thursday.")
    assert all(i.polarity != "resolved" for i in a.issues)
