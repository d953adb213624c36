"""One guarded call: the daily limit, the backend, usage, and the offline engine when anything fails."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.llm.offline import OfflineBackend
from bot.llm.protocol import ChatBackend, ChatReply, ChatRequest, LLMError, Usage

if TYPE_CHECKING:
    from bot.llm.usage import UsageLedger

log = logging.getLogger(__name__)

OFFLINE_NOTE = "produced offline"


@dataclass(frozen=True)
class Outcome:
    """A reply and, when the offline engine stood in, a short note saying why."""

    reply: ChatReply
    note: str = ""


class Caller:
    """Calls a backend for one request; falls back to the request's offline engine on any LLM failure."""

    def __init__(self, backend: ChatBackend, usage: "UsageLedger | None" = None) -> None:
        self.backend = backend
        self.usage = usage
        self.offline = OfflineBackend()

    def call(self, request: ChatRequest) -> Outcome:
        """The backend's reply, or the offline result with a note (limit reached, timeout, 429, 5xx, malformed)."""
        counted = self.usage is not None and self.backend.name != "offline"
        if counted and not self.usage.allowed(request.person):
            log.info("%s: daily LLM limit reached for %s; answering offline", request.task, request.person)
            return self.fallback(request, "daily LLM limit reached")
        started = time.monotonic()
        try:
            reply = self.backend.complete(request)
        except LLMError as exc:
            log.warning("%s: LLM call %s after %.2f s (%s); answering offline", request.task, exc.reason, time.monotonic() - started, exc)
            if counted:
                self.usage.record(request.person, request.task, self.backend.name, Usage())  # a failed call still counts
            return self.fallback(request, f"the language model {exc.reason}")
        if counted and not reply.final:
            self.usage.record(request.person, request.task, reply.model, reply.usage)
        return Outcome(reply)

    def fallback(self, request: ChatRequest, why: str) -> Outcome:
        """The offline engine's result, noted as produced offline."""
        return Outcome(self.offline.complete(request), note=f"{OFFLINE_NOTE} ({why})")


class LLMPath:
    """An engine with a language model in front; each path names the engine calls it passes on (no hidden forwarding)."""

    def __init__(self, base: Any, caller: Caller) -> None:
        self.base = base
        self.caller = caller
