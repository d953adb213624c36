"""Asks that name a role with a possessive or a two-word "of" part, worded for this file (not the development or
unseen sets): "the council's planning officer", "the head of patient safety", "the museum's keeper of prints"."""

from __future__ import annotations

import pytest

from bot.understand.asked import asks, decider


@pytest.mark.parametrize(("text", "party"), [
    ("we need the council's planning officer to approve the new mast site before work starts", "the council's planning officer"),
    ("the head of patient safety has to sign off the triage wording", "the head of patient safety"),
    ("need the museum's keeper of prints to confirm which scans may go online", "the museum's keeper of prints"),
    ("can the trust's head of estates approve the sensor fitting by Friday", "the trust's head of estates"),
])
def test_possessive_and_long_roles_are_asked(text, party):
    assert asks(text)
    assert decider([text]) == party


@pytest.mark.parametrize("text", [
    "the council's planning officer approved the mast site last week",
    "the head of patient safety liked the triage wording",
])
def test_a_role_that_already_assented_is_no_ask(text):
    assert not asks(text)
