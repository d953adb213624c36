"""Status per workstream over the sprints, judged on the records dated up to each sprint's end: the chart shows history."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import load_settings
from bot.reports.history import records_as_of
from bot.reports.steering import build_steering
from store.io import read_program
from store.models import StageEntry
from tests.fixtures.reports import DEMO

DAY = date(2026, 11, 4)
GOV = "Responsible AI governance"


@pytest.fixture(scope="module")
def demo():
    return read_program(DEMO)


@pytest.fixture()
def settings(tmp_path):
    return load_settings(data_dir=tmp_path)


def _history(data, settings) -> dict[int, dict[str, str]]:
    return {p.sprint: p.rag for p in build_steering(data, DAY, settings, history=True).trend}


def test_records_as_of_an_earlier_day_leave_out_or_set_back_what_came_later(demo):
    day = date(2026, 10, 10)
    then = records_as_of(demo, day)
    assert then.updates and all(u.date <= day for u in then.updates) and len(then.updates) < len(demo.updates)
    assert all(e.raised <= day for e in then.escalations) and len(then.escalations) < len(demo.escalations)
    assert all(r.raised is None or r.raised <= day for r in then.risks)
    for now, past in zip(demo.use_cases, then.use_cases):
        for (key, ms), (_, was) in zip(now.milestones.items(), past.milestones.items()):
            if ms.status == "met" and ms.actual and ms.actual > day:
                assert was.status == "pending" and was.actual is None, (now.id, key)
            else:
                assert was == ms
        assert all(e.sprint <= demo.sprint_for(day) for e in past.stage_history)
    for a in then.access_requests:
        assert a.requested <= day and (a.granted is None or a.granted <= day)
    # Records with nothing to date them stay as they are now.
    assert then.decisions == demo.decisions and then.dependencies == demo.dependencies


def test_the_demo_shows_a_change_over_the_sprints_not_one_colour(demo, settings):
    history = _history(demo, settings)
    assert history[4][GOV] == "amber" and history[5][GOV] == "red"  # the support use case's breach was raised in sprint 5
    now = {w.name: w.rag for w in build_steering(demo, DAY, settings).workstreams}
    assert history[max(history)] == now  # the running sprint's point is today's status


def test_the_history_follows_the_records_when_they_change(demo, settings):
    # The support use case went live in sprint 5 without approval, and the breach went on the debt register then.
    # Say instead it went live, and the breach was found, in sprint 7: sprints 5 and 6 were not yet red for governance.
    [breach] = [d for d in demo.debt if d.use_case == "uc-support" and d.category == "compliance_violation"]
    live_later = [StageEntry(sprint=e.sprint if e.stage != "production" else 7, stage=e.stage)
                  for e in next(uc for uc in demo.use_cases if uc.id == "uc-support").stage_history]
    later = demo.model_copy(update={
        "debt": [d.model_copy(update={"raised": date(2026, 11, 3)}) if d is breach else d for d in demo.debt],
        "use_cases": [uc.model_copy(update={"stage_history": live_later}) if uc.id == "uc-support" else uc for uc in demo.use_cases],
    })
    before, after = _history(demo, settings), _history(later, settings)
    assert [before[n][GOV] for n in (5, 6, 7)] == ["red", "red", "red"]
    assert [after[n][GOV] for n in (5, 6, 7)] == ["amber", "amber", "red"]
    assert after[4] == before[4]
