"""A noun that looks like a finished verb is not news of work done (own wording)."""

from __future__ import annotations

import pytest

from bot.understand.clauses import cues


@pytest.mark.parametrize("text", [
    "the firmware patch from the supplier arrives on Thursday",
    "the security patch is still waiting for the change board",
])
def test_a_patch_that_has_not_landed_is_not_done(text):
    assert "done" not in cues(text, [])


def test_a_system_that_was_patched_is_done():
    assert "done" in cues("the gateway was patched overnight", [])


@pytest.mark.parametrize("text,party", [
    ("we parked the old export as a stopgap and need sign-off on the extra storage bill (near 90 GBP a month) from Ines", "Ines"),
    ("we need approval for the archive move to the cold tier (about 2 TB) from the records manager",
     "the records manager"),
])
def test_the_party_asked_after_a_long_object_is_named(text, party):
    from bot.understand.asked import asked_party

    assert asked_party(text) == party


def test_from_in_another_clause_names_nobody():
    from bot.understand.asked import asked_party

    assert asked_party("we need approval, and the data came from Oslo") is None


def test_a_from_past_a_comma_is_not_the_party_asked():
    from bot.understand.asked import asked_party

    assert asked_party("we need sign-off for the new retention rule, which came from Legal") is None
