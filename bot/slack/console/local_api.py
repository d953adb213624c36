"""A local stand-in for Slack's Web API, served in-process over HTTP: the console's Slack, and the tests' fake Slack."""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)

BOT_USER = "UCOMPELBOT"
BOT_ID = "BCOMPELBOT"
TEAM = "TLOCAL"


@dataclass
class Call:
    """One Web API call (or response_url post) as the app made it."""

    method: str
    args: dict[str, Any]
    response: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


def _decode(args: dict[str, Any]) -> dict[str, Any]:
    """Form-encoded calls carry blocks and views as JSON strings; decode them so every call looks alike."""
    out = dict(args)
    for key in ("blocks", "view", "attachments", "prompts", "chunks", "loading_messages", "files"):
        if isinstance(out.get(key), str):
            try:
                out[key] = json.loads(out[key])
            except ValueError:
                pass
    return out


class LocalSlack:
    """Slack's Web API answered in memory (message timestamps, views, permalinks); every call recorded."""

    def __init__(self, socket_url: str = "") -> None:
        self.calls: list[Call] = []
        self.socket_url = socket_url
        self._failures: dict[str, list[tuple[str, int, dict]]] = {}
        self._refused: dict[str, str] = {}  # method -> error, answered every time (a plan without the feature)
        self._streams: dict[str, dict] = {}  # ts -> the streamed message so far
        self._listeners: list[Callable[[Call], None]] = []
        self._lock = threading.Lock()
        self._clock = float(int(time.time()))  # fresh timestamps per run, as Slack would give
        self._seq = 0
        self.upload_base = ""  # set by the server: where files.getUploadURLExternal sends the bytes
        self.uploads: dict[str, dict] = {}  # file id -> filename, bytes received, and where it was shared

    # --- control (tests, console) ----------------------------------------------------------
    def on_call(self, listener: Callable[[Call], None]) -> None:
        """Be told of every call as it happens."""
        self._listeners.append(listener)

    def fail_next(self, method: str, error: str = "internal_error", status: int = 200, headers: dict | None = None) -> None:
        """Make the next call of `method` fail (error code, HTTP status such as 429, headers such as Retry-After)."""
        with self._lock:
            self._failures.setdefault(method, []).append((error, status, headers or {}))

    def refuse(self, method: str, error: str = "not_allowed") -> None:
        """Answer every call of `method` with `error`, as a workspace without the feature does."""
        with self._lock:
            self._refused[method] = error

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls of one method, in order."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def next_ts(self) -> str:
        """A fresh, increasing message timestamp."""
        with self._lock:
            self._seq += 1
            return f"{self._clock + self._seq:.6f}"

    def add_message(self, channel: str, text: str, user: str, thread_ts: str | None = None) -> dict:
        """A message someone (not the bot) posted, with a fresh ts, for the events and shortcuts that refer to it."""
        msg = {"type": "message", "user": user, "text": text, "ts": self.next_ts(), "channel": channel}
        if thread_ts:
            msg["thread_ts"] = thread_ts
        return msg

    # --- the API --------------------------------------------------------------------------
    def handle(self, method: str, args: dict[str, Any]) -> tuple[int, dict, dict]:
        """Serve one Web API call: (HTTP status, headers, JSON body)."""
        call = Call(method, _decode(args))
        with self._lock:
            failure = self._failures.get(method, [])
            injected = failure.pop(0) if failure else None
            if injected is None and method in self._refused:
                injected = (self._refused[method], 200, {})
        status, headers = 200, {}
        if injected:
            error, status, headers = injected
            call.response = {"ok": False, "error": error}
        else:
            handler = getattr(self, "_" + method.replace(".", "_"), None)
            call.response = handler(call.args) if handler else {"ok": False, "error": "unknown_method"}
        with self._lock:
            self.calls.append(call)
        for listener in list(self._listeners):
            listener(call)
        return status, headers, call.response

    def respond(self, url: str, payload: dict) -> None:
        """A post to a response_url (slash commands, shortcuts, actions)."""
        self.handle("response_url", {"url": url, **payload})

    def _response_url(self, args: dict) -> dict:
        return {"ok": True}

    def _auth_test(self, args: dict) -> dict:
        return {"ok": True, "url": "https://local.slack/", "team": "local", "user": "compel", "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID}

    def _chat_postMessage(self, args: dict) -> dict:
        msg = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "text": args.get("text", ""), "blocks": args.get("blocks", []), "ts": self.next_ts()}
        if args.get("thread_ts"):
            msg["thread_ts"] = args["thread_ts"]
        return {"ok": True, "channel": args.get("channel"), "ts": msg["ts"], "message": msg}

    # --- file uploads (files_upload_v2: get a URL, send the bytes there, complete) ---------------
    def _files_getUploadURLExternal(self, args: dict) -> dict:
        with self._lock:
            file_id = f"F{len(self.uploads) + 1:08d}"
            self.uploads[file_id] = {"id": file_id, "filename": args.get("filename", ""), "length": int(args.get("length") or 0), "data": None}
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.upload_base}{file_id}"}

    def receive_upload(self, file_id: str, data: bytes) -> bool:
        """The bytes of a file sent to its upload URL; False for an unknown file id."""
        with self._lock:
            if file_id not in self.uploads:
                return False
            self.uploads[file_id]["data"] = data
        return True

    def _files_completeUploadExternal(self, args: dict) -> dict:
        files = args.get("files") or []
        done = []
        with self._lock:
            for f in files:
                item = self.uploads.get(f.get("id", ""))
                if item is None or item["data"] is None:
                    return {"ok": False, "error": "file_not_found"}
                item.update(title=f.get("title"), channel=args.get("channel_id"), thread_ts=args.get("thread_ts"),
                            initial_comment=args.get("initial_comment"))
                done.append({"id": item["id"], "title": item["title"], "name": item["filename"]})
        return {"ok": True, "files": done}

    # --- chat streaming: chat.startStream / appendStream / stopStream ---------------------------
    def _stream_text(self, args: dict) -> str:
        chunks = args.get("chunks") or []
        if isinstance(chunks, str):
            chunks = json.loads(chunks)
        text = "".join(c.get("text", "") for c in chunks if isinstance(c, dict) and c.get("type") == "markdown_text")
        return (args.get("markdown_text") or "") + text

    def _chat_startStream(self, args: dict) -> dict:
        ts = self.next_ts()
        with self._lock:
            self._streams[ts] = {"text": self._stream_text(args), "thread_ts": args.get("thread_ts")}
        return {"ok": True, "channel": args.get("channel"), "ts": ts}

    def _chat_appendStream(self, args: dict) -> dict:
        with self._lock:
            stream = self._streams.get(str(args.get("ts")))
            if stream is None:
                return {"ok": False, "error": "message_not_found"}
            stream["text"] += self._stream_text(args)
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}

    def _chat_stopStream(self, args: dict) -> dict:
        with self._lock:
            stream = self._streams.pop(str(args.get("ts")), None)
        if stream is None:
            return {"ok": False, "error": "message_not_found"}
        text = stream["text"] + self._stream_text(args)
        msg = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "text": text, "blocks": args.get("blocks") or [], "ts": args.get("ts"), "thread_ts": stream["thread_ts"]}
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts"), "message": msg}

    # --- the assistant panel -------------------------------------------------------------------
    def _assistant_threads_setStatus(self, args: dict) -> dict:
        return {"ok": True}

    def _assistant_threads_setTitle(self, args: dict) -> dict:
        return {"ok": True}

    def _assistant_threads_setSuggestedPrompts(self, args: dict) -> dict:
        return {"ok": True}

    def _chat_postEphemeral(self, args: dict) -> dict:
        return {"ok": True, "message_ts": self.next_ts()}

    def _chat_getPermalink(self, args: dict) -> dict:
        return {"ok": True, "permalink": f"https://local.slack/archives/{args.get('channel')}/p{str(args.get('message_ts', '')).replace('.', '')}"}

    def _reactions_add(self, args: dict) -> dict:
        return {"ok": True}

    def _reactions_remove(self, args: dict) -> dict:
        return {"ok": True}

    def _views_publish(self, args: dict) -> dict:
        return {"ok": True, "view": {"id": "VLOCAL", **(args.get("view") or {})}}

    def _views_open(self, args: dict) -> dict:
        return {"ok": True, "view": {"id": f"V{self.next_ts().replace('.', '')}", **(args.get("view") or {})}}

    def _users_info(self, args: dict) -> dict:
        user = args.get("user", "")
        name = {"UCONSOLE": "you", "UENGINEER": "teammate"}.get(user, user.lower())
        return {"ok": True, "user": {"id": user, "name": name, "real_name": name, "tz": "UTC", "profile": {"display_name": name, "real_name": name}}}

    def _apps_connections_open(self, args: dict) -> dict:
        if not self.socket_url:
            return {"ok": False, "error": "not_allowed_token_type"}
        return {"ok": True, "url": self.socket_url}


