"""The offline backend: the deterministic engines themselves, behind the chat protocol."""

from __future__ import annotations

import logging

from bot.llm.protocol import ChatReply, ChatRequest, Usage

log = logging.getLogger(__name__)


class OfflineBackend:
    """Runs the task's deterministic engine (extractive answers, rule-based translation, summaries); no network."""

    name = "offline"

    def __init__(self, settings: object | None = None) -> None:
        self.settings = settings

    def complete(self, request: ChatRequest) -> ChatReply:
        """The engine's own checked result for the request's input."""
        return ChatReply(output=request.offline(), backend=self.name, model="deterministic", usage=Usage(), final=True)
