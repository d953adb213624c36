"""Record text is data, never markup: a hostile title ('<!channel> <http://x|click>') reaches every Slack view escaped.

Every free-text field of the demo's records gets markup a person could type; each Slack builder's mrkdwn (and each
message's fallback text, which Slack parses too) must show it as text: no broadcast, no link, no bare '&'."""

from __future__ import annotations

import re

import pytest

from bot.config import load_settings
from bot.engines import Engines, QuestionsRequest, ReadinessRequest, ReportRequest, StatusRequest, SummaryRequest
from bot.services import Services
from store.io import read_program
from store.models import ProgramData
from tests.fixtures.oversight import DEMO_FILE

HOSTILE = " <!channel> <http://x|click> & @here <@U999>"
# Fields a person writes in words (names, titles, notes); ids, states and dates stay as they are.
FREE_TEXT = {"name", "description", "text", "title", "subject", "mitigation", "note", "item", "what", "system", "detail",
             "question", "owner", "lead", "vendor", "blockers", "author", "to", "who"}


def _poison(value, key: str = ""):
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str) and key in FREE_TEXT and value:
        return value + HOSTILE
    return value


def _mrkdwn(payload, out: list[str]) -> list[str]:
    """Every string Slack parses as mrkdwn: mrkdwn text objects, and each message's fallback `text`."""
    if isinstance(payload, dict):
        if payload.get("type") == "mrkdwn" and isinstance(payload.get("text"), str):
            out.append(payload["text"])
        elif "blocks" in payload and isinstance(payload.get("text"), str):
            out.append(payload["text"])
        for v in payload.values():
            _mrkdwn(v, out)
    elif isinstance(payload, list):
        for v in payload:
            _mrkdwn(v, out)
    return out


def _breaches(text: str) -> list[str]:
    found = []
    if "<!" in text or "<http://x" in text or "<@U999" in text:
        found.append("live markup")
    if re.search(r"@(here|channel|everyone)\b", text):
        found.append("live broadcast word")
    if re.search(r"&(?!amp;|lt;|gt;)", text):
        found.append("bare &")
    return found


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    """Each Slack builder's payload on the demo with every free-text field poisoned."""
    from bot.reports.render import integration_text, retro_text, review_text, steering_text
    from bot.slack.views import oversight_builder as ob
    from bot.slack.views.home_builder import build_home
    from bot.slack.views.reports_builder import build_report
    from bot.slack.views.retro_builder import build_retro
    from bot.slack.views.standup_builder import build_summary

    data = read_program(DEMO_FILE)
    hostile = ProgramData.model_validate(_poison(data.model_dump(mode="json")))
    services = Services(load_settings(data_dir=tmp_path_factory.mktemp("hostile")))
    out = {}
    try:
        services.records.import_program(hostile, source="test")
        engines = Engines(services)
        program = hostile.program.id
        status = engines.status(StatusRequest(program=program))
        out["status"] = ob.build_status(status, program)
        out["risks"] = ob.build_risks(engines.risks(program), status.name)
        register = engines.debt_register(program, "all")
        out["debt"] = ob.build_debt(register.rows, register.name)
        out["home"] = build_home(status.name, status=status, risks=engines.risks(program), debt=register.rows)
        for uc in hostile.use_cases[:3]:
            out[f"readiness {uc.id}"] = ob.build_readiness(engines.readiness(ReadinessRequest(program=program, use_case=uc.id)))
            out[f"questions {uc.id}"] = ob.build_questions(engines.questions(QuestionsRequest(program=program, target=uc.id)))
        day = max(u.date for u in hostile.updates)
        for audience in ("team", "sponsor", "steering"):
            out[f"summary {audience}"] = build_summary(engines.standup_summary(SummaryRequest(program=program, audience=audience, day=day)))
        request = ReportRequest(program=program, as_of=day)
        retro = engines.sprint_retro(request)
        out["review"] = build_report(review_text(engines.sprint_review(request)))
        out["retro"] = build_report(retro_text(retro))
        out["retro items"] = build_retro(retro, retro_text(retro), "C1")
        out["integration"] = build_report(integration_text(engines.integration_review(request)))
        out["steering"] = build_report(steering_text(engines.steering_update(request)))
    finally:
        services.close()
    return out


def test_the_poison_reaches_the_views(views):
    """The test is only worth its name if the hostile text is shown (escaped) in each view."""
    for name in ("status", "risks", "debt", "home", "summary team", "integration", "steering"):
        assert any("&lt;!channel&gt;" in t for t in _mrkdwn(views[name], [])), name


@pytest.mark.parametrize("name", ["status", "risks", "debt", "home", "summary team", "summary sponsor", "summary steering",
                                  "review", "retro", "retro items", "integration", "steering"])
def test_hostile_record_text_is_escaped(views, name):
    bad = [f"{why}: {t[:160]}" for t in _mrkdwn(views[name], []) for why in _breaches(t)]
    assert not bad, "\n".join(bad[:10])


def test_readiness_and_questions_escape_too(views):
    bad = [f"[{n}] {why}: {t[:160]}" for n, v in views.items() if n.startswith(("readiness", "questions"))
           for t in _mrkdwn(v, []) for why in _breaches(t)]
    assert not bad, "\n".join(bad[:10])


def test_a_mention_is_made_only_of_a_slack_id():
    from datetime import date

    from bot.slack.views.mrkdwn import channel_link, mention
    from bot.slack.views.standup_builder import build_prompt, build_reminder, build_summary
    from bot.standup.model import Summary

    assert mention("U0123ABC") == "<@U0123ABC>" and mention("Ulla Berg") == "Ulla Berg"
    assert mention("U1> <!here") == "U1&gt; &lt;!here"
    assert channel_link("C0STAND") == "<#C0STAND>" and channel_link("general>") == "general&gt;"
    summary = Summary(program="p", program_name="P", date=date(2026, 5, 6), since=date(2026, 5, 5), audience="team",
                      rag="green", headline="P is GREEN.", not_reported=["Ulla Berg", "U0123ABC"])
    said = " ".join(_mrkdwn(build_summary(summary), []))
    assert "Did not report: Ulla Berg, <@U0123ABC>" in said  # a name starting with U was made '<@Ulla Berg>'
    prompt = " ".join(_mrkdwn(build_prompt(date(2026, 5, 6), ["U0AB12", "x> <!channel"]), []))
    assert "<@U0AB12>" in prompt and "<!channel" not in prompt
    assert "<#" not in " ".join(_mrkdwn(build_reminder("#stand-ups <!here>", date(2026, 5, 6), "1.2"), []))
