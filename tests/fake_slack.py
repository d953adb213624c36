"""A local fake Slack for tests: the Web API over HTTP (records every call) and a Socket Mode websocket server."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from typing import Any

from bot.slack.console.local_api import Call, LocalSlack, LocalSlackServer

WAIT = 20.0  # generous upper bound for waits on a busy 2-core machine; tests never sleep


class SocketModeServer:
    """What `apps.connections.open` points to: sends `hello`, pushes envelopes, records the app's acks."""

    def __init__(self) -> None:
        from websockets.sync.server import serve

        self._server = serve(self._handle, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link"
        self.acks: dict[str, dict] = {}
        self._conn = None
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-socket-mode", daemon=True)
        self._thread.start()

    def _handle(self, conn) -> None:  # noqa: ANN001 - websockets' connection
        conn.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "ALOCAL"}, "debug_info": {"host": "local"}}))
        with self._cond:
            self._conn = conn
            self._cond.notify_all()
        try:
            for raw in conn:
                msg = json.loads(raw)
                with self._cond:
                    self.acks[msg.get("envelope_id", "")] = msg
                    self._cond.notify_all()
        except Exception:  # noqa: BLE001 - the client went away
            pass
        finally:
            with self._cond:
                if self._conn is conn:
                    self._conn = None

    def wait_connected(self, timeout: float = WAIT) -> bool:
        """True once the app has connected."""
        with self._cond:
            return self._cond.wait_for(lambda: self._conn is not None, timeout)

    def send(self, kind: str, payload: dict, *, retry_attempt: int = 0, retry_reason: str = "", envelope_id: str | None = None) -> str:
        """Push one envelope (events_api, slash_commands, interactive); returns its id."""
        eid = envelope_id or f"env-{next(self._ids)}"
        envelope = {"envelope_id": eid, "type": kind, "payload": payload, "accepts_response_payload": kind != "events_api", "retry_attempt": retry_attempt, "retry_reason": retry_reason}
        assert self.wait_connected(), "the app never connected to the fake Socket Mode server"
        self._conn.send(json.dumps(envelope))
        return eid

    def wait_ack(self, envelope_id: str, timeout: float = WAIT) -> dict:
        """The app's ack for an envelope (its payload, if any)."""
        with self._cond:
            assert self._cond.wait_for(lambda: envelope_id in self.acks, timeout), f"no ack for {envelope_id}"
            return self.acks[envelope_id]

    def close(self) -> None:
        """Stop the server."""
        self._server.shutdown()


class FakeSlack:
    """The fake Slack a test talks to: `api_url` for SLACK_API_URL, `local` for recorded calls, `socket` for Socket Mode."""

    def __init__(self, socket_mode: bool = False) -> None:
        self.server = LocalSlackServer().start()
        self.local: LocalSlack = self.server.local
        self.socket = SocketModeServer() if socket_mode else None
        if self.socket:
            self.local.socket_url = self.socket.url
        self._cond = threading.Condition()
        self.local.on_call(self._notify)

    @property
    def api_url(self) -> str:
        return self.server.api_url

    def response_url(self) -> str:
        return self.server.response_url()

    def _notify(self, call: Call) -> None:
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, method: str, count: int = 1, where: Callable[[Call], bool] | None = None, timeout: float = WAIT) -> list[Call]:
        """Block until `count` calls of `method` (matching `where`) were made; returns them."""

        def found() -> list[Call]:
            return [c for c in self.local.calls_to(method) if where is None or where(c)]

        with self._cond:
            ok = self._cond.wait_for(lambda: len(found()) >= count, timeout)
        calls = found()
        assert ok, f"expected {count} {method} call(s), got {len(calls)}: {[c.method for c in self.local.calls]}"
        return calls

    def close(self) -> None:
        self.server.stop()
        if self.socket:
            self.socket.close()


def texts(payload: Any) -> str:
    """Every string in a payload, joined: what a person could read (for asserting content and safety)."""
    if isinstance(payload, str):
        return payload
    if isinstance(payload, dict):
        return "\n".join(texts(v) for v in payload.values())
    if isinstance(payload, list):
        return "\n".join(texts(v) for v in payload)
    return ""
