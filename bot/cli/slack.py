"""`compel serve`, `compel console` and `compel run`: the Slack face, on Slack or in the terminal."""

from __future__ import annotations

import logging
import sys

import click

from bot.errors import ConfigError
from knowledge.text import plural
from bot.prose import date_text

log = logging.getLogger(__name__)


def _services(settings=None):
    from bot.services import Services

    return Services(settings)


def _warm(services) -> None:
    """Run the engines once now, so the first question is not the slow one."""
    from bot.engines import Engines

    Engines(services).warm()


def _app(services, *, socket_mode: bool):
    from bot.engines import Engines
    from bot.slack.app import build_app

    return build_app(services.settings, engines=Engines(services), state=services.slack_state, socket_mode=socket_mode)


def _start_standups(services, app) -> None:
    """Run the stand-up scheduler beside the app (each post happens once even with several replicas)."""
    try:
        from bot.engines import Engines
        from bot.slack.poster import SlackPoster
        from bot.standup.runner import start_background

        engines = Engines(services)
        start_background(engines.standup_scheduler(SlackPoster(app.client, engines)), interval=services.settings.standup_tick_seconds)
    except Exception:  # noqa: BLE001 - answers and commands work without scheduled stand-ups
        log.warning("stand-up scheduler not started", exc_info=True)


def _socket_mode(services) -> None:
    """Connect to Slack over Socket Mode and serve until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    settings = services.settings
    if settings.slack_app_token is None:
        raise ConfigError("SLACK_APP_TOKEN is not set. Set it to the app-level token (xapp-..., scope connections:write), or use `compel serve --http`.")
    token = settings.slack_app_token.get_secret_value()
    if not token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information > App-Level Tokens).")
    app = _app(services, socket_mode=True)
    _warm(services)
    _start_standups(services, app)
    sys.setswitchinterval(0.001)  # as in HTTP mode: acks get the GIL sooner while engines compute answers
    click.echo("compel-bot is connecting to Slack (Socket Mode); Ctrl-C to stop.", err=True)
    SocketModeHandler(app, token).start()


@click.command()
@click.option("--http", "http", is_flag=True, help="Serve Slack's HTTP requests at /slack/events instead of Socket Mode.")
@click.option("--port", type=click.IntRange(0, 65535), default=3000, show_default=True, help="Port for --http (0: any free port).")
@click.option("--host", default="0.0.0.0", show_default=True,
              help="Address for --http; the default listens on every network interface (127.0.0.1: this machine only).")
def serve(http: bool, port: int, host: str) -> None:
    """Connect to Slack: Socket Mode (SLACK_APP_TOKEN, SLACK_BOT_TOKEN), or HTTP with --http (SLACK_SIGNING_SECRET)."""
    services = _services()
    try:
        if not http:
            _socket_mode(services)
            return
        from bot.engines import Engines
        from bot.slack.server import serve_http, startup_line

        app = _app(services, socket_mode=False)
        _warm(services)
        _start_standups(services, app)
        secret = services.settings.slack_signing_secret.get_secret_value() if services.settings.slack_signing_secret else ""
        health = Engines(services).health
        serve_http(app, host, port, secret, on_ready=lambda h, p: click.echo(startup_line(h, p), err=True), health=health)
    finally:
        services.close()


@click.command()
def console() -> None:
    """Talk to the bot in the terminal: messages and `/compel` commands go through the same Slack app."""
    services = _services()
    try:
        _console(services)
    finally:
        services.close()


def _console(services) -> None:
    from bot.engines import Engines
    from bot.slack.console.terminal import SlackConsole

    _warm(services)
    SlackConsole(services.settings, engines=Engines(services), state=services.slack_state).run(sys.stdin, sys.stdin.isatty())


def _prepare(services) -> None:
    """Index the knowledge pack (and COMPEL_BOK_PATH), load the demo program and put its records in retrieval."""
    from bot.cli.records import DEMO_FILE
    from store.io import read_program

    paths = list(services.settings.bok_path)
    if paths:
        report = services.index.index_paths(paths)
        click.echo(f"Indexed the knowledge pack and {plural(report.files, 'BoK file')} ({plural(report.total_chunks, 'passage')}).", err=True)
    else:
        services.index.ensure_pack()
        click.echo("Indexed the knowledge pack (set COMPEL_BOK_PATH to your BoK folder to index the articles too).", err=True)
    from datetime import date

    from bot.reports.shift import days_to_current, shift_program

    # As `compel demo load --current` does: the demo is dated so its last stand-up is today, so that status and
    # reports read as current rather than opening on a stale-records notice.
    data = read_program(DEMO_FILE)
    data = shift_program(data, days_to_current(data, date.today()))
    report = services.records.import_program(data, source=DEMO_FILE.name)
    # as `compel demo load` does: re-embed only when the import changed them or retrieval lacks them
    services.records_sync.sync_if_needed(data.program.id, report.changed)
    last = max((u.date for u in data.updates), default=None)
    dated = f", dated so its last stand-up is {date_text(last, weekday=True)}" if last else ""
    click.echo(f"Loaded the demo program {data.program.id} ({data.program.name}){dated}.", err=True)


@click.command()
def run() -> None:
    """Index, load the demo program, then open the console (or connect to Slack when both tokens are set)."""
    services = _services()
    try:
        _prepare(services)
        settings = services.settings
        if settings.slack_app_token is not None and settings.slack_bot_token is not None:
            _socket_mode(services)
        else:
            click.echo("No SLACK_APP_TOKEN/SLACK_BOT_TOKEN set: opening the console (the same bot, in your terminal).", err=True)
            _console(services)
    finally:
        services.close()
