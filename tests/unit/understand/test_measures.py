"""A figure that moved on a measure no exact rule knows: which way is good is read from the measure's meaning.

Worded for this file (not the development or unseen sets, nor bank_measure.yaml):
- the rule finds what moved, which way and whether a figure says so, and refuses verbs that move nothing;
- the meaning of the measure (bot.understand.measures) says whether more or less of it is good;
- an update whose figures moved the good way reads as good news with nothing to decide, and one whose figures moved
  the bad way does not read as good news.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.understand import Understander
from bot.understand.bank import bank, bank_measure, bank_vectors
from bot.understand.clauses import movement
from bot.understand.measures import MeasureSense, fit_measure
from knowledge.glossary import load_glossary

OWN = Path(__file__).resolve().parents[2] / "data" / "measure_direction_own.yaml"


@pytest.fixture(scope="module")
def understander():
    u = Understander(load_glossary())
    u.classifier  # noqa: B018 - builds the measure reader with the bank
    return u


@pytest.mark.parametrize(("text", "expected"), [
    ("the slotting model cut pallet moves per order by 22% in May", ("down", "pallet moves per order", True)),
    ("covers per evening rose from 140 to 175 at both bistros", ("up", "covers per evening", True)),
    ("Since the menu engine went in, covers per evening rose from 140 to 175", ("up", "covers per evening", True)),
    ("roadside breakdowns have halved since March", ("down", "roadside breakdowns", False)),
    ("the volunteers' sign-up form lifted new members by a third", ("up", "new members", True)),
    ("missed collections came down from 9 to 4 a week", ("down", "missed collections", True)),
    ("kiosk queues fell 12% in the lunch hour", ("down", "kiosk queues", True)),
])
def test_movement_finds_what_moved(text, expected):
    assert movement(text) == expected


@pytest.mark.parametrize("text", [
    "we dropped the loyalty feature from phase one",  # an object dropped: nothing moved by itself
    "the board cut the scope of the pilot",  # a choice made, with no figure
    "the camera raised 14 alerts on Tuesday",  # the figure counts what the verb made
    "the nightly export dropped 2% of its rows",  # ... or what it lost
    "the claims queue is stuck for branches with more than 300 drops",  # "drops" is a noun here
    "response times fell by 30%",  # a time: the exact rules read it themselves
    "the licence bill rose by 8%",  # money: the same
    "the new stock screen went live on Monday",  # no move at all
])
def test_movement_refuses_what_is_no_measure_moving(text):
    assert movement(text) is None


def test_measure_reader_calls_the_teams_own_phrases_right(understander):
    """The shipped reader on phrases the bank does not hold: most are called, and nearly all of those rightly."""
    cases = yaml.safe_load(OWN.read_text(encoding="utf-8"))["cases"]
    held = {t.lower() for t in bank().texts}
    assert not [c["phrase"] for c in cases if c["phrase"].lower() in held], "own phrases must not be bank examples"
    vectors = understander.embed([understander._model_text(c["phrase"]) for c in cases])
    verdicts = understander._measure_sense.lower_better(vectors)
    called = [(c, v) for c, v in zip(cases, verdicts) if v is not None]
    right = [c for c, v in called if v == (c["better"] == "less")]
    assert len(called) >= 0.75 * len(cases)
    assert len(right) >= 0.88 * len(called), [c["phrase"] for c, v in called if c not in right]


def test_shipped_measure_reader_is_the_fit_on_the_shipped_bank(understander):
    """The weights in the repository are what fitting the current bank gives (python -m bot.understand.bank)."""
    vectors = bank_vectors(understander.embed)
    shipped = bank_measure(vectors)
    fresh = fit_measure(vectors, bank().labels)
    assert shipped is not None and fresh is not None
    assert abs(shipped[1] - fresh[1]) < 1e-2
    assert float(abs(shipped[0] - fresh[0]).max()) < 1e-2


def test_too_close_to_call_says_nothing():
    import numpy as np

    sense = MeasureSense(np.array([1.0, 0.0], dtype=np.float32), 0.0, margin=0.5)
    assert sense.lower_better(np.array([[0.1, 0.3], [2.0, 0.0], [-2.0, 1.0]], dtype=np.float32)) == [None, False, True]


@pytest.mark.parametrize("text", [
    "The slotting model for the cold store cut pallet moves per order by 22% in its first month, and Ravi is rolling it"
    " out to the chilled aisle next.",
    "Since the new menu engine went in, covers per evening rose from 140 to 175 at both bistros.",
    "Tyre wear alerts for the bus fleet went live in March; roadside breakdowns have halved since then.",
])
def test_figures_moved_the_good_way_are_good_news(understander, text):
    a = understander.analyse(text)
    assert not a.decision
    assert [i.situation for i in a.issues] == ["progress"]


@pytest.mark.parametrize("text", [
    "Seed germination in the trial beds dropped from 88% to 61% after the irrigation schedule changed.",
    "Since the kiosk update, covers per evening fell from 175 to 120 at both bistros and nobody has a fix yet.",
])
def test_figures_moved_the_bad_way_are_not_good_news(understander, text):
    a = understander.analyse(text)
    assert all(i.situation != "progress" for i in a.issues)
