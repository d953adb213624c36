"""Build the Bolt App from Settings: an explicit WebClient with retry handlers, dedup middleware, all listeners."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TYPE_CHECKING

from slack_bolt import App, BoltResponse
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, ServerErrorRetryHandler

from bot.errors import ConfigError
from bot.slack.deps import Responder, SlackDeps, webhook_responder

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.engines import Engines
    from store.slack_state import SlackState

log = logging.getLogger(__name__)

# Lazy-listener threads. The engines are CPU-bound Python; more threads than this only fight for the GIL,
# which slows the acknowledgements that share it. I/O waits (Slack API calls) are short.
WORKERS = 4


def retry_handlers() -> list:
    """Retry on connection errors, 5xx, and rate limits (the rate-limit handler waits as long as Retry-After says)."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ]


def build_client(settings: "Settings", token: str | None = None) -> WebClient:
    """A WebClient for SLACK_API_URL (Slack's own by default) with the retry handlers above."""
    base = settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    bot_token = token or (settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None)
    if not bot_token:
        raise ConfigError("SLACK_BOT_TOKEN is not set. Set it to the app's Bot User OAuth Token (xoxb-...), or run `compel console`.")
    return WebClient(token=bot_token, base_url=base, retry_handlers=retry_handlers(), timeout=15)


def build_app(
    settings: "Settings",
    *,
    engines: "Engines | None" = None,
    state: "SlackState | None" = None,
    client: WebClient | None = None,
    respond: Responder | None = None,
    executor: Executor | None = None,
    socket_mode: bool = False,
) -> App:
    """The Bolt App with every listener registered; engines and state default to ones built from Settings."""
    # settings first (token, then secret): a missing one must not cost a state database opened for nothing
    client = client or build_client(settings)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    if not secret and not socket_mode:
        raise ConfigError("SLACK_SIGNING_SECRET is not set. Set it to the app's Signing Secret (Basic Information page), or use Socket Mode.")
    if engines is None:
        from bot.engines import Engines

        engines = Engines.from_settings(settings)
    if state is None:
        from store.slack_state import SlackState

        state = SlackState(settings.records_url)
    # process_before_response: every ack function runs at once in the thread that received the request, and
    # all real work runs as lazy listeners on `executor`, so a busy executor can never delay an ack.
    try:
        app = App(
            client=client,
            process_before_response=True,
            signing_secret=secret or "socket-mode-requests-are-not-signed",
            token_verification_enabled=True,  # auth.test once at start-up: a bad token fails now, not on the first request
            listener_executor=executor or ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="compel-slack"),
            logger=logging.getLogger("bot.slack.bolt"),
        )
    except (BoltError, SlackApiError) as exc:
        log.debug("auth.test failed", exc_info=True)
        raise ConfigError(
            f"Slack refused SLACK_BOT_TOKEN ({_reason(exc)}). Copy the Bot User OAuth Token (xoxb-...) from the app's Install App page."
        ) from None
    deps = SlackDeps(settings=settings, engines=engines, state=state, respond=respond or webhook_responder(retry_handlers()))
    app.use(_dedupe(state))
    app.error(_on_error)

    from bot.slack.listeners import actions, assistant, commands, events, shortcuts

    for group in (assistant, events, commands, actions, shortcuts):  # the assistant panel first: it is middleware
        group.register(app, deps)
    return app


def _reason(exc: Exception) -> str:
    """The Slack error code behind a failed auth.test, without the rest of the exception text."""
    cause = (exc.__cause__ or exc.__context__) if isinstance(exc, BoltError) else exc
    if isinstance(cause, SlackApiError):
        return str(cause.response.get("error", "refused"))
    return "auth.test failed" if isinstance(exc, BoltError) and "auth.test" in str(exc) else "no answer from Slack"


def _dedupe(state: "SlackState"):
    """Answer each event once: Slack retries (X-Slack-Retry-Num) carry the same event_id and stop here."""

    def dedupe(body: dict, next, logger) -> BoltResponse | None:  # noqa: A002 - Bolt's argument name
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and not state.first_time(event_id):
            logger.info("event %s already handled; acknowledging Slack's retry without answering again", event_id)
            return BoltResponse(status=200, body="")
        return next()

    return dedupe


def _on_error(error: Exception, body: dict, logger) -> None:
    """Last resort for errors that escaped a listener: log the traceback; people never see raw exception text."""
    logger.error("listener failed on a %s request", (body or {}).get("type", "?"), exc_info=error)
