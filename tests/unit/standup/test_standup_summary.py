"""Collection and the stand-up summary on the demo program: every claim sourced, audiences shaped, jargon and names checked."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.config import load_settings
from bot.services import Services
from bot.standup.collect import analyse, collect
from bot.standup.model import check_summary
from bot.standup.summary import build_summary, person_names, proper_names
from store.io import read_program
from tests.paths import ROOT

DEMO = ROOT / "knowledge" / "demo" / "program.yaml"
DAY = date(2026, 11, 3)


@pytest.fixture(scope="module")
def demo():
    return read_program(DEMO)


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    s = Services(load_settings(data_dir=tmp_path_factory.mktemp("standup")))
    yield s
    s.close()


def summarise(demo, services, audience, day=DAY, data=None):
    return build_summary(data or demo, day, services.settings, audience=audience, translate=services.translator.translate,
                         understand=services.translator.understander.analyse_many, glossary=services.glossary)


# --- collection ----------------------------------------------------------------------------


def test_replies_are_linked_to_use_cases_by_alias_and_blockers_found(demo):
    u = collect("Done: churn labels rebuilt.\nNext: retrain the routing model tomorrow.\nBlockers: waiting on CRM access",
                data=demo, author="Oliver Grant", day=date(2026, 11, 5), update_id="su-C-1")
    assert u.use_cases == ["uc-churn", "uc-route"]
    assert u.blockers == ["waiting on CRM access"] and u.progress and u.sprint == 7
    a = analyse("Model retrain finished; still blocked by the feature store outage. No blockers on the rest")
    assert a.blockers == ["still blocked by the feature store outage"]
    assert a.done == ["Model retrain finished"]


def test_an_unnamed_reply_falls_back_to_what_the_author_owns(demo):
    u = collect("Per-depot models look better today.", data=demo, author="Hannah Cole", day=DAY, update_id="x")
    assert u.use_cases == ["uc-eta"] and u.workstream == "ws-data"
    lead = collect("Template published.", data=demo, author="Tomasz Wojcik", day=DAY, update_id="y")
    assert lead.use_cases == [] and lead.workstream == "ws-gov"


def test_no_blockers_is_not_a_blocker(demo):
    assert analyse("Blockers: none").blockers == []
    assert analyse("Nothing blocking; tests passed.").blockers == []


# --- the summary on the demo program ---------------------------------------------------------------


@pytest.mark.parametrize("audience", ["team", "sponsor", "steering"])
def test_every_claim_is_sourced_and_the_checks_pass(demo, services, audience):
    s = summarise(demo, services, audience)
    ids = {u.id for u in demo.updates}
    names = person_names(demo)
    assert check_summary(s, ids, services.glossary, names, proper_names(demo)) == []
    assert s.updates == ["u-040", "u-041", "u-042"]
    assert s.rag == "red" and s.reasons  # the demo has red and amber workstreams, each with its reasons
    for claim in s.claims():
        assert claim.sources
    update_claims = [c for c in s.claims() if any(src.kind == "update" for src in c.sources)]
    assert all(src.id in ids for c in update_claims for src in c.sources if src.kind == "update")


def test_team_version_has_workstreams_decisions_technical_items_and_absentees(demo, services):
    s = summarise(demo, services, "team")
    process = next(w for w in s.workstreams if w.id == "ws-process")
    assert any("93 percent" in c.text and c.sources[0].id == "u-042" for c in process.done)
    assert {d.sources[0].id for d in s.decisions} >= {"dec-002", "dec-003", "dec-004"}
    dec = next(d for d in s.decisions if d.sources[0].id == "dec-003")
    assert dec.who == "Tomasz Wojcik" and dec.by == date(2026, 11, 6)
    assert any(c.sources[0].id == "u-040" for c in s.technical)
    assert [c.sources[0].id for c in s.impacts] == ["cross_pillar_impact:uc-eta"]  # ETA slipping today moves people and process work
    assert "Hannah Cole" not in s.not_reported and "Oliver Grant" in s.not_reported
    assert s.not_reported_count == len(s.not_reported)


def test_sponsor_version_has_no_names_and_plain_words(demo, services):
    s = summarise(demo, services, "sponsor")
    text = json.dumps(s.model_dump(mode="json"))
    for person in ("Hannah", "Cole", "Tomasz", "Ines Duarte", "Oliver"):
        assert person not in text
    assert s.not_reported == [] and s.not_reported_count > 0
    assert all(not w.next for w in s.workstreams)  # plans are team detail; progress with figures stays
    assert any("93 percent" in c.text for w in s.workstreams for c in w.done)
    assert "feature store" not in " ".join(c.text for w in s.workstreams for c in w.claims_all())  # plain words


def test_steering_version_is_status_decisions_escalations(demo, services):
    s = summarise(demo, services, "steering")
    assert s.technical == [] and all(not w.next for w in s.workstreams)
    assert s.decisions and s.headline.startswith("Halvorsen")
    assert any("93 percent" in c.text for w in s.workstreams for c in w.done)  # steering drops no figure either


def test_a_blocker_reported_three_days_running_is_escalated(demo, services):
    from store.models import StandupUpdate

    extra = [
        StandupUpdate(id=f"x-{d}", date=date(2026, 11, d), author="Jonas Berg", workstream="ws-data", use_cases=["uc-route"],
                      text="Still waiting on the customs broker portal credentials.", blockers=["waiting on customs broker portal credentials"])
        for d in (3, 4, 5)
    ]
    data = demo.model_copy(update={"updates": [*demo.updates, *extra]})
    s = summarise(demo, services, "team", day=date(2026, 11, 5), data=data)
    assert len(s.escalations) == 1 and [x.id for x in s.escalations[0].sources] == ["x-3", "x-4", "x-5"]
    assert "3 stand-ups running" in s.escalations[0].text
    two = summarise(demo, services, "team", day=date(2026, 11, 4), data=data)
    assert two.escalations == []


def test_new_findings_since_the_previous_stand_up_are_listed(demo, services):
    s = summarise(demo, services, "team", day=date(2026, 10, 20))
    assert s.risks and all(c.sources[0].kind == "finding" for c in s.risks)
    progress = next(c for c in s.risks if c.sources[0].id == "progress_without_advancement:uc-churn")
    assert "Now high severity, up from medium: Progress without advancement on" in progress.text
    assert [x.kind for x in progress.sources[1:]] == ["update"] * 3  # and the stand-ups it rests on, latest first
    same = summarise(demo, services, "team", day=date(2026, 10, 21))
    assert {c.sources[0].id for c in same.risks}.isdisjoint({c.sources[0].id for c in s.risks})


# --- the command line ----------------------------------------------------------------------------


def test_compel_standup_summary_json_and_text(capsys):
    from bot.cli import main

    assert main(["demo", "load", "--no-index"]) == 0
    capsys.readouterr()
    assert main(["standup", "summary", "--date", "2026-11-03", "--audience", "sponsor", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["audience"] == "sponsor" and out["rag"] == "red" and out["updates"] == ["u-040", "u-041", "u-042"]
    assert set(out) >= {"headline", "reasons", "workstreams", "risks", "impacts", "decisions", "technical", "escalations", "not_reported"}
    assert main(["standup", "summary", "--date", "2026-11-03"]) == 0
    text = capsys.readouterr().out
    assert "Decisions needed" in text and "93 percent" in text and "Did not report:" in text
    assert "[u-042]" not in text and "u-04" not in text  # record ids stay in --json, out of the text
    assert main(["standup", "summary", "--audience", "board"]) == 2
    assert main(["standup", "summary", "--program", "nope"]) == 2
    assert "No program 'nope'" in capsys.readouterr().err


def test_an_escalation_to_a_role_is_not_a_person_to_hide(demo):
    from bot.standup.summary import AudienceWords

    # The demo escalates to "Procurement director" and "Steering committee": roles, not names.
    assert {"Procurement director", "Procurement", "Steering committee", "Steering"}.isdisjoint(person_names(demo))
    words = AudienceWords(demo, "sponsor", None)
    assert words.text("Procurement holding up delivery; Hannah Cole said so") == (
        "Procurement holding up delivery; the Delivery ETA prediction owner said so"
    )
    named = demo.model_copy(update={"escalations": [demo.escalations[0].model_copy(update={"to": "Ada Lovelace"})]})
    assert "Ada Lovelace" in person_names(named)  # an escalation to a person still hides that person's name


def test_sponsor_risks_keep_the_words_a_role_starts_with(demo, services):
    s = summarise(demo, services, "sponsor", day=date(2026, 11, 2))
    assert any(": Procurement (" in c.text and "holding up delivery on" in c.text for c in s.risks)  # a label: explained, not swapped
    assert not any("a team member holding" in c.text.lower() for c in s.risks)
