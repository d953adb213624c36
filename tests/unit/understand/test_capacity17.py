"""Capacity short only where the words say people are gone, away, alone or stretched. Own wording."""

from __future__ import annotations

import pytest

from bot.understand.inhand import capacity_short


@pytest.mark.parametrize("text", [
    "Bertil hands in his notice on Monday",
    "two of the three pickers are off sick this week",
    "Noor moves to the payments squad in January",
    "our only analyst who knows the tariff tables",
    "nobody has been asked to own the nightly checks",
    "the data team is stretched across four projects",
    "Kenji is on parental leave until March",
    "the replacement is not hired yet",
])
def test_words_of_capacity_short(text):
    assert capacity_short(text)


@pytest.mark.parametrize("text", [
    "Marguerite is re-running the test batch by Thursday",
    "Olu in finance needs to choose one by the 14th",
    "the coaches review the clips every Monday",
])
def test_people_at_work_are_no_capacity_short(text):
    assert not capacity_short(text)


def test_a_person_named_at_planned_work_asks_nothing(translator):
    update = ("Recall on the invoice matcher is 0.86 against the 0.88 we need; Marguerite is re-running it on the "
              "extra 300 labelled cases by 9 Jan, which is the retrain slot we had already booked.")
    assert translator.translate(update).decision is None


def test_a_person_leaving_with_nobody_to_cover_asks_for_a_decision(translator):
    update = ("Bertil, the only one who knows the tariff loader, leaves on 31 Jan and nobody has been named to take "
              "it over.")
    assert translator.translate(update).decision is not None
