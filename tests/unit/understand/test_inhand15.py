"""In hand, worded for this file (not the development or unseen sets, nor the bank): a fix dated well inside what it
must meet, a fix on its way in a named release or UAT, and a stand-in arranged until the person away is back."""

from __future__ import annotations

import pytest

from bot.understand import Understander
from bot.understand.inhand import acting, covered, plan_holds
from knowledge.glossary import load_glossary


@pytest.mark.parametrize("text", [
    "the correction ships on 4 March, well ahead of the tariff deadline",
    "Mei's patch lands in good time for the spring launch",
])
def test_a_fix_dated_well_inside_its_deadline_holds(text):
    assert plan_holds(text)


def test_a_fix_dated_with_a_hedge_does_not_hold():
    assert not plan_holds("the correction ships well ahead of the tariff change, for now")


@pytest.mark.parametrize("text", [
    "Olu has the rounding fix in the 2 May release",
    "the pricing team has a new parser in UAT",
])
def test_a_fix_on_its_way_is_someone_acting(text):
    assert acting(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Femi covers the supplier calls until she returns in April", True),
    ("Rosa is running the night checks until he is back", True),
    ("Femi covers the supplier calls on Fridays", False),
    ("nobody covers the supplier calls until she returns", False),
    ("Femi sat with her for a week and covers the calls until she is back", True),
])
def test_a_stand_in_until_someone_is_back(text, expected):
    assert covered(text) is expected


@pytest.fixture(scope="module")
def understander():
    return Understander(load_glossary())


@pytest.mark.parametrize("text", [
    "Dana, who runs the parcel-locker forecasts, is off on leave from 2 February; Femi sat with her for a fortnight and"
    " covers the forecasts until she returns in April.",
    "Locker-demand forecasts run about 6% low on bank holidays; Olu has the holiday fix in the 2 May release, well ahead"
    " of the summer timetable.",
])
def test_an_issue_in_hand_asks_nothing(understander, text):
    assert not understander.analyse(text).decision


@pytest.mark.parametrize(("text", "risk"), [
    ("the fix goes out in the 2 May release", False),
    ("the pilot starts in May", False),
    ("the late files may skew the weekly totals", True),
])
def test_may_the_month_is_no_risk(text, risk):
    from bot.understand.clauses import cues

    assert ("risk" in cues(text, [])) is risk
