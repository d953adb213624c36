"""Reports in Slack through the fake Slack: scheduled posts with their chart uploaded beside the text, `/compel report schedule`, and a
shared sprint review taking its chart along; a failed upload never loses the text."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from slack_bolt import BoltRequest

from bot.engines import Engines, ReportRequest
from bot.services import Services
from bot.slack.app import build_client
from bot.slack.console import payloads
from bot.slack.poster import SlackPoster
from bot.standup.cadence import ReportSchedule
from store.io import read_program
from tests.fixtures.fake_slack import texts
from tests.fixtures.slack import ADMIN, SECRET
from tests.fixtures.slack_harness import DEMO, DemoSlackHarness
from tests.paths import ROOT

CHANNEL, USER = "CBOARD", "UHANNAH"
UTC = timezone.utc
PNG = b"\x89PNG\r\n\x1a\n"


class ReportHarness(DemoSlackHarness):
    """The Slack app with the real engines on the fake Slack, the demo program loaded, and a scheduler posting through Slack."""

    channel, user = CHANNEL, USER

    def __init__(self, tmp_path) -> None:
        super().__init__(tmp_path)
        self.store = self.services.standups.store
        self.scheduler = self.services.standups.scheduler(SlackPoster(build_client(self.settings), self.engines), replica="test")

    def press(self, button: dict, block_id: str, user: str = USER) -> None:
        payload = payloads.block_action(button, block_id=block_id, user=user, channel=CHANNEL, message_ts="1.1",
                                        response_url=self.fake.response_url(), ephemeral=True)
        self.dispatch(payloads.interactive_body(payload))

    def uploads(self) -> list[dict]:
        return [u for u in self.fake.local.uploads.values() if u.get("channel")]



@pytest.fixture
def h(tmp_path):
    harness = ReportHarness(tmp_path)
    yield harness
    harness.close()


def _schedule(h: ReportHarness, report: str, **kw) -> None:
    values = dict(channel=CHANNEL, program="halvorsen", report=report, cadence="monthly", day_of_month=30, at=time(9, 0), timezone="UTC")
    values.update(kw)
    h.store.save_report_schedule(ReportSchedule(**values), datetime(2026, 11, 1, tzinfo=UTC).timestamp())


def test_a_scheduled_steering_update_posts_its_text_then_its_chart_in_the_thread(h):
    _schedule(h, "steering")
    out = h.scheduler.tick(datetime(2026, 11, 30, 9, 5, tzinfo=UTC))
    assert [(o.kind, o.result) for o in out] == [("steering", "posted")]
    posts = h.fake.local.calls_to("chat.postMessage")
    assert posts and posts[0].args["channel"] == CHANNEL and "Steering" in texts(posts[0].args)
    [upload] = h.uploads()
    assert upload["channel"] == CHANNEL and upload["thread_ts"] == posts[0].response["ts"]
    assert upload["data"].startswith(PNG) and upload["filename"] == "steering-2026-11-30.png"
    assert h.store.run(CHANNEL, date(2026, 11, 30), "steering").status == "posted"


def test_a_refused_upload_keeps_the_text_and_the_post_counts_as_made(h):
    h.fake.local.refuse("files.getUploadURLExternal", "missing_scope")
    _schedule(h, "steering")
    out = h.scheduler.tick(datetime(2026, 11, 30, 9, 5, tzinfo=UTC))
    assert [o.result for o in out] == ["posted"]
    text = texts([c.args for c in h.fake.local.calls_to("chat.postMessage")])
    assert "Debt register" in text or "debt" in text.lower()  # the report itself, complete without the picture
    assert h.uploads() == []
    # Posted once: a later tick does not try again (which would repeat the text).
    assert h.scheduler.tick(datetime(2026, 11, 30, 9, 30, tzinfo=UTC)) == []


def test_a_scheduled_integration_review_has_no_chart(h):
    _schedule(h, "integration", cadence="weekly", weekday="mon")
    out = h.scheduler.tick(datetime(2026, 11, 30, 9, 5, tzinfo=UTC))  # a Monday
    assert [(o.kind, o.result) for o in out] == [("integration", "posted")]
    assert "Integration review" in texts([c.args for c in h.fake.local.calls_to("chat.postMessage")])
    assert h.fake.local.calls_to("files.getUploadURLExternal") == []


def test_report_schedule_command_is_for_admins_and_lists_for_everyone(h):
    assert h.command("report schedule steering monthly on=31 at=09:00 tz=Europe/Oslo") == []
    assert "admins" in h.ack.body
    out = h.command("report schedule steering monthly on=31 at=09:00 tz=Europe/Oslo skip=2026-12-31", user=ADMIN)
    assert "monthly on day 31" in texts(out[-1]) and "31 Dec 2026" in texts(out[-1])
    out = h.command("report schedule integration on=tue at=14:30")
    assert out == [] and "admins" in h.ack.body
    out = h.command("report schedule integration on=tue at=14:30", user=ADMIN)
    assert "every Tuesday at 14:30 (UTC)" in texts(out[-1])
    listed = texts(h.command("report schedule")[-1])
    assert "integration review" in listed and "steering update" in listed
    bad = texts(h.command("report schedule integration on=someday", user=ADMIN)[-1])
    assert "weekday" in bad and "Traceback" not in bad
    assert "no longer posted" in texts(h.command("report schedule steering off", user=ADMIN)[-1])
    assert [s.report for s, _ in h.store.report_schedules_saved()] == ["integration"]


def test_sharing_a_sprint_review_takes_its_chart_along(h):
    out = h.command("sprint review 6")
    assert "sprint 6" in texts(out[-1])
    share = next(e for b in out[-1]["blocks"] if b.get("type") == "actions" for e in b["elements"] if e.get("action_id") == "share_result")
    block = next(b for b in out[-1]["blocks"] if b.get("type") == "actions" and share in b["elements"])
    h.press(share, block.get("block_id", "share"))
    posts = h.fake.local.calls_to("chat.postMessage")
    assert posts and "sprint 6" in texts(posts[0].args)
    [upload] = h.uploads()
    assert upload["thread_ts"] == posts[0].response["ts"] and upload["filename"] == "sprint-6-review.png" and upload["data"].startswith(PNG)


# --- the retro with its modal ----------------------------------------------------------------------


def _interactive(h: ReportHarness, payload: dict):
    body = payloads.interactive_body(payload)
    resp = h.app.dispatch(BoltRequest(body=body, headers={"content-type": "application/x-www-form-urlencoded", **payloads.sign(SECRET, body)}))
    assert h.executor.wait_idle(60)
    return resp


def _buttons(message: dict) -> dict[str, dict]:
    return {e["action_id"]: e for b in message["blocks"] if b.get("type") == "actions" for e in b["elements"]}


def _submission(view: dict, user: str, what: str, owner: str, due: str) -> dict:
    values = {"what": {"text": {"type": "plain_text_input", "value": what}}, "owner": {"text": {"type": "plain_text_input", "value": owner}},
              "due": {"number": {"type": "number_input", "value": due}}}
    return {"type": "view_submission", "user": {"id": user}, "team": {"id": payloads.TEAM}, "api_app_id": payloads.APP_ID, "token": "local",
            "trigger_id": "t1", "view": {**view, "id": "VRETRO", "state": {"values": values}}}


def test_the_retro_modal_records_an_action_item_with_owner_and_due_sprint(h):
    import json

    out = h.command("sprint retro")
    buttons = _buttons(out[-1])
    assert "retro_add_open" in buttons and "/compel sprint retro add" in texts(out[-1])  # the console's way, in words
    press = dict(block_id="controls:retro_actions", channel=CHANNEL, message_ts="1.1", ephemeral=True)

    url = h.fake.response_url()
    _interactive(h, payloads.block_action(buttons["retro_add_open"], user=USER, response_url=url, **press))
    assert h.fake.local.calls_to("views.open") == []
    assert "for admins" in texts([c.args for c in h.fake.local.calls_to("response_url") if c.args.get("url") == url])

    _interactive(h, payloads.block_action(buttons["retro_add_open"], user=ADMIN, response_url=h.fake.response_url(), **press))
    [opened] = h.fake.local.calls_to("views.open")
    view = json.loads(opened.args["view"]) if isinstance(opened.args["view"], str) else opened.args["view"]
    sprint = int(view["private_metadata"].split("|")[2])
    assert view["callback_id"] == "retro_action" and view["private_metadata"].startswith(f"{CHANNEL}|halvorsen|")

    refused = _interactive(h, _submission(view, ADMIN, "Pair on the flaky load test", "", str(sprint - 1)))
    errors = json.loads(refused.body)["errors"]
    assert set(errors) == {"owner", "due"}

    _interactive(h, _submission(view, ADMIN, "Pair on the flaky load test", "Platform lead", str(sprint + 1)))
    [item] = [i for i in h.engines.sprint_retro(ReportRequest(program="halvorsen")).items if i.text == "Pair on the flaky load test"]
    assert (item.owner, item.due_sprint, item.status) == ("Platform lead", sprint + 1, "open")
    confirmation = texts([c.args for c in h.fake.local.calls_to("chat.postEphemeral")])
    assert "Action item recorded" in confirmation and f"due in sprint {sprint + 1}" in confirmation

    out = h.command("sprint retro")
    done = _buttons(out[-1])[f"retro_item_done_{item.number}"]
    _interactive(h, payloads.block_action(done, user=ADMIN, response_url=h.fake.response_url(), **press))
    [after] = [i for i in h.engines.sprint_retro(ReportRequest(program="halvorsen")).items if i.number == item.number]
    assert after.status == "done"


def test_a_shared_retro_leaves_its_buttons_and_console_hint_behind(h):
    out = h.command("sprint retro")
    share = _buttons(out[-1])["share_result"]
    block = next(b for b in out[-1]["blocks"] if b.get("type") == "actions" and share in b["elements"])
    h.press(share, block.get("block_id", "share"))
    posted = [c.args for c in h.fake.local.calls_to("chat.postMessage")]
    assert posted and "retro_add_open" not in str(posted) and "/compel sprint retro add" not in texts(posted)


def test_the_manifest_grants_the_scope_the_chart_upload_needs():
    import yaml

    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text(encoding="utf-8"))
    assert "files:write" in manifest["oauth_config"]["scopes"]["bot"]  # files.getUploadURLExternal and completeUploadExternal


def test_the_retro_and_review_messages_and_the_modal_stay_within_slack_limits(h):
    from bot.reports.model import ActionLine
    from bot.reports.render import retro_text, review_text
    from bot.slack.views.limits import check_message
    from bot.slack.views.retro_builder import build_action_modal, build_retro, build_review

    retro = h.engines.sprint_retro(ReportRequest(program="halvorsen"))
    many = retro.model_copy(update={"items": [ActionLine(number=n, text=f"Action {n}", owner="Platform lead", due_sprint=9, status="open")
                                               for n in range(1, 12)]})
    review = h.engines.sprint_review(ReportRequest(program="halvorsen", sprint=6))
    messages = [*build_retro(many, retro_text(many), CHANNEL), *build_review(review, review_text(review), CHANNEL)]
    for msg in messages:
        assert check_message(msg) == []
    for block in (b for m in messages for b in m["blocks"] if b.get("type") == "actions"):
        ids = [e["action_id"] for e in block["elements"]]
        assert len(ids) == len(set(ids))  # Slack refuses a block whose buttons share an action id
    modal = build_action_modal(CHANNEL, "halvorsen", 7)  # Slack's modal limits: title 24, labels 2000, placeholders 150
    assert len(modal["title"]["text"]) <= 24 and len(modal["private_metadata"]) <= 3000 and len(modal["blocks"]) <= 100
    for block in modal["blocks"]:
        assert block["type"] == "input" and len(block["label"]["text"]) <= 2000
        assert len((block["element"].get("placeholder") or {}).get("text", "")) <= 150


def test_the_console_writes_a_shared_reviews_chart_to_a_file_and_keeps_the_retro_in_text(tmp_path):
    import io

    from rich.console import Console

    from bot.config import load_settings
    from bot.slack.console.terminal import SlackConsole

    services = Services(load_settings(data_dir=tmp_path / "data"))
    try:
        services.records.import_program(read_program(DEMO), source="demo")
        out = io.StringIO()
        console = SlackConsole(services.settings, engines=Engines(services), state=services.slack_state,
                               out=Console(file=out, width=220, color_system=None))
        # The review's buttons, numbered as the console shows them: 1 records a retro action item, 2 shares the result.
        console.run(io.StringIO("/compel sprint review 6\n/click 2\n"), interactive=False)
    finally:
        services.close()
    shown = out.getvalue()
    assert " 2  " in shown and "Share in channel" in shown.split(" 2  ")[1][:40]
    charts = list((tmp_path / "data" / "charts").glob("*.png"))
    assert [c.name for c in charts] == ["sprint-6-review.png"] and charts[0].read_bytes().startswith(PNG)
    assert "written to" in shown and "/compel sprint retro add" in shown


def test_the_retro_in_slack_names_no_command_line_step(h):
    out = h.command("sprint retro")
    assert "compel sprint retro --action" not in texts(out)
