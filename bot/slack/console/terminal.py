"""`compel console`: a terminal channel; what you type goes through the same Bolt app and listeners as Slack's
requests (signed, dispatched in-process) against a local stand-in for Slack's Web API."""

from __future__ import annotations

import itertools
import logging
import secrets
import threading
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any

from pydantic import SecretStr
from rich.console import Console
from rich.markup import escape as rich_escape
from slack_bolt import BoltRequest

from bot.slack.console import payloads
from bot.slack.console.local_api import Call, LocalSlackServer
from bot.slack.console.render import render_blocks

log = logging.getLogger(__name__)

YOU = "UCONSOLE"
TEAMMATE = "UENGINEER"
CHANNEL = "CCONSOLE"
DM = "DCONSOLE"  # your DM with the app: App Home's messages and the assistant panel's threads live here
COMMANDS = ("/compel", "/assistant", "/a", "/prompt", "/shortcut", "/home", "/click", "/help", "/quit", "/exit")

BANNER = """compel console: a local Slack channel with the real bot behind it.
  type a question            asks @compel (a new thread)
  > follow-up                replies in the last thread (the thread is the context)
  /compel help               the slash command and all it does (ask, status, risks, debt, standup, report, ...)
  /shortcut TEXT             a teammate posts TEXT; you use "Translate for business" on it
  /assistant                 open the assistant panel beside this channel (a new thread, suggested prompts)
  /a TEXT   /prompt N        ask in the panel's thread, or send its suggested prompt N
  /home                      App Home      /click N  press button N      /quit  leave"""


