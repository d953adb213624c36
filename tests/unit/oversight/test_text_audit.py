"""Every text renderer (CLI, Slack blocks, console, reports, readiness, the debt register) on the demo program and on a
generated one, checked against the house rules for text a person reads (tests/fixtures/text_audit.py)."""

from __future__ import annotations

import re
import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from bot.config import load_settings
from bot.engines import Engines, QuestionsRequest, ReadinessRequest, ReportRequest, StatusRequest, SummaryRequest
from bot.services import Services
from store.sample import generate_program
from tests.fixtures.reports import record_ids
from tests.fixtures.oversight import cli_text as _cli
from tests.fixtures.text_audit import problems, repeated_explanations, report_problems, slack_text as texts

# The debt register's item ids are the handle `compel debt resolve ID` and `/compel debt resolve ID` take: a debt item
# has no name to type instead, so the register shows them (and only there), beside the words.
DEBT_VIEWS = ("cli debt list", "slack debt", "slack home", "console")
# Likewise the risk register's ids are what `compel risk update ID` takes, and decisions' what `decision` commands take.
REGISTER_VIEWS = {"cli risk list": "rk-", "cli decision list": "dec-"}
CONSOLE_FRAME = ("you › ", "compel (only you can see this)", "compel ›")


def _console(settings, engines, services, lines: str) -> str:
    from bot.slack.console.terminal import SlackConsole

    out = io.StringIO()
    console = SlackConsole(settings, engines=engines, state=services.slack_state, out=Console(file=out, width=200, color_system=None, soft_wrap=True))
    console.run(io.StringIO(lines), interactive=False)
    # The console's own frame (who speaks, "Working on …") is not the bot's words; the replies are.
    return "\n".join(line for line in out.getvalue().splitlines() if not line.startswith(CONSOLE_FRAME) and "Working on /compel" not in line)


