"""Record modals through the fake Slack with the real engines on the demo program: opening, field errors, writes."""

from __future__ import annotations

import json

import pytest

from bot.engines import Engines
from bot.oversight.record_forms import Choices, FormField, Form, check, form
from bot.services import Services
from bot.slack.console import payloads
from store.io import read_program
from store.records import RecordStore
from tests.fixtures.fake_slack import texts
from tests.fixtures.slack import ADMIN, slack_settings
from tests.fixtures.slack_harness import DEMO, DemoSlackHarness

CHANNEL = "CRECORDS"


class ModalHarness(DemoSlackHarness):
    """The Slack app on the fake Slack over the real engines, the demo program loaded."""

    channel, user = CHANNEL, ADMIN

    def __init__(self, tmp_path) -> None:
        super().__init__(tmp_path)
        self.records = self.services.records

    def command(self, text: str, user: str = ADMIN):
        replies = super().command(text, user)
        return self.ack, replies

    def opened(self) -> list[dict]:
        views = [c.args["view"] for c in self.fake.local.calls_to("views.open")]
        return [json.loads(v) if isinstance(v, str) else v for v in views]

    def submit(self, view: dict, values: dict[str, dict], user: str = ADMIN):
        """Submit the view with `values` (block id -> element state) as Slack would."""
        state = {"values": {block: {"value": element} for block, element in values.items()}}
        payload = {"type": "view_submission", "user": {"id": user}, "team": {"id": payloads.TEAM}, "api_app_id": payloads.APP_ID,
                   "token": "local", "trigger_id": "t-sub", "view": {**view, "id": "VREC", "state": state}}
        resp = self.dispatch(payloads.interactive_body(payload))
        return json.loads(resp.body) if resp.body else {}

    def ephemerals(self) -> str:
        return texts([c.args for c in self.fake.local.calls_to("chat.postEphemeral")])


def text(value: str) -> dict:
    return {"type": "plain_text_input", "value": value}


def pick(value: str) -> dict:
    return {"type": "static_select", "selected_option": {"value": value, "text": {"type": "plain_text", "text": value}}}


def day(value: str) -> dict:
    return {"type": "datepicker", "selected_date": value}


@pytest.fixture
def h(tmp_path):
    harness = ModalHarness(tmp_path)
    yield harness
    harness.close()


def test_risk_add_without_details_opens_a_form_and_a_bad_date_is_shown_on_its_field(h):
    ack, replies = h.command("risk add")
    assert ack.status == 200 and not ack.body  # no "working" line left behind
    [view] = h.opened()
    assert view["callback_id"] == "record_form" and view["private_metadata"] == f"{CHANNEL}|halvorsen|risk add"
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["title", "severity", "owner", "mitigation", "review", "use_case"]
    assert {o["text"]["text"] for o in view["blocks"][-2]["element"]["options"]} >= {"Demand forecasting", "Spot pricing"}
    assert view["blocks"][-1]["elements"][0]["text"].startswith("Or type it: `/compel risk add TITLE | severity high")
    before = len(h.records.records("halvorsen", "risks"))

    refused = h.submit(view, {"title": text("Warehouse lease may not be renewed"), "review": text("end of month")})
    assert refused["response_action"] == "errors" and list(refused["errors"]) == ["review"]
    assert "YYYY-MM-DD" in refused["errors"]["review"]
    empty = h.submit(view, {"title": text("   ")})
    assert list(empty["errors"]) == ["title"]
    assert len(h.records.records("halvorsen", "risks")) == before  # nothing written by a refused form

    assert h.submit(view, {"title": text("Warehouse lease may not be renewed"), "severity": pick("high"), "owner": text("Diego Santos"),
                           "review": day("2026-12-15"), "use_case": pick("uc-route")}) == {}
    [risk] = [r for r in h.records.records("halvorsen", "risks") if r.title == "Warehouse lease may not be renewed"]
    assert (risk.id, risk.severity, risk.owner, risk.use_case, str(risk.review_by)) == ("rk-005", "high", "Diego Santos", "uc-route", "2026-12-15")
    assert "Added risk rk-005" in h.ephemerals()