class TrackingExecutor(ThreadPoolExecutor):
    """The listener executor, counting work in flight so the console can wait until the bot has answered."""

    def __init__(self, max_workers: int = 4) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="compel-console")
        self._pending = 0
        self._cond = threading.Condition()

    def submit(self, fn, /, *args, **kwargs):  # noqa: ANN001 - Executor's signature
        with self._cond:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future) -> None:  # noqa: ANN001
        with self._cond:
            self._pending -= 1
            self._cond.notify_all()

    def wait_idle(self, timeout: float = 120.0) -> bool:
        """Block until no listener work is running (or the timeout passes)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending == 0, timeout)


class SlackConsole:
    """The Bolt app wired to a LocalSlack; each typed line becomes a signed Slack request."""

    def __init__(self, settings: Any, *, engines: Any = None, state: Any = None, out: Console | None = None) -> None:
        from bot.slack.app import build_app

        self.out = out or Console(highlight=False, soft_wrap=True)
        self.settings = settings
        self._outputs: list[Call] = []
        self._lock = threading.Lock()
        self.server = LocalSlackServer().start()
        self.local = self.server.local
        self.local.on_call(self._collect)
        self.secret = secrets.token_hex(16)
        local_settings = settings.model_copy(
            update={
                "slack_signing_secret": SecretStr(self.secret),
                "slack_bot_token": SecretStr("xoxb-console"),
                "slack_api_url": self.server.api_url,
                "admins": [*settings.admins, YOU],  # you own this console, so record changes are yours to make
            }
        )
        self.executor = TrackingExecutor()
        self.app = build_app(
            local_settings, engines=engines, state=state, executor=self.executor,
        )
        self._buttons: dict[int, dict] = {}
        self._button_ids = itertools.count(1)
        self.last_thread: str | None = None
        self.panel_thread: str | None = None
        self.prompts: list[dict] = []

    # --- input ---------------------------------------------------------------------------
    def handle_line(self, line: str) -> bool:
        """Act on one typed line; False means quit."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit"):
            return False
        word = line.split()[0]
        if line == "/help":
            self.out.print(BANNER, markup=False)
        elif word == "/compel":
            self.command(line[len("/compel"):].strip())
        elif line.startswith("/click") or (line.startswith("!") and line[1:].strip().isdigit()):
            self.click(line.removeprefix("/click").removeprefix("!").strip())
        elif line == "/home":
            self.dispatch_event(payloads.event_body({"type": "app_home_opened", "user": YOU, "channel": DM, "tab": "home"}))
        elif word == "/shortcut":
            self.shortcut(line[len("/shortcut"):].strip())
        elif word == "/assistant":
            self.open_panel()
        elif word == "/a":
            self.panel_ask(line[len("/a"):].strip())
        elif word == "/prompt":
            self.pick_prompt(line[len("/prompt"):].strip())
        elif line.startswith(">") and self.last_thread:
            self.reply(line[1:].strip())
        elif line.startswith("/"):
            from store.names import closest

            near = closest(word, {c: c for c in COMMANDS}, n=1)
            hint = f"did you mean {near[0]}?" if near else "/help lists them"
            self.out.print(f"unknown console command {word}; {hint}", markup=False)
        else:
            self.ask(line.lstrip(">").strip())
        return True

    def ask(self, text: str) -> None:
        """Mention the bot in the channel: a new thread."""
        msg = self.local.add_message(CHANNEL, f"<@compel> {text}", YOU)
        self.last_thread = msg["ts"]
        self.dispatch_event(payloads.event_body(payloads.mention(text, user=YOU, channel=CHANNEL, ts=msg["ts"])))

    def reply(self, text: str) -> None:
        """Reply in the last thread (a follow-up)."""
        msg = self.local.add_message(CHANNEL, text, YOU, thread_ts=self.last_thread)
        event = payloads.message(text, user=YOU, channel=CHANNEL, ts=msg["ts"], thread_ts=self.last_thread)
        self.dispatch_event(payloads.event_body(event))

    def open_panel(self) -> None:
        """Open the assistant panel beside this channel: Slack starts a thread in your DM with the app."""
        self.panel_thread = self.local.next_ts()
        self.prompts = []
        event = payloads.assistant_thread("started", user=YOU, channel=DM, thread_ts=self.panel_thread, context_channel=CHANNEL)
        self.dispatch_event(payloads.event_body(event))

    def panel_ask(self, text: str) -> None:
        """Ask in the assistant panel's thread (opening the panel first if needed)."""
        if not text:
            self.out.print("usage: /a QUESTION", markup=False)
            return
        if self.panel_thread is None:
            self.open_panel()
        msg = self.local.add_message(DM, text, YOU, thread_ts=self.panel_thread)
        self.out.print(f"[bold green]you (assistant panel) ›[/bold green] {rich_escape(text)}")
        event = payloads.message(text, user=YOU, channel=DM, ts=msg["ts"], thread_ts=self.panel_thread, channel_type="im")
        self.dispatch_event(payloads.event_body(event))

    def pick_prompt(self, number: str) -> None:
        """Send suggested prompt N, as clicking it in the panel does."""
        if not number.isdigit() or not 0 < int(number) <= len(self.prompts):
            self.out.print(f"No suggested prompt {number}; /assistant shows them, numbered.", markup=False)
            return
        self.panel_ask(self.prompts[int(number) - 1].get("message", ""))

    def command(self, text: str) -> None:
        """Run `/compel TEXT`; the ack prints at once, the result when the work is done."""
        body = payloads.command_body(text, user=YOU, channel=CHANNEL, response_url=self._response_url())
        resp = self._dispatch(body, "application/x-www-form-urlencoded")
        if resp.body:
            import json

            try:
                ack = json.loads(resp.body)
                self._print_message("compel (only you can see this)", ack.get("blocks") or [], ack.get("text", ""), None)
            except ValueError:
                self.out.print(resp.body, markup=False)
        self._flush()

    def shortcut(self, text: str) -> None:
        """A teammate posts `text`; you use "Translate for business" on it."""
        if not text:
            self.out.print("usage: /shortcut TEXT", markup=False)
            return
        msg = self.local.add_message(CHANNEL, text, TEAMMATE)
        self.out.print(f"[bold]teammate[/bold] {rich_escape(text)}")
        payload = payloads.message_shortcut(msg, user=YOU, channel=CHANNEL, response_url=self._response_url())
        self._dispatch(payloads.interactive_body(payload), "application/x-www-form-urlencoded")
        self._flush()

    def click(self, number: str) -> None:
        """Press a numbered button from an earlier reply."""
        entry = self._buttons.get(int(number)) if number.isdigit() else None
        if entry is None:
            self.out.print(f"No button {number}; the buttons are numbered in the replies above.", markup=False)
            return
        payload = payloads.block_action(
            entry["button"], block_id=entry["block_id"], user=YOU, channel=CHANNEL, message_ts=entry["ts"],
            response_url=self._response_url(), ephemeral=entry["ephemeral"], thread_ts=entry["thread_ts"], message=entry["message"],
        )
        self._dispatch(payloads.interactive_body(payload), "application/x-www-form-urlencoded")
        self._flush()

    def dispatch_event(self, body: str) -> None:
        """Send an Events API request and print what the bot posts."""
        self._dispatch(body, "application/json")
        self._flush()

    def _dispatch(self, body: str, content_type: str):
        headers = {"content-type": content_type, **payloads.sign(self.secret, body)}
        resp = self.app.dispatch(BoltRequest(body=body, headers=headers))
        if resp.status != 200:
            log.warning("the app answered %s: %s", resp.status, resp.body)
        return resp

    def _response_url(self) -> str:
        return self.server.response_url()

    # --- output --------------------------------------------------------------------------
    def _collect(self, call: Call) -> None:
        with self._lock:
            self._outputs.append(call)

    def _flush(self) -> None:
        self.executor.wait_idle()
        with self._lock:
            calls, self._outputs = self._outputs, []
        for call in calls:
            self._show(call)

    def _show(self, call: Call) -> None:
        a = call.args
        if call.method == "reactions.add":
            self.out.print("[dim]⏳ compel is working…[/dim]")
        elif not call.response.get("ok", False):
            return  # a failed call posted nothing
        elif call.method.startswith("assistant.threads.") or call.method.startswith("chat.") and call.method.endswith("Stream"):
            self._show_panel(call)
        elif call.method == "chat.postMessage":
            where = "compel (assistant panel)" if a.get("channel") == DM and a.get("thread_ts") == self.panel_thread else "compel (in thread)" if a.get("thread_ts") else "compel"
            ts = call.response.get("ts", "")
            self._print_message(where, a.get("blocks") or [], a.get("text", ""), a.get("thread_ts"), ts=ts)
        elif call.method == "chat.postEphemeral":
            self._print_message("compel (only you can see this)", a.get("blocks") or [], a.get("text", ""), a.get("thread_ts"), ephemeral=True)
        elif call.method == "response_url":
            if a.get("delete_original"):
                self.out.print("[dim](the private reply was removed)[/dim]")
            else:
                public = a.get("response_type") == "in_channel"
                self._print_message("compel" if public else "compel (only you can see this)", a.get("blocks") or [], a.get("text", ""), None, ephemeral=not public)
        elif call.method == "views.open":
            view = a.get("view") or {}
            title = (view.get("title") or {}).get("text", "a form")
            self._print_message(f"compel opened a form: {title} (forms need Slack; in the console, answer in text)", view.get("blocks", []), "", None)
        elif call.method == "views.publish":
            self._print_message("App Home", (a.get("view") or {}).get("blocks", []), "", None)
        elif call.method == "files.completeUploadExternal":
            for f in call.response.get("files", []):
                self._save_chart(f.get("id", ""))

    def _save_chart(self, file_id: str) -> None:
        """A chart uploaded beside a report: the terminal cannot show a picture, so it is written to the data folder."""
        upload = self.local.uploads.get(file_id) or {}
        if not upload.get("data"):
            return
        folder = Path(self.settings.data_dir) / "charts"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(upload.get("filename") or f"{file_id}.png").name
        path.write_bytes(upload["data"])
        self.out.print(f"[dim]chart {rich_escape(upload.get('title') or path.name)} written to {rich_escape(str(path))} (Slack shows it beside the text)[/dim]")

    def _show_panel(self, call: Call) -> None:
        """The assistant panel's own calls: status line, title, suggested prompts, streamed text."""
        a = call.args
        if call.method == "assistant.threads.setStatus" and a.get("status"):
            self.out.print(f"[dim]… compel {rich_escape(a['status'])}[/dim]")
        elif call.method == "assistant.threads.setTitle":
            self.out.print(f"[dim]thread title: {rich_escape(a.get('title', ''))}[/dim]")
        elif call.method == "assistant.threads.setSuggestedPrompts":
            self.prompts = list(a.get("prompts") or [])
            self.out.print(f"[bold]{rich_escape(a.get('title') or 'Suggested prompts')}[/bold]  [dim](/prompt N sends one)[/dim]")
            for i, prompt in enumerate(self.prompts, 1):
                self.out.print(f"  [reverse] {i} [/reverse] {rich_escape(prompt.get('title', ''))} — {rich_escape(prompt.get('message', ''))}")
            self.out.print()
        elif call.method in ("chat.startStream", "chat.appendStream"):
            if call.method == "chat.startStream":
                self.out.print("[bold magenta]compel (assistant panel, streaming)[/bold magenta]")
            for chunk in a.get("chunks") or []:
                if chunk.get("type") == "markdown_text":
                    self.out.print("  ▍" + rich_escape(chunk.get("text", "")))
        elif call.method == "chat.stopStream":
            self._print_message("compel (stream finished)", a.get("blocks") or [], "", self.panel_thread, ts=str(a.get("ts", "")))

    def _print_message(self, who: str, blocks: list[dict], text: str, thread_ts: str | None, *, ts: str = "", ephemeral: bool = True) -> None:
        message = {"type": "message", "ts": ts, "text": text, "blocks": blocks, "thread_ts": thread_ts}

        def number(button: dict) -> int:
            n = next(self._button_ids)
            block_id = next((b.get("block_id", "") for b in blocks if button in b.get("elements", [])), "")
            self._buttons[n] = {"button": button, "block_id": block_id, "ts": ts, "ephemeral": ephemeral and not ts, "thread_ts": thread_ts, "message": message}
            return n

        self.out.print(f"[bold magenta]{who}[/bold magenta]")
        lines = render_blocks(blocks, number) if blocks else [text]
        for line in lines:
            self.out.print("  " + line.replace("\n", "\n  "))
        self.out.print()

    # --- the loop ------------------------------------------------------------------------
    def run(self, stdin: IO[str], interactive: bool) -> None:
        """Read lines until /quit or end of input; prompts only when a person is typing."""
        if interactive:
            self.out.print(BANNER, markup=False)
        while True:
            if interactive:
                self.out.print("[bold green]you ›[/bold green] ", end="")
            line = stdin.readline()
            if not line:
                break
            if not interactive:
                self.out.print(f"[bold green]you ›[/bold green] {rich_escape(line.rstrip())}")
            if not self.handle_line(line):
                break
        self.close()

    def close(self) -> None:
        """Finish pending work, stop the local Slack."""
        self.executor.wait_idle()
        self.executor.shutdown(wait=True)
        self.server.stop()
