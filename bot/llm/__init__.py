"""Chat backends behind one small protocol (offline, OpenAI-compatible) and the LLM paths that use them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.llm.offline import OfflineBackend
from bot.llm.openai_backend import OpenAIBackend
from bot.llm.protocol import ChatBackend, ChatReply, ChatRequest, LLMError, Usage

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

BACKENDS: dict[str, type] = {"offline": OfflineBackend, "openai": OpenAIBackend}
_said: set[str] = set()


def backend_name(settings: "Settings") -> str:
    """`openai` when an API key or base URL is set, else `offline`."""
    return "openai" if settings.llm_configured else "offline"


def build_backend(settings: "Settings", name: str | None = None) -> ChatBackend:
    """The chat backend by name (default: from the settings); says once in the log when it runs offline."""
    name = name or backend_name(settings)
    if name == "offline" and "offline" not in _said:
        _said.add("offline")
        log.info("No LLM configured (set OPENAI_API_KEY or OPENAI_BASE_URL to use one); answers are produced offline.")
    return BACKENDS[name](settings)


__all__ = ["BACKENDS", "ChatBackend", "ChatReply", "ChatRequest", "LLMError", "Usage", "backend_name", "build_backend"]
