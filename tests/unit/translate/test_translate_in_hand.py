"""An open problem the team already has in hand is told as in hand: the situation's usual meaning ("until the cause is
found") would contradict the update. Own wording."""

from __future__ import annotations

import pytest

from bot.translate.consistency import translation_grammar

# Updates the analysis reads as in hand (its own tests hold that reading); this file checks what the composer says.
IN_HAND = [
    "Our forecasting analyst Leila is off sick for two weeks; Tom from the planning desk is covering her weekly runs and "
    "the schedule does not move.",
    "Search answers got worse for Spanish queries last week; the team is rebuilding the language index now and expects it "
    "finished by Friday, inside the release plan.",
]
OPEN = "The invoice matcher's accuracy slipped to 88% against a 95% target and nobody knows why yet."


@pytest.mark.parametrize("text", IN_HAND)
def test_a_problem_in_hand_is_told_as_in_hand_with_no_decision(translator, understander, text):
    analysis = understander.analyse(text)
    assert any(i.in_hand for i in analysis.issues), [(i.situation, i.polarity) for i in analysis.issues]
    result = translator.translate(text)
    assert "already dealing with this" in result.impact
    assert "until the cause" not in result.impact.lower()
    assert result.decision is None
    assert translation_grammar(result) == []


def test_a_problem_nobody_has_in_hand_keeps_its_usual_meaning(translator):
    result = translator.translate(OPEN)
    assert "already dealing" not in result.impact
