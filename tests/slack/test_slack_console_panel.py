"""`compel console` shows the assistant panel: its prompts, the status line, streamed text and the feedback control."""

from __future__ import annotations

import io

from rich.console import Console

from bot.slack.console.terminal import SlackConsole
from tests.fixtures.slack import FakeEngines, slack_settings
from tests.slack.test_slack_assistant import LLMEngines


def run_console(tmp_path, lines: str, engines: FakeEngines | None = None) -> str:
    out = io.StringIO()
    console = SlackConsole(slack_settings(tmp_path, admins=[]), engines=engines or FakeEngines(), out=Console(file=out, width=200, color_system=None))
    console.run(io.StringIO(lines), interactive=False)
    return out.getvalue()


def test_the_panel_opens_with_prompts_and_answers_with_status_title_and_feedback(tmp_path):
    text = run_console(tmp_path, "/assistant\n/prompt 1\n!1\n/a and who decides?\n")
    assert "Try one about Acme AI:" in text and "Riskiest use case" in text
    assert "compel is reading the program's records…" in text
    assert "thread title: Which use case in Acme AI is the riskiest right now, and why?" in text
    assert "compel (assistant panel)" in text and "Keep 15 to 20 percent" in text
    assert "👍 Helpful" in text and "Thanks, your feedback (helpful)" in text
    assert text.index("compel is reading") < text.index("Keep 15 to 20 percent")


def test_an_llm_answer_streams_in_the_console(tmp_path):
    text = run_console(tmp_path, "/a When do we ask for source-system access?\n", LLMEngines())
    assert "compel (assistant panel, streaming)" in text
    assert "▍Ask for access to source systems early. [1]" in text and "compel (stream finished)" in text


def test_a_mistyped_console_command_is_not_misread(tmp_path):
    text = run_console(tmp_path, "/compell risks\n/compel stauts\n")
    assert "unknown console command /compell; did you mean /compel?" in text
    assert "Did you mean status?" in text.replace("`", "")
    assert "I don't know l" not in text
