"""`compel console`: typed lines pass through the same Bolt app (signed requests) and replies print as text."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from rich.console import Console

from bot.slack.console.terminal import SlackConsole
from tests.fixtures.slack import FakeEngines, slack_settings


def run_console(tmp_path, lines: str, engines: FakeEngines | None = None) -> tuple[str, FakeEngines]:
    engines = engines or FakeEngines()
    out = io.StringIO()
    console = SlackConsole(slack_settings(tmp_path, admins=[]), engines=engines, out=Console(file=out, width=200, color_system=None))
    console.run(io.StringIO(lines), interactive=False)
    return out.getvalue(), engines


def test_a_question_a_follow_up_and_feedback(tmp_path):
    text, engines = run_console(tmp_path, "How much capacity for debt?\n> and who decides?\n!1\n")
    assert "compel (in thread)" in text and "Keep 15 to 20 percent" in text
    assert "[1] Module 2.4 · Article 6 · Technical Debt Management" in text
    assert "👍 Helpful" in text and "Thanks, your feedback (helpful)" in text
    assert engines.asked[1] == ("and who decides?", "acme-ai", ["How much capacity for debt?"])
    assert "*" not in text.split("compel (in thread)")[1].split("\n")[3]  # mrkdwn bold rendered, not shown raw


def test_commands_shortcut_home_and_share(tmp_path):
    text, engines = run_console(tmp_path, "/compel risks\n/click 1\n/compel debt add churn: manual checks\n/shortcut p95 is 900ms\n/home\n/compel nope\n/quit\nnever read\n")
    assert "Working on /compel risks" in text and "Feasibility risk" in text
    assert "Shared from /compel risks" in text and "(the private reply was removed)" in text
    assert engines.debt[-1]["description"] == "manual checks"  # the console's own user is an admin
    assert "teammate p95 is 900ms" in text and "Decision needed" in text and "Terms used" in text
    assert "App Home" in text and "Next stand-up: tomorrow 09:30" in text
    assert "I don't know nope" in text
    assert "never read" not in text


def test_a_failure_prints_the_kind_message_only(tmp_path):
    engines = FakeEngines()
    engines.fail = RuntimeError("internal secret detail")
    text, _ = run_console(tmp_path, "anything\n", engines)
    assert "Sorry, something went wrong" in text and "internal secret detail" not in text


def test_compel_run_indexes_loads_the_demo_and_opens_the_console_on_piped_stdin(tmp_path):
    """The README's main job, with no Slack tokens: it ends in the console, which reads stdin that is not a tty."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COMPEL_", "OPENAI_", "CHROMA_"))}
    env.update(COMPEL_DATA_DIR=str(tmp_path / "data"), HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        input="How much sprint capacity goes to technical debt remediation?\n/compel status\n",
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Loaded the demo program" in proc.stderr and "opening the console" in proc.stderr
    assert "compel (in thread)" in proc.stdout and "[1] Module" in proc.stdout
    assert "Status — " in proc.stdout and "Workstreams" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_a_second_console_session_on_the_same_data_is_answered(tmp_path):
    """The bot keeps the trigger ids it ran (a replay is not run twice); a new console process must not reuse them."""
    import importlib

    from bot.slack.console import payloads

    first, _ = run_console(tmp_path, "/compel risks\n")
    importlib.reload(payloads)  # what a new `compel console` process starts from
    second, _ = run_console(tmp_path, "/compel risks\n")
    assert "Feasibility risk" in first and "Feasibility risk" in second, second


def test_what_a_user_types_wrong_in_slack_reads_as_a_sentence_naming_the_fix(tmp_path):
    """A refusal opens with a capital, and `/compel questions X` that is neither a use case nor a stage names both."""
    from bot.engines import Engines

    from tests.fixtures.oversight import load_demo

    load_demo()  # into the test's data dir (tests/fixtures)
    engines = Engines.from_settings()
    try:
        out = io.StringIO()
        settings = slack_settings(tmp_path, admins=["UCONSOLE"], program="halvorsen", data_dir=engines.settings.data_dir)
        console = SlackConsole(settings, engines=engines, out=Console(file=out, width=2000, color_system=None))
        console.run(io.StringIO("/compel questions nonsense\n/compel risk add Vendor may leave | severity huge\n"), interactive=False)
    finally:
        engines.close()
    text = out.getvalue()
    assert "No use case 'nonsense' in Halvorsen Freight AI Transformation." in text
    assert "Or name a stage: data preparation, model development, integration, deployment, production." in text
    assert "Severity 'huge' is not one of: low, medium, high, critical." in text
