"""A filed stand-up item that opens with a word pointing back ("they", "it") keeps what it points at."""

from __future__ import annotations

from datetime import date

from bot.standup.items import file_update
from bot.understand.model import Analysis, Issue
from store.models import StandupUpdate


def _update(text: str) -> StandupUpdate:
    return StandupUpdate(id="u-1", date=date(2026, 5, 6), author="Rui", text=text, use_cases=[])


def _issue(clause: str, situation: str, polarity: str = "open", **kw) -> Issue:
    return Issue(situation=situation, category="x", polarity=polarity, decision=False, clauses=[clause], **kw)


def test_a_wait_that_points_back_is_filed_with_what_it_waits_for():
    text = "The print supplier has still not confirmed the label stock; they said it would ship by 3 June."
    first, second = "The print supplier has still not confirmed the label stock", "they said it would ship by 3 June"
    filed = file_update(_update(text), Analysis(text=text, issues=[_issue(second, "dependency_slip"), _issue(first, "vendor_delay")]))
    # Both open: one line, under the more pressing heading, in the update's own order.
    assert [(f.heading, f.text) for f in filed] == [("blocker", "The print supplier has still not confirmed the label stock; they said it would ship by 3 June")]


def test_a_pointing_clause_after_progress_carries_its_subject_and_the_progress_stays():
    text = "Scanner firmware rolled out to all depots. It still drops one read in fifty."
    done, risk = "Scanner firmware rolled out to all depots", "It still drops one read in fifty"
    filed = file_update(_update(text), Analysis(text=text, issues=[_issue(done, "progress", "done"), _issue(risk, "quality_gap")]))
    assert [(f.heading, f.text) for f in filed] == [
        ("progress", "Scanner firmware rolled out to all depots"),
        ("risk", "Scanner firmware rolled out to all depots. It still drops one read in fifty"),
    ]


def test_clauses_that_stand_alone_are_filed_as_they_are():
    text = "Route planner tests pass. Depot Leeds asked for a second training slot."
    a, b = "Route planner tests pass", "Depot Leeds asked for a second training slot"
    filed = file_update(_update(text), Analysis(text=text, issues=[_issue(a, "progress", "done"), _issue(b, "people_gap")]))
    assert [(f.heading, f.text) for f in filed] == [("progress", a), ("risk", b)]


def test_a_clause_led_by_a_time_is_not_read_as_pointing_back():
    text = "Access to the claims archive is still pending. This week the cloud bill ran 12 percent over."
    a, b = "Access to the claims archive is still pending", "This week the cloud bill ran 12 percent over"
    filed = file_update(_update(text), Analysis(text=text, issues=[_issue(a, "access_wait"), _issue(b, "cost_overrun")]))
    assert [(f.heading, f.text) for f in filed] == [("blocker", a), ("risk", b)]