def test_the_forms_are_for_admins_only(h):
    ack, _ = h.command("risk add", user="UNOTADMIN")
    assert "admins" in ack.body and not h.opened()
    h.command("decision add")
    [view] = h.opened()
    crafted = h.submit(view, {"title": text("Open a third depot?"), "owner": text("Ana Ruiz")}, user="UNOTADMIN")
    assert crafted["response_action"] == "errors" and "admins" in crafted["errors"]["title"]
    assert not [d for d in h.records.decisions("halvorsen") if d.question == "Open a third depot?"]


def test_text_after_the_command_keeps_the_text_path(h):
    _, replies = h.command("risk add Depot roof repairs may close bay 3 | severity medium | owner Ana Ruiz")
    assert not h.opened() and "Added risk rk-005" in texts(replies)
    _, replies = h.command("risk update rk-004 | owner Diego Santos | status mitigated")
    assert "Updated risk rk-004" in texts(replies)
    updated = next(r for r in h.records.records("halvorsen", "risks") if r.id == "rk-004")
    assert (updated.owner, updated.status) == ("Diego Santos", "mitigated")
    _, replies = h.command("risk update rk-044 | status closed")
    assert "No risk 'rk-044'" in texts(replies)


def test_risk_update_form_changes_only_what_is_given_and_needs_one_change(h):
    h.command("risk update")
    [view] = h.opened()
    assert [o["value"] for o in view["blocks"][0]["element"]["options"]] == ["rk-001", "rk-002", "rk-003", "rk-004"]
    nothing = h.submit(view, {"title": pick("rk-002")})
    assert list(nothing["errors"]) == ["status"]
    assert h.submit(view, {"title": pick("rk-002"), "review": day("2026-12-04")}) == {}
    risk = next(r for r in h.records.records("halvorsen", "risks") if r.id == "rk-002")
    assert str(risk.review_by) == "2026-12-04" and risk.owner == "Diego Santos" and risk.status == "open"


def test_debt_forms_resolve_an_open_item_and_add_a_judged_one(h):
    h.command("debt resolve")
    [view] = h.opened()
    options = [o["value"] for o in view["blocks"][0]["element"]["options"]]
    assert "debt-001" in options and "debt-008" not in options  # only open items can be resolved
    assert h.submit(view, {"title": pick("debt-004")}) == {}
    assert next(d for d in h.records.debt("halvorsen") if d.id == "debt-004").status == "resolved"
    assert "Resolved debt-004" in h.ephemerals()

    h.command("debt add")
    view = h.opened()[-1]
    bad = h.submit(view, {"title": text("Claims triage model answers customers with no sign-off from the review board"), "sprint": text("soon")})
    assert list(bad["errors"]) == ["sprint"]
    assert h.submit(view, {"title": text("Claims triage model answers customers with no sign-off from the review board"), "use_case": pick("uc-support")}) == {}
    [item] = [d for d in h.records.debt("halvorsen") if d.description.startswith("Claims triage")]
    assert item.id == "debt-009" and item.category == "compliance_violation"


def test_milestone_and_escalation_forms(h):
    h.command("milestone")
    [view] = h.opened()
    missing = h.submit(view, {"title": pick("uc-pricing"), "milestone": pick("integration_testing_passed")})
    assert list(missing["errors"]) == ["status"]
    assert h.submit(view, {"title": pick("uc-pricing"), "milestone": pick("integration_testing_passed"), "status": pick("at_risk")}) == {}
    assert h.records.use_case("halvorsen", "uc-pricing").milestones.integration_testing_passed.status == "at_risk"
    assert "integration testing passed is now at risk" in h.ephemerals()
    h.command("escalate")
    view = h.opened()[-1]
    assert h.submit(view, {"title": text("Fuel feed vendor not answering"), "to": text("Procurement director")}) == {}
    assert any(e.subject == "Fuel feed vendor not answering" for e in h.records.records("halvorsen", "escalations"))


def test_a_form_with_nothing_to_pick_says_so_instead_of_opening(h):
    for item in h.records.debt("halvorsen", "open"):
        h.records.resolve_debt("halvorsen", item.id)
    _, replies = h.command("debt resolve")
    assert not h.opened() and "There is no open debt item to pick" in texts(replies)


# --- the checks themselves, without Slack -------------------------------------------------------------


