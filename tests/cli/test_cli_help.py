"""Every `compel` command's --help says what it does, gives examples that parse, names the settings it reads and the exit codes."""

from __future__ import annotations

import shlex

import click
import pytest

from bot.cli import cli
from bot.cli.helptext import EXAMPLES
from bot.config import Settings, _env_name
from tests.fixtures.oversight import run_cli as run

_ENV = {_env_name(f) for f in Settings.model_fields} | {"CHROMA_HOST", "CHROMA_PORT", "OPENAI_API_KEY", "OPENAI_BASE_URL",
                                                         "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"}


def _paths(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _paths(cmd, (*prefix, name))


PATHS = [p for p, _ in _paths()]


def _parses(example: str) -> None:
    """The example's arguments are accepted by the command it names (options, choices, dates); nothing runs."""
    words = shlex.split(example.split("|")[-1])
    args = words[words.index("compel") + 1:]
    cmd: click.Command = cli
    ctx = click.Context(cli, info_name="compel")
    while isinstance(cmd, click.Group) and args:
        name = args.pop(0)
        cmd = cmd.get_command(ctx, name)
        assert cmd is not None, (example, name)
    if not isinstance(cmd, click.Group):
        try:
            cmd.make_context(cmd.name, args, parent=ctx)
        except click.BadParameter as exc:  # an example's input file is the reader's own (questions.txt)
            assert "does not exist" in exc.format_message(), (example, exc.format_message())


@pytest.mark.parametrize("path", [(), *PATHS], ids=lambda p: " ".join(p) or "compel")
def test_help_has_examples_settings_and_exit_codes(capsys, path):
    code, out, err = run(capsys, *path, "--help")
    assert code == 0 and not err
    key = " ".join(path)
    examples = EXAMPLES.get(key)
    assert examples, f"no examples for `compel {key}`"
    assert "Examples:" in out and all(e in out for e in examples)
    for example in examples:
        assert f"compel {key}" in example
        _parses(example)
    settings = out.split("Settings it reads:")[1].split("(see")[0]
    named = [s.strip() for s in " ".join(settings.split()).split(",")]
    assert named and set(named) <= _ENV, set(named) - _ENV
    assert "Exit codes: 0 done; 2 " in " ".join(out.split())
    assert "%Y" not in out
    if "Commands:" in out:  # each subcommand's line is a whole sentence, never cut short
        listing = out.split("Commands:")[1].split("Examples:")[0]
        assert "..." not in listing and "e.g." not in listing, listing


def test_every_listed_example_belongs_to_a_command():
    assert set(EXAMPLES) - {""} <= {" ".join(p) for p in PATHS}
