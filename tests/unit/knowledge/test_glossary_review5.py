"""Issue 11, fifth glossary review: a word with two meanings gets the entry of the meaning it has in the text.

Each case is a sentence of this file's own, and asks which entry (and so which plain meaning) the word finds.
"""

from __future__ import annotations

import pytest



def _entry(glossary, text: str, surface: str):
    hits = [m for m in glossary.find(text) if m.surface.lower() == surface.lower()]
    assert hits, (text, surface)
    return hits[0].entry


@pytest.mark.parametrize("text, surface, wrong, right", [
    # A saved text shortcut in a help-desk tool is not an old programming language.
    ("Agents paste the refund macro into every reply.", "macro", "programming language", "shortcut"),
    # Applying a maker's updates to servers is routine upkeep, not an urgent repair outside the cycle.
    ("Monthly patching of the print servers slipped again.", "patching", "urgent", "updates"),
    # An uplift model estimates who responds because of an action; a lift chart is a different thing.
    ("The retention team trialled an uplift model on the winter offer.", "uplift model", "picking at random", "because of an action"),
    # A failed build stops releases; the old meaning described a build that works.
    ("A broken build held up Friday's release.", "broken build", "with its checks", "failing"),
    # A test copy is not for live use.
    ("The payroll rules were tried in the test environment first.", "test environment", "or live use", "away from live use"),
    # A certificate running out is not "the encryption that protects network connections".
    ("Certificate expiry took the supplier portal down at dawn.", "Certificate expiry", "the encryption that protects", "refused"),
    # A group of accounts in the directory is not the login service itself.
    ("Add the auditors to the finance AD group before Monday.", "AD group", "login and identity service", "group of user accounts"),
    # A share of records paired is a figure, not the activity of matching.
    ("The match rate on supplier names is poor.", "match rate", "working out which records", "share"),
    # A file of plain records is not a way of exchanging files.
    ("The bank sends a flat file each night.", "flat file", "exchanging files", "plain text file"),
    # Text read aloud is not speech turned into text.
    ("The kiosk uses text-to-speech for the menu.", "text-to-speech", "speech into", "aloud"),
    # A setting made wrongly is not "the settings a system runs with".
    ("A misconfigured proxy dropped the uploads.", "misconfigured", "the settings a system runs with", "wrongly"),
])
def test_a_corrected_entry_says_what_the_word_means_here(glossary, text, surface, wrong, right):
    entry = _entry(glossary, text, surface)
    assert wrong not in entry.plain and right in entry.plain, (surface, entry.term, entry.plain)


def test_the_user_story_entry_is_defined_once(glossary):
    assert [e.term for e in glossary.entries].count("user story") == 1


def test_the_pager_is_a_device_not_the_act_of_paging(glossary):
    assert "device" in _entry(glossary, "The pager went off twice overnight.", "pager").plain
    assert "alert" in _entry(glossary, "The engineer was paged at midnight.", "paged").plain


def test_accuracy_and_error_are_not_one_entry_and_the_main_line_is_not_a_side_copy(glossary):
    assert "close" in _entry(glossary, "Forecast accuracy on fresh produce reached a new high.", "Forecast accuracy").plain
    assert "far" in _entry(glossary, "The forecast error on fresh produce is large.", "forecast error").plain
    assert "separate" not in _entry(glossary, "The fix was merged into the main branch.", "main branch").plain
