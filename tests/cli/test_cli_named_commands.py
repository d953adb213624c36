"""Every `compel …` command the README, a help text or a message names exists, down to its subcommand."""

from __future__ import annotations

import re

import click

from bot.cli import cli
from tests.paths import ROOT

# `compel WORD [WORD]` in backticks, as commands are written (the Slack command `/compel status` has its slash).
_NAMED = re.compile(r"`compel ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?")


def _sources() -> dict[str, str]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "bot").rglob("*.py")),
             *sorted((ROOT / "knowledge").glob("*.py")), *sorted((ROOT / "store").glob("*.py"))]
    return {str(f.relative_to(ROOT)): f.read_text(encoding="utf-8") for f in files}


def test_every_named_compel_command_exists():
    ctx = click.Context(cli)
    wrong = []
    for where, text in _sources().items():
        for first, second in _NAMED.findall(text):
            if first in ("bot", "s", "is"):  # prose: "compel-bot", "compel's", "compel is …"
                continue
            cmd = cli.get_command(ctx, first)
            if cmd is None:
                wrong.append(f"{where}: compel {first}")
            elif isinstance(cmd, click.Group) and second and cmd.get_command(ctx, second) is None:
                wrong.append(f"{where}: compel {first} {second}")
    assert wrong == []


def test_every_setting_the_readme_names_is_read_by_the_settings():
    from bot.config import Settings, _env_name

    known = {_env_name(f) for f in Settings.model_fields}
    named = set(re.findall(r"`(COMPEL_[A-Z_]+)`", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert named and named <= known, named - known