class _Handler(BaseHTTPRequestHandler):
    """HTTP front of a LocalSlack: /api/<method> (form or JSON, like Slack's) and /response/<id> (response_url)."""

    server: "LocalSlackServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt: str, *args: Any) -> None:
        log.debug("local slack: " + fmt, *args)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.do_POST()

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        if url.path.startswith("/upload/"):  # a file's bytes, as they are: not a form
            ok = self.server.local.receive_upload(url.path[len("/upload/"):], raw)
            self._reply(200 if ok else 404, {}, {"ok": ok})
            return
        args: dict[str, Any] = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if raw:
            if "json" in (self.headers.get("content-type") or ""):
                args.update(json.loads(raw.decode("utf-8")))
            else:
                args.update({k: v[-1] for k, v in parse_qs(raw.decode("utf-8")).items()})
        local = self.server.local
        if url.path.startswith("/response/"):
            local.respond(self.server.base + url.path.lstrip("/"), args)
            status, headers, body = 200, {}, {"ok": True}
        elif url.path.startswith("/api/"):
            status, headers, body = local.handle(url.path[len("/api/"):], args)
        else:
            status, headers, body = 404, {}, {"ok": False, "error": "not_found"}
        self._reply(status, headers, body)

    def _reply(self, status: int, headers: dict, body: dict) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)


class LocalSlackServer(ThreadingHTTPServer):
    """A LocalSlack served over HTTP on 127.0.0.1 from a daemon thread: point SLACK_API_URL at `api_url`."""

    daemon_threads = True

    def __init__(self, local: LocalSlack | None = None, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.local = local or LocalSlack()
        self.base = f"http://127.0.0.1:{self.server_address[1]}/"
        self.local.upload_base = self.base + "upload/"
        self._responses = itertools.count(1)
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        """The Web API base URL (what SLACK_API_URL should be)."""
        return self.base + "api/"

    def response_url(self) -> str:
        """A fresh response_url served here."""
        return f"{self.base}response/{next(self._responses)}"

    def start(self) -> "LocalSlackServer":
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, name="local-slack", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.shutdown()
        self.server_close()
