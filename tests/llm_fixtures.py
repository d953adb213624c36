"""A local OpenAI-compatible chat-completions server for tests and benchmarks, plus hand-written passages."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


def completion(content: str, *, model: str = "gpt-4o-mini", input_tokens: int = 120, output_tokens: int = 40) -> dict:
    """A chat.completion object as OpenAI documents it, with the given assistant message content."""
    return {
        "id": "chatcmpl-local-1",
        "object": "chat.completion",
        "created": 1767225600,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None, "annotations": []},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": input_tokens, "completion_tokens": output_tokens, "total_tokens": input_tokens + output_tokens},
        "system_fingerprint": "fp_local",
    }


@dataclass
class Step:
    """What the server does for one request: a status and body, or hang until released."""

    status: int = 200
    body: bytes = b""
    hang: bool = False
    headers: dict = field(default_factory=dict)


def reply(payload: dict, **kw) -> Step:
    """A 200 whose assistant message is the JSON of `payload`."""
    return Step(200, json.dumps(completion(json.dumps(payload), **kw)).encode())


class FakeOpenAI:
    """Serves /v1/chat/completions from a script of steps; remembers every request it saw."""

    def __init__(self) -> None:
        self.steps: deque[Step] = deque()
        self.default: Step | None = None
        self.requests: list[dict] = []
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length)
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": json.loads(raw or b"{}")})
                step = fake.steps.popleft() if fake.steps else fake.default
                if step is None:
                    step = Step(500, b'{"error": {"message": "no scripted reply", "type": "server_error"}}')
                if step.hang:
                    fake.release.wait(30)
                    step = Step(500, b'{"error": {"message": "released", "type": "server_error"}}')
                try:
                    self.send_response(step.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(step.body)))
                    for k, v in step.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(step.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (ending in /v1)."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A running local OpenAI-compatible server, stopped after the test."""
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


# Passages in the project's own words (never BoK text), with fixed ids, for answers the tests can check.
PASSAGES = [
    ("c0ffee0001", "Data Pipeline Development", 6,
     "Access to source systems needs data owners, security and network teams. Request it early so it does not block a sprint."),
    ("c0ffee0002", "Technical Debt Management", 6,
     "A shortcut counts as managed debt only when it is written in the register and scheduled for repair. Teams keep 15 to 20 percent of sprint capacity for paying it down."),
    ("c0ffee0003", "Machine Learning Operations Execution", 6,
     "Models in production need monitoring, a way to retrain them and versions kept for rollback."),
]