def _render_all(data_dir: Path, program: str) -> tuple[dict[str, str], set[str], list[str]]:
    """Every renderer's text for one program: name -> text; the program's record ids; its use case names."""
    from bot.reports.render import integration_text, retro_text, review_text, steering_text
    from bot.slack.views import oversight_builder as ob
    from bot.slack.views.reports_builder import build_report
    from bot.slack.views.common_builder import build_help
    from bot.slack.views.home_builder import build_home
    from bot.slack.views.retro_builder import build_retro
    from bot.slack.views.standup_builder import build_summary

    out: dict[str, str] = {}
    out["cli status"] = _cli("status", "--program", program)
    out["cli risks"] = _cli("risks", "--program", program)
    out["cli debt list"] = _cli("debt", "list", "--program", program, "--status", "all")
    for audience in ("team", "sponsor", "steering"):
        out[f"cli summary {audience}"] = _cli("standup", "summary", "--program", program, "--audience", audience)
    out["cli integration"] = _cli("report", "integration", "--program", program)
    out["cli steering"] = _cli("report", "steering", "--program", program)
    out["cli sprint review"] = _cli("sprint", "review", "--program", program)
    out["cli sprint retro"] = _cli("sprint", "retro", "--program", program)
    out["cli risk list"] = _cli("risk", "list", "--program", program)
    out["cli decision list"] = _cli("decision", "list", "--program", program)
    out["cli calendar list"] = _cli("calendar", "list", "--program", program)

    services = Services(load_settings(data_dir=data_dir))
    try:
        engines = Engines(services)
        data = services.records.program(program)
        ids = record_ids(data) | {program}
        names = [uc.name for uc in data.use_cases]
        for uc in data.use_cases[:8]:
            out[f"cli readiness {uc.name}"] = _cli("readiness", uc.id, "--program", program)
            out[f"cli questions {uc.name}"] = _cli("questions", "--use-case", uc.id, "--program", program)
            out[f"slack questions {uc.name}"] = texts(ob.build_questions(engines.questions(QuestionsRequest(program=program, target=uc.id))))
            out[f"slack readiness {uc.name}"] = texts(ob.build_readiness(engines.readiness(ReadinessRequest(program=program, use_case=uc.id))))
        status = engines.status(StatusRequest(program=program))
        out["slack status"] = texts(ob.build_status(status, program))
        # As the `/compel risks` and `/compel debt` listeners call them: the program by name, use cases by name.
        out["slack risks"] = texts(ob.build_risks(engines.risks(program), status.name))
        register = engines.debt_register(program, "all")
        out["slack debt"] = texts(ob.build_debt(register.rows, register.name))
        for audience in ("team", "sponsor", "steering"):
            summary = engines.standup_summary(SummaryRequest(program=program, audience=audience))
            out[f"slack summary {audience}"] = texts(build_summary(summary))
        request = ReportRequest(program=program)
        out["slack sprint review"] = texts(build_report(review_text(engines.sprint_review(request))))
        out["slack sprint retro"] = texts(build_report(retro_text(engines.sprint_retro(request))))
        out["slack integration"] = texts(build_report(integration_text(engines.integration_review(request))))
        out["slack steering"] = texts(build_report(steering_text(engines.steering_update(request))))
        retro = engines.sprint_retro(request)
        out["slack retro items"] = texts(build_retro(retro, retro_text(retro), "C0AUDIT"))
        out["slack home"] = texts(build_home(status.name, status=status, risks=engines.risks(program), debt=register.rows,
                                             next_standup=engines.next_standup(program)))
        out["slack help"] = texts(build_help())
        out["console"] = _console(services.settings, engines, services, "\n".join([
            f"/compel link {program}", "/compel status", "/compel risks", "/compel debt list", f"/compel readiness {names[0]}",
            "/compel standup summary", "/compel sprint review", "/compel sprint retro", "/compel report integration",
            "/compel report steering", "/compel report schedule", "/compel questions", f"/compel questions {names[0]}",
            "/compel standup when", "/compel standup days-off", "/compel help", "",
        ]))
    finally:
        services.close()
    return out, ids, names


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The demo (dated today) and a generated program, each rendered by every text renderer."""
    result = {}
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith(("COMPEL_", "SLACK_", "OPENAI_", "CHROMA_"))]:
            mp.delenv(key)
        mp.setenv("HF_HUB_OFFLINE", "1")
        demo_dir = tmp_path_factory.mktemp("audit-demo")
        mp.setenv("COMPEL_DATA_DIR", str(demo_dir))
        _cli("demo", "load", "--current")
        result["demo"] = _render_all(demo_dir, "halvorsen")

        gen_dir = tmp_path_factory.mktemp("audit-generated")
        mp.setenv("COMPEL_DATA_DIR", str(gen_dir))
        services = Services(load_settings(data_dir=gen_dir))
        try:
            services.records.import_program(generate_program(use_cases=12, sprints=8, updates_per_sprint=2, program_id="gen"), source="test")
        finally:
            services.close()
        result["generated"] = _render_all(gen_dir, "gen")

        # The demo with many new stand-ups in our own words (figures, waits, choices), moved so the last is today:
        # the summaries then carry risks, decisions and technical items from a day no one has read before.
        from datetime import date

        from bot.reports.shift import latest_weekday, shift_program
        from tests.fixtures.reports import generated_program

        busy = generated_program(day=date(2026, 11, 4))
        busy = shift_program(busy, (latest_weekday(date.today()) - date(2026, 11, 4)).days)
        busy_dir = tmp_path_factory.mktemp("audit-busy")
        mp.setenv("COMPEL_DATA_DIR", str(busy_dir))
        services = Services(load_settings(data_dir=busy_dir))
        try:
            services.records.import_program(busy, source="test")
        finally:
            services.close()
        result["busy"] = _render_all(busy_dir, "halvorsen")
    return result


views_program = {"demo": "halvorsen", "generated": "gen", "busy": "halvorsen"}


@pytest.mark.parametrize("program", ["demo", "generated", "busy"])
def test_every_renderer_reads_cleanly(rendered, program):
    views, ids, _ = rendered[program]
    report = []
    for name, text in views.items():
        assert text.strip(), f"{name} rendered nothing"
        handles = tuple(i for i in ids if i.startswith("debt-")) if name in DEBT_VIEWS else ()
        if name in REGISTER_VIEWS:
            handles += tuple(i for i in ids if i.startswith(REGISTER_VIEWS[name]))
        if name == "console":
            handles += (views_program[program],)  # `/compel link ID` confirms the id the admin typed
        report += [f"[{name}] {p}" for p in problems(text, ids=ids, handles=handles, figures=True)]
        # The console prints commands without their code quotes, so a usage's example date ("skip=2026-12-28") shows.
        report += [f"[{name}] {p}" for p in report_problems(text) if name != "console" or not p.startswith("machine date")]
    assert not report, f"{len(report)} problems:\n" + "\n".join(report[:60])


def test_the_audit_covers_every_renderer(rendered):
    views, _, _ = rendered["demo"]
    kinds = {name.split(" ", 1)[0] for name in views}
    assert kinds == {"cli", "slack", "console"}
    for part in ("status", "risks", "debt", "summary sponsor", "steering", "integration", "sprint review", "sprint retro",
                 "readiness", "questions", "home", "retro items", "help", "risk list", "decision list", "calendar list"):
        assert any(part in name for name in views), part


@pytest.mark.parametrize("program", ["demo", "generated", "busy"])
def test_summaries_and_steering_explain_each_term_once(rendered, program):
    views, _, _ = rendered[program]
    report = [f"[{name}] {p}" for name, text in views.items() if "summary" in name or "steering" in name
              for p in repeated_explanations(text)]
    assert not report, "\n".join(report)


@pytest.mark.parametrize("program", ["demo", "generated", "busy"])
def test_what_sponsors_and_steering_read_has_no_severity_tags(rendered, program):
    """A sponsor reads sentences: a severity is said in words ("a serious signal"), not tagged on as "(high)"."""
    views, _, _ = rendered[program]
    tagged = [f"[{name}] {line.strip()}" for name, text in views.items()
              if any(part in name for part in ("summary sponsor", "summary steering", "steering", "status"))
              for line in text.splitlines() if re.search(r"\((?:critical|high|medium|low)\)", line)]
    assert not tagged, "\n".join(tagged[:20])
