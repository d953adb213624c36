"""The cadence reports: sprint review, retro follow-up, integration review figures, steering sections, charts, demo dates."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.config import load_settings
from bot.reports.integration import build_integration
from bot.reports.render import integration_text, retro_text, review_text, steering_text
from bot.reports.sprint import build_retro, build_review
from bot.reports.steering import build_steering
from bot.reports.store import ActionItem, Retro, RetroStore
from store.io import read_program
from store.models import AccessRequest, Dependency, ProcurementItem
from tests.fixtures.reports import DEMO, ids_in, record_ids

DAY = date(2026, 11, 4)


@pytest.fixture(scope="module")
def demo():
    return read_program(DEMO)


@pytest.fixture()
def settings(tmp_path):
    return load_settings(data_dir=tmp_path)


# --- sprint review ------------------------------------------------------------------------------


def test_review_of_an_ended_sprint(demo, settings):
    r = build_review(demo, 6, DAY, settings)
    assert (r.committed, r.completed, round(r.completion, 3)) == (36, 29, round(29 / 36, 3)) and not r.current
    assert r.debt.share == 0.09 and r.debt.verdict == "below"
    states = {(m.name, m.milestone): m.state for m in r.milestones}
    assert states[("Spot pricing", "integration testing passed")] == "met"
    assert states[("Customer churn early warning", "data preparation complete")] == "missed"
    assert [p.sprint for p in r.trend] == [1, 2, 3, 4, 5, 6]
    text = review_text(r)
    assert "29 of 36" in text and "81%" in text and "Calibration (3 sprints)" in text and "below the 15% to 20% budget" in text


def test_review_of_the_running_sprint_leaves_it_out_of_the_trend(demo, settings):
    r = build_review(demo, None, DAY, settings)
    assert r.sprint == 7 and r.current
    assert "so far" in review_text(r) and "(sprint 7)" not in r.trend_text


def test_an_unknown_sprint_is_a_clear_error(demo, settings):
    from bot.errors import InputError

    with pytest.raises(InputError, match="Sprint 40 is not in"):
        build_review(demo, 40, DAY, settings)


# --- retro follow-up ----------------------------------------------------------------------------


def test_an_action_item_open_after_its_sprint_is_a_finding(demo, settings):
    store = RetroStore(settings.records_url)
    try:
        store.hold(Retro(program="halvorsen", sprint=6, day=date(2026, 11, 2)))
        first = store.add(ActionItem(program="halvorsen", sprint=6, text="Agree a definition of done for data work", owner="Priya Raman", due_sprint=7))
        second = store.add(ActionItem(program="halvorsen", sprint=6, text="Book the pricing desk sessions", owner="Sofia Lindqvist", due_sprint=7))
        assert (first.number, second.number) == (1, 2)
        during = build_retro(demo, date(2026, 11, 10), store.retros("halvorsen"), store.items("halvorsen"))
        assert during.findings == [] and not any(a.overdue for a in during.items)
        store.done("halvorsen", 2, date(2026, 11, 12))
        after = build_retro(demo, date(2026, 11, 17), store.retros("halvorsen"), store.items("halvorsen"))
        assert [a.number for a in after.items if a.overdue] == [1]
        assert len(after.findings) == 1 and "due in sprint 7 and is still open" in after.findings[0].text
        assert "OVERDUE" in retro_text(after) and "Book the pricing desk sessions" in retro_text(after)
    finally:
        store.close()


def test_a_retro_without_action_items_is_flagged(demo, settings):
    store = RetroStore(settings.records_url)
    try:
        store.hold(Retro(program="halvorsen", sprint=5, day=date(2026, 10, 19)))
        r = build_retro(demo, DAY, store.retros("halvorsen"), store.items("halvorsen"), sprint=5)
        assert r.held and any("agreed no action items" in f.text for f in r.findings)
    finally:
        store.close()


def test_retro_cli_records_follows_and_refuses_half_an_item(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("COMPEL_DATA_DIR", str(tmp_path))
    assert main(["demo", "load", "--no-index"]) == 0
    capsys.readouterr()
    assert main(["sprint", "retro", "--sprint", "6", "--as-of", "2026-11-02", "--action", "Pair on the WMS connector",
                 "--owner", "Jonas Berg", "--due", "7"]) == 0
    assert "Pair on the WMS connector — Jonas Berg, due sprint 7: open" in capsys.readouterr().out
    assert main(["sprint", "retro", "--as-of", "2026-11-20", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["items"][0]["overdue"] is True and out["findings"]
    assert main(["sprint", "retro", "--action", "Something", "--owner", "Someone"]) == 2
    assert "Give each --action its own --owner and --due" in capsys.readouterr().err


# --- integration review ----------------------------------------------------------------------------


def test_integration_review_figures(demo, settings):
    r = build_integration(demo, DAY, settings)
    # Access requests and purchases raised by 4 Nov: 5 + 4 = 9 (pr-004, the platform licence, is a purchase too);
    # cleared by then: ar-001, 002, 004, 005 and pr-001.
    assert (r.resolved, r.open) == (5, 4) and r.resolution_rate == pytest.approx(5 / 9)
    assert r.resolved_this_week == 2  # WMS access on 30 Oct and the photo store on 3 Nov
    waits = {(w.what, w.kind): w for w in r.waiting}
    licence = waits[("Route optimisation (Telematics gateway licence)", "purchase")]
    assert (licence.since, licence.days) == (date(2026, 9, 28), 37)
    crm = next(w for w in r.waiting if w.kind == "access")
    assert crm.since == date(2026, 10, 12) and crm.days == 23
    blocked_by_eta = [w for w in r.waiting if w.kind == "dependency"]
    assert {w.what for w in blocked_by_eta} == {"Adoption and training", "Operations process redesign"}
    assert all(w.on == "Delivery ETA prediction" for w in blocked_by_eta)
    assert [w.days for w in r.waiting] == sorted((w.days for w in r.waiting), reverse=True)
    text = integration_text(r)
    assert "5 of 9 waits on other teams cleared (56%)" in text and ids_in(text, record_ids(demo)) == []


def test_integration_rate_on_records_of_our_own(demo, settings):
    extra = demo.model_copy(update={
        "access_requests": [AccessRequest(id="a1", use_case="uc-demand", system="Depot rota", requested=date(2026, 11, 1), granted=date(2026, 11, 3), status="granted"),
                            AccessRequest(id="a2", use_case="uc-demand", system="Payroll", requested=date(2026, 10, 1))],
        "procurement": [ProcurementItem(id="p1", item="Label printer", requested=date(2026, 10, 20), status="ordered", blocking=["uc-damage"])],
        "dependencies": [Dependency(id="d1", upstream="uc-demand", downstream="ws-people", kind="blocks")],
    })
    r = build_integration(extra, DAY, settings)
    assert (r.resolved, r.open, r.resolved_this_week) == (1, 2, 1)
    assert {w.what for w in r.waiting} == {"Demand forecasting's access to Payroll", "Damage claim photo triage (Label printer)"}
    assert "Adoption and training depends on Demand forecasting, which is not late." in [d.text for d in r.dependencies]


# --- steering update ----------------------------------------------------------------------------


def test_steering_update_sections(demo, settings):
    s = build_steering(demo, DAY, settings)
    assert s.rag == "red" and {w.name for w in s.workstreams} == {w.name for w in demo.workstreams}
    assert all(w.reasons for w in s.workstreams)
    assert {m.name for m in s.milestones_missed} == {"Delivery ETA prediction", "Customer churn early warning"}
    assert s.milestones_due and all(m.planned >= DAY for m in s.milestones_due)
    assert [d.by for d in s.decisions] == sorted(d.by for d in s.decisions)
    assert all(d.who.startswith("the ") for d in s.decisions)  # roles, not names
    assert len(s.escalations) == 1 and "15 days" in s.escalations[0].text
    assert s.debt.open_by_category == {"technical debt item": 5, "compliance violation": 1, "operational risk": 1}
    assert s.debt.share.share == 0.09 and s.debt.share.verdict == "below"
    assert any("debt-003" in line.sources for line in s.debt.crossed) and any("debt-005" in line.sources for line in s.debt.past_plan)
    names = {i.name: i for i in s.indicators}
    assert set(names) == {"Sprint completion", "Dependency resolution rate", "Average age of reported blockers", "Stand-up participation"}
    completion = dict(names["Sprint completion"].values)
    assert completion[7] is None and completion[6] == pytest.approx(29 / 36)  # the running sprint is no trend point
    assert s.changes
    text = steering_text(s)
    for heading in ("Milestones missed", "Decisions needed", "Escalations open", "Debt register", "Leading indicators", "What changed this month"):
        assert heading in text
    assert ids_in(text, record_ids(demo)) == [] and "(s)" not in text
    for person in ("Hannah Cole", "Tomasz", "Oliver Grant"):
        assert person not in text


def test_every_report_text_is_free_of_ids_and_stale_days_say_so(demo, settings):
    day = date(2026, 12, 1)
    texts = [review_text(build_review(demo, None, day, settings)), integration_text(build_integration(demo, day, settings)),
             steering_text(build_steering(demo, day, settings))]
    for text in texts:
        assert ids_in(text, record_ids(demo)) == [] and "(s)" not in text
    assert all("No stand-up updates since 4 Nov 2026" in t for t in texts[1:])


# --- charts and the command line -----------------------------------------------------------------------


def test_charts_are_png_files_written_from_the_cli(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("COMPEL_DATA_DIR", str(tmp_path))
    assert main(["demo", "load", "--no-index"]) == 0
    for args, name in ((["sprint", "review", "6", "--as-of", "2026-11-04"], "review.png"), (["report", "steering", "--as-of", "2026-11-04"], "steering.png")):
        target = tmp_path / name
        assert main([*args, "--chart", str(target)]) == 0
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 5000
    capsys.readouterr()
    assert main(["report", "steering", "--as-of", "2026-11-04", "--chart", str(tmp_path / "x.jpg")]) == 2
    assert "must name a .png file" in capsys.readouterr().err
    assert main(["report", "integration", "--as-of", "2026-11-04"]) == 0
    assert "Integration review" in capsys.readouterr().out


def test_demo_load_current_moves_every_date(tmp_path, monkeypatch, capsys):
    from bot.cli import main
    from bot.reports.shift import days_to_current, latest_weekday, shift_program

    demo = read_program(DEMO)
    today = date(2027, 3, 10)
    moved = shift_program(demo, days_to_current(demo, today))
    assert max(u.date for u in moved.updates) == latest_weekday(today)
    delta = moved.sprints[0].start - demo.sprints[0].start
    assert moved.decisions[1].deadline - demo.decisions[1].deadline == delta
    assert moved.use_cases[0].milestones.data_preparation_complete.planned - demo.use_cases[0].milestones.data_preparation_complete.planned == delta
    assert [u.sprint for u in moved.updates] == [u.sprint for u in demo.updates]
    monkeypatch.setenv("COMPEL_DATA_DIR", str(tmp_path))
    assert main(["demo", "load", "--no-index", "--current"]) == 0
    assert "Dates moved" in capsys.readouterr().out
    assert main(["standup", "summary", "--audience", "sponsor"]) == 0
    assert "No stand-up updates since" not in capsys.readouterr().out


def test_the_register_is_reviewed_at_the_retro_and_overdue_actions_reach_steering(tmp_path):
    from bot.reports.service import Reports
    from store.records import RecordStore

    settings = load_settings(data_dir=tmp_path)
    records = RecordStore(settings)
    records.import_program(read_program(DEMO), source="demo")
    reports = Reports(settings, lambda: records, lambda: None, today=lambda: date(2026, 11, 17))
    try:
        reports.record_retro("halvorsen", actions=[("Pair on the WMS connector", "Jonas Berg", 7)], sprint=6, as_of=date(2026, 11, 2))
        retro = reports.retro("halvorsen")
        assert retro.debt is not None and retro.debt.past_plan and "Debt register" in retro_text(retro)
        steering = reports.steering("halvorsen")
        assert len(steering.actions_overdue) == 1 and "Jonas Berg" not in steering.actions_overdue[0].text
        assert "Retro action items overdue" in steering_text(steering)
    finally:
        reports.close()
        records.close()


def test_steering_reasons_keep_their_own_words_with_terms_explained_beside_them(demo, settings):
    """A label's terms are explained in brackets, never swapped inside it: taking the brackets out gives back the
    label the team reads (a swapped phrase inside a noun label breaks its grammar)."""
    import re

    from knowledge.glossary import load_glossary

    def bare(text: str) -> str:
        while re.search(r" \([^()]*\)", text):
            text = re.sub(r" \([^()]*\)", "", text)
        return text

    team = build_steering(demo, DAY, settings)
    plain = build_steering(demo, DAY, settings, glossary=load_glossary())
    assert plain.workstreams and any("(" in r for w in plain.workstreams for r in w.reasons)
    for t, p in zip(team.workstreams, plain.workstreams):
        for tr, pr in zip(t.reasons, p.reasons):
            if not any(person in tr for person in ("Cole", "Duarte", "Raman", "Wojcik", "Santos", "Grant")):
                assert bare(pr) == bare(tr[:1].upper() + tr[1:])


def test_months_of_spend_move_by_whole_months():
    """A program moved in time keeps one spend record per month: a month moves by whole months, never into the next."""
    from bot.reports.shift import shift_program

    demo = read_program(DEMO)
    for days in (1, 17, 33, 100, -45):
        months = [c.month for c in shift_program(demo, days).costs]
        assert len({(m.year, m.month) for m in months}) == len(months), (days, months)
        assert all(m.day == 1 for m in months)
