"""A way of working that changed for the better touches the process pillar, as a process gap does (worded for this
file, not the development or unseen sets, nor the bank)."""

from __future__ import annotations

import pytest

from bot.understand import Understander
from knowledge.glossary import load_glossary


@pytest.fixture(scope="module")
def understander():
    return Understander(load_glossary())


@pytest.mark.parametrize("text", [
    "The returns classifier went live at the depot in May, and the yard crew now sort pallets from its list instead of"
    " the clipboard sheet.",
    "The shift planner is live on both wards; the clerks now build next week's rota from its draft instead of starting"
    " from a blank sheet.",
    # Since session 17 staff at work are no capacity lost without words that say so (inhand.capacity_short).
    "Since the rota assistant launched, the ward clerks draft next week's shifts from its proposal and the matron only"
    " signs them off.",
])
def test_a_new_way_of_working_is_process(understander, text):
    assert "process" in understander.analyse(text).pillars


def test_plain_technical_work_stays_technology(understander):
    a = understander.analyse("We moved the scoring job onto the bigger cluster and it finishes in half the time.")
    assert "process" not in a.pillars and "technology" in a.pillars
