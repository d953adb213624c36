"""A plan said to hold in the many ways English says it, and the ways that only sound like it. Own wording."""

from __future__ import annotations

import pytest

from bot.understand.inhand import plan_holds


@pytest.mark.parametrize("text", [
    "the March handover is unaffected",
    "our go-live on the 9th still stands after all that",
    "the trial kick-off goes ahead on Monday",
    "so the budget stays within the approved figure",
    "the gala opening won't slip because of it",
    "the migration weekend hasn't been pushed",
    "no knock-on for the spring release",
    "it doesn't touch the critical path",
    "the pilot ships as scheduled next month",
])
def test_a_plan_said_to_hold_holds(text):
    assert plan_holds(text)


@pytest.mark.parametrize("text", [
    "the March handover is not safe any more",
    "our go-live on the 9th no longer stands",
    "the trial kick-off can't go ahead on Monday",
    "the gala opening will slip because of it",
    "the spring release holds for now",
    "the pilot ships as scheduled if the vendor signs",
    "the budget is blown and the release is at risk",
    "the migration weekend has been pushed to June",
])
def test_a_plan_said_to_move_or_hedged_does_not(text):
    assert not plan_holds(text)


def test_a_wait_that_leaves_the_date_alone_needs_no_decision(translator):
    update = ("Still no word from the printer on the last 200 ticket stock rolls, promised for 3 Feb; "
              "Wen is testing on the rolls we have, and the gala opening won't slip because of it.")
    assert translator.translate(update).decision is None


def test_a_wait_that_moves_the_date_does(translator):
    update = ("Still no word from the printer on the last 200 ticket stock rolls, promised for 3 Feb; "
              "nobody is chasing it and the gala opening will slip because of it.")
    assert translator.translate(update).decision is not None
