"""HTTP mode: Slack's requests at /slack/events on uvicorn + Starlette, every request signature-checked by Bolt.

Why this server: uvicorn is a production ASGI server (keep-alive, back-pressure, graceful shutdown), unlike
Bolt's development server, which handles one request at a time and drops them under concurrency. Bolt's sync
App is dispatched in Starlette's worker-thread pool, so a slow request never blocks the event loop, and since
every listener acks at once and works lazily on the listener executor, a dispatch returns in milliseconds.
"""

from __future__ import annotations

import logging
import socket
import sys
from collections.abc import Callable

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's payloads are far smaller; refuse anything bigger before parsing it


def build_asgi(app: App, signing_secret: str, health: Callable[[], list[str]] | None = None) -> Starlette:
    """The ASGI app: POST /slack/events (Bolt, signature verified: 401 when bad or stale), GET /healthz.

    /healthz answers 200 {"ok": true}, or 503 with one line saying what is down when `health` (the stores' checks:
    records database, vector store) names a problem; without `health` it only says the process serves HTTP.

    The signature is checked before the body is parsed (slack_sdk's SignatureVerifier, as Bolt's own check uses), so
    an unsigned request costs no parsing; a signed one Bolt cannot parse gets 400. Each refusal is one log line.
    """
    verifier = SignatureVerifier(signing_secret)

    async def slack_events(request: Request) -> Response:
        body = await _read_limited(request)
        if body is None:
            return _refuse(request, 413, "payload too large")
        headers = {k: v for k, v in request.headers.items()}
        stamp = headers.get("x-slack-request-timestamp", "")
        if not stamp.isdigit() or not verifier.is_valid(body, stamp, headers.get("x-slack-signature")):
            return _refuse(request, 401, "invalid or stale signature")
        try:
            bolt_req = BoltRequest(body=body.decode("utf-8"), query=str(request.url.query), headers=headers)
        except (UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as exc:
            return _refuse(request, 400, f"body cannot be parsed ({type(exc).__name__})")
        problem = _shape_problem(bolt_req.body)
        if problem:
            return _refuse(request, 400, problem)
        resp = await run_in_threadpool(app.dispatch, bolt_req)
        return Response(status_code=resp.status, content=resp.body, headers=resp.first_headers_without_set_cookie())

    async def healthz(request: Request) -> Response:
        problems = await run_in_threadpool(health) if health is not None else []
        if problems:
            return JSONResponse({"ok": False, "error": "; ".join(problems)}, status_code=503)
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route(EVENTS_PATH, slack_events, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])])


def _shape_problem(body: object) -> str | None:
    """What makes a parsed body something no listener can read (None when it is a payload object Bolt can route)."""
    if not isinstance(body, dict) or not body:
        return "body is not a Slack payload object"
    if body.get("type") == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return "event_callback without an event object"
    return None


def _refuse(request: Request, status: int, why: str) -> Response:
    """A refusal with its one log line (no traceback: the request was wrong, not the bot)."""
    client = request.client.host if request.client else "?"
    log.warning("refused a request to %s from %s with %d: %s", EVENTS_PATH, client, status, why)
    return JSONResponse({"error": why}, status_code=status)


async def _read_limited(request: Request) -> bytes | None:
    """The request body, or None as soon as it is known to pass MAX_BODY: by its Content-Length, or while streaming it.

    Reading stops at the limit, so an unsigned client cannot make the process hold more than MAX_BODY per request.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        parts.append(chunk)
    return b"".join(parts)


def startup_line(host: str, port: int) -> str:
    """Where the server listens, saying so plainly when that is every network interface (the default)."""
    line = f"compel-bot listening on http://{host}:{port}{EVENTS_PATH} (health: /healthz)"
    if host in ("0.0.0.0", "::", ""):
        line += "; that is every network interface of this machine (use --host 127.0.0.1 to listen on this machine only)"
    return line


def serve_http(app: App, host: str, port: int, signing_secret: str, on_ready: Callable[[str, int], None] | None = None,
               health: Callable[[], list[str]] | None = None) -> None:
    """Bind (port 0 picks a free one), tell `on_ready` where, then serve until interrupted."""
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)  # requests arriving before the loop starts wait in the backlog, none are refused
    bound = sock.getsockname()[1]
    log.info("%s", startup_line(host, bound))
    if on_ready:
        on_ready(host, bound)
    # The engines run CPU-bound Python on the listener threads; a shorter GIL switch interval (default 5 ms)
    # lets request threads get in sooner, so acknowledgements stay fast while answers are being computed.
    sys.setswitchinterval(0.001)
    config = uvicorn.Config(build_asgi(app, signing_secret, health), log_level="warning", access_log=False, timeout_graceful_shutdown=10, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
