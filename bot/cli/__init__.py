"""`compel ...`: the command line. Each command group is a module of this package, imported only when used.

Not to be confused with `bot/slack/listeners/commands/`, the Slack face's `/compel` listener.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys

import click

from bot.errors import KIND_MESSAGE, UserFacingError, as_sentence, from_os_error

log = logging.getLogger(__name__)

# name -> "module:attribute"; loaded lazily so `compel ask` does not pay for Slack or SQLAlchemy imports.
COMMANDS: dict[str, tuple[str, str]] = {
    "index": ("bot.cli.knowledge:index", "Index BoK files or folders (txt, md, pdf) and the knowledge pack."),
    "ask": ("bot.cli.knowledge:ask", "Answer a question from the BoK and program records, with citations."),
    "translate": ("bot.cli.translate:translate", "Translate an engineer's update into business language."),
    "records": ("bot.cli.records:records", "Import, export and list program records."),
    "demo": ("bot.cli.records:demo", "Load the demo program."),
    "risks": ("bot.cli.oversight:risks", "Risk signals found in a program's records."),
    "questions": ("bot.cli.oversight:questions", "The BoK's questions for a stage or a use case."),
    "readiness": ("bot.cli.oversight:readiness", "Deployment readiness of a use case across the four pillars."),
    "debt": ("bot.cli.oversight:debt", "The technical-debt register: list, add, resolve."),
    "risk": ("bot.cli.records_kept:risk", "The risk register: add, update, list."),
    "decision": ("bot.cli.records_kept:decision", "Decisions the program needs: add, list."),
    "milestone": ("bot.cli.records_kept:milestone", "Set a use case's milestone status."),
    "status": ("bot.cli.oversight:status", "Use cases by stage and milestone; RAG status per workstream."),
    "serve": ("bot.cli.slack:serve", "Connect to Slack (Socket Mode, or HTTP with --http)."),
    "console": ("bot.cli.slack:console", "Talk to the bot in the terminal, through the same Slack app."),
    "run": ("bot.cli.slack:run", "Index, load the demo, then open the console (or Slack when tokens are set)."),
    "standup": ("bot.cli.standup:standup", "Stand-ups: schedule, collect, summarise, post."),
    "sprint": ("bot.cli.reports:sprint", "Sprint review and retrospective (action items followed)."),
    "report": ("bot.cli.reports:report", "Reports to forward: weekly integration review, monthly steering update."),
    "calendar": ("bot.cli.calendar:calendar", "A program's days off, skipped by stand-ups and scheduled reports."),
}
# Commands whose run is mostly start-up, where the garbage collector stays off (see main). Measured: a cold `compel ask`
# ~11 % less CPU; `compel translate --batch` of 1,000 updates 2.5 % more, so every other command collects as usual.
START_UP_BOUND = frozenset({"ask"})


class _PipeClosed(Exception):
    """The reader of the output went away (`compel risks | head -1`): the command's work is done, not failed."""


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    # click's main() ends an EPIPE raised while it parses (`compel --help`, `--version`) or runs a command with
    # exit 1; both steps pass it on as _PipeClosed, which _run ends with 0.
    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError as exc:
            raise _PipeClosed() from exc

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            raise _PipeClosed() from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        module, _, attr = entry[0].partition(":")
        if name not in START_UP_BOUND:
            gc.enable()
        from bot.cli.helptext import annotate

        return annotate(getattr(importlib.import_module(module), attr), name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:  # click offers close names from `self.commands`, empty here
            raise click.exceptions.NoSuchCommand(exc.command_name, possibilities=COMMANDS, ctx=ctx) from None

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog is None:
            from bot.cli.helptext import epilog

            self.epilog = epilog("")
        super().format_epilog(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Static help lines: `compel --help` imports none of the command modules.
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in sorted(COMMANDS)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="compel-bot", prog_name="compel")
def cli(verbose: int) -> None:
    """compel-bot: the EATP's assistant, grounded in the COMPEL Body of Knowledge and the program's records."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point: user-facing errors print one line and exit 2; anything else is logged, exit 1."""
    # A cold `compel ask` makes most of its objects while it starts (imports, pydantic's schemas, the model) and keeps
    # them to the end: the collector's passes over them free nothing. Off until the command is known (get_command turns
    # it on for all but START_UP_BOUND); put back on return, as tests call main in-process.
    collecting = gc.isenabled()
    gc.disable()
    # compel uses no pydantic plugin: without this, the first model class built reads every installed distribution's
    # entry points looking for one (~150 metadata files in a full install, 5-15 ms CPU of every new process). pydantic's
    # own switch; a value already set (even empty, which lets plugins load) is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        return _run(argv)
    finally:
        if collecting:
            gc.enable()


def _run(argv: list[str] | None) -> int:
    """The command, with every failure turned into one line and an exit code."""
    try:
        rv = cli.main(args=argv, prog_name="compel", standalone_mode=False)
    except UserFacingError as exc:  # one line, opening as a sentence does, whatever engine worded it
        message = as_sentence(exc.message)
        click.echo(f"error: {message}" + (f" ({exc.detail})" if exc.detail else ""), err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.exceptions.NoArgsIsHelpError as exc:  # `compel debt` alone: its help, as click shows it
        exc.show()
        return 2
    except click.UsageError as exc:
        click.echo(f"error: {usage_line(exc)}", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"error: {' '.join(exc.format_message().split())}", err=True)
        return 2
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("Interrupted; data written before this point is intact.", err=True)
        return 130
    except (BrokenPipeError, _PipeClosed):
        _quiet_stdout()
        return 0
    except OSError as exc:  # a file that cannot be written (permissions, read-only or full disk) is one line too
        known = from_os_error(exc)
        if known is None:
            click.echo(f"error: {KIND_MESSAGE} Details: {_log_crash()}", err=True)
            return 1
        click.echo(f"error: {as_sentence(known.message)}", err=True)
        return known.exit_code
    except Exception:  # noqa: BLE001 - the last line of defence: log it, say something kind
        where = _log_crash()
        click.echo(f"error: {KIND_MESSAGE} Details: {where}", err=True)
        return 1
    return rv if isinstance(rv, int) else 0


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not raise over a closed pipe (the Python docs' recipe)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (tests capture it): nothing to flush into a closed pipe
        pass


def usage_line(exc: click.UsageError) -> str:
    """A usage error as one line, with where to read the command's options (click prints four lines and a usage)."""
    close = getattr(exc, "possibilities", None)  # a mistyped option or command: click's close names
    if isinstance(exc, (click.exceptions.NoSuchOption, click.exceptions.NoSuchCommand)) and close:
        message = f"{exc.message.rstrip('.')}; did you mean {' or '.join(repr(n) for n in close)}?"
    else:
        message = " ".join(exc.format_message().split()).rstrip(".") + "."
    where = exc.ctx.command_path if exc.ctx is not None else "compel"
    return f"{message} See `{where} --help`."


def _log_crash() -> str:
    """Write the traceback where it can be found; the person sees only where it went."""
    import traceback
    from datetime import datetime, timezone
    from pathlib import Path

    log.debug("unexpected error", exc_info=True)
    try:
        from bot.config import load_settings

        path = Path(load_settings().data_dir) / "logs" / "compel.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now(timezone.utc).isoformat()}\n{traceback.format_exc()}\n")
        return str(path)
    except Exception:  # noqa: BLE001 - logging must never raise over the original error
        return "run again with -vv to see the traceback"