def test_check_fires_on_each_kind_of_mistake_and_passes_good_input():
    spec = form("decision add", Choices(use_cases=[("uc-a", "Parcel sorting"), ("uc-b", "Fleet upkeep")]))
    assert check(spec, {"title": "Who signs off the pilot?", "owner": "Ana Ruiz", "deadline": "2026-12-01"}) == {}
    assert set(check(spec, {"title": "", "owner": ""})) == {"title", "owner"}
    assert set(check(spec, {"title": "Q?", "owner": "A", "deadline": "2026-13-40"})) == {"deadline"}
    typed = {"title": "Q?", "owner": "A", "use case": "parcel sorting"}
    assert check(spec, typed) == {} and typed["use case"] == "uc-a"  # a typed name stands for its option
    near = check(spec, {"title": "Q?", "owner": "A", "use case": "Parcel sortng"})
    assert "did you mean Parcel sorting?" in near["use case"]
    sprint = Form(action="debt add", title="t", fields=[FormField(key="sprint", label="Sprint", kind="number")])
    assert check(sprint, {"sprint": "9"}) == {} and set(check(sprint, {"sprint": "0"})) == {"sprint"}


def test_the_modal_for_a_large_program_types_the_use_case_instead_of_a_list_slack_refuses():
    from bot.slack.views.records_modal_builder import build_record_modal

    many = Choices(use_cases=[(f"uc-{i}", f"Use case number {i}") for i in range(150)])
    view = build_record_modal(form("escalate", many), "C1", "big")
    [uc] = [b for b in view["blocks"] if b.get("block_id") == "use_case"]
    assert uc["element"]["type"] == "plain_text_input" and uc["hint"]["text"] == "Type the name"
    few = build_record_modal(form("escalate", Choices()), "C1", "big")
    assert [b["block_id"] for b in few["blocks"] if b["type"] == "input"] == ["title", "to"]  # nothing to pick: left out, not empty


def test_the_console_shows_the_form_with_its_text_form_and_takes_the_text(tmp_path):
    import io

    from rich.console import Console

    from bot.slack.console.terminal import SlackConsole

    settings = slack_settings(tmp_path, admins=[], program="halvorsen")
    RecordStore(settings).import_program(read_program(DEMO))
    services = Services(settings)
    out = io.StringIO()
    console = SlackConsole(settings, engines=Engines(services), out=Console(file=out, width=200, color_system=None))
    try:
        console.run(io.StringIO("/compel risk add\n/compel risk add Depot roof may leak in winter | severity low | owner Ana Ruiz\n/quit\n"), interactive=False)
    finally:
        console.close()
    text = out.getvalue()
    assert "compel opened a form: Add a risk" in text and "Or type it: /compel risk add TITLE" in text.replace("`", "")
    assert "Added risk rk-005" in text
    assert any(r.title == "Depot roof may leak in winter" for r in services.records.records("halvorsen", "risks"))
    services.close()


def test_the_slack_debt_list_and_app_home_name_use_cases(h):
    _, replies = h.command("debt list")
    body = texts(replies)
    assert "use case Demand forecasting" in body and "uc-demand" not in body
    from bot.slack.deps import SlackDeps
    from bot.slack.home import home_view

    deps = SlackDeps(settings=h.settings, engines=Engines(h.services), state=h.state, respond=lambda url, payload: None)
    home = texts(home_view(deps, ADMIN, CHANNEL))
    assert "use case Support reply drafting" in home and "uc-support" not in home


def test_pick_list_labels_fit_slack_and_name_the_use_case():
    from bot.oversight.record_forms import choices_from
    from store.models import DebtItem, Risk, UseCase

    ucs = [UseCase.model_validate({"id": "uc-a", "name": "Parcel sorting", "workstream": "ws", "stage": "model_development"})]
    long = "Label rules for damaged parcels are kept in a spreadsheet that two planners edit by hand every week"
    debt = [DebtItem(id="debt-001", description=long, use_case="uc-a"), DebtItem(id="debt-002", description="Old", status="resolved")]
    got = choices_from(ucs, debt, [Risk(id="rk-001", title="Sorter vendor may exit", status="mitigated")])
    [(value, label)] = got.open_debt
    assert value == "debt-001" and len(label) <= 75 and label.endswith("…") and " " not in label[-2:]
    assert got.risks == [("rk-001", "Sorter vendor may exit (mitigated)")] and got.use_cases == [("uc-a", "Parcel sorting")]
