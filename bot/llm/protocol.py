"""The chat backend protocol: one required method, a request in, a structured reply out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict


class Usage(BaseModel):
    """Tokens one call used (zero for the offline backend)."""

    model_config = ConfigDict(extra="forbid")

    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def total(self) -> int:
        """Input plus output tokens."""
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True)
class ChatRequest:
    """One task for a backend: the rendered prompt, the structured output wanted, and the offline engine's way."""

    task: str
    prompt: str  # versioned prompt name, e.g. answer.v1
    system: str
    user: str
    schema: type[BaseModel]  # what a language model fills in (a draft, validated afterwards)
    offline: Callable[[], BaseModel]  # the deterministic engine's own checked result for the same input
    person: str | None = None


@dataclass(frozen=True)
class ChatReply:
    """What a backend produced: a draft of `request.schema` (model) or the engine's final result (offline)."""

    output: BaseModel
    backend: str
    model: str
    usage: Usage
    final: bool  # True when `output` is already the engine's checked result and needs no validation


class LLMError(Exception):
    """A language-model call failed; the caller falls back to the offline engine (never shown raw to people)."""

    reason = "failed"


class LLMTimeout(LLMError):
    """No reply within COMPEL_LLM_TIMEOUT (retries included)."""

    reason = "timed out"


class LLMRateLimited(LLMError):
    """The endpoint answered 429 until the retries ran out."""

    reason = "was rate limited"


class LLMServerError(LLMError):
    """The endpoint answered 5xx (or could not be reached) until the retries ran out."""

    reason = "was unavailable"


class LLMMalformed(LLMError):
    """The reply was not the structured output asked for."""

    reason = "gave a malformed reply"


class ChatBackend(Protocol):
    """A chat backend: offline (the deterministic engines) or an OpenAI-compatible endpoint."""

    name: str

    def complete(self, request: ChatRequest) -> ChatReply:
        """Answer one request; raise LLMError when the backend cannot."""
