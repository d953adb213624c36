"""OpenAI or any OpenAI-compatible endpoint (Azure OpenAI, vLLM, Ollama) through langchain-openai, with a hard deadline."""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bot.llm.protocol import ChatReply, ChatRequest, LLMError, LLMMalformed, LLMRateLimited, LLMServerError, LLMTimeout, Usage

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

MAX_RETRIES = 2  # attempts after the first, all inside the one COMPEL_LLM_TIMEOUT budget
BACKOFF = 0.25  # seconds before the first retry, doubled each time, never past the deadline
NO_KEY = "not-needed"  # local OpenAI-compatible servers (vLLM, Ollama) accept any key

# The deadline of the call running in this thread; the HTTP transport below reads it (set in _attempt's own thread).
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("compel_llm_deadline", default=None)


class _Retry(Exception):
    """A transient failure worth another attempt while time remains."""

    def __init__(self, error: LLMError, wait: float) -> None:
        super().__init__(str(error))
        self.error = error
        self.wait = wait


class OpenAIBackend:
    """Chat completions with structured (pydantic) output; the timeout bounds the whole wait, retries included."""

    name = "openai"

    def __init__(self, settings: "Settings", *, max_retries: int = MAX_RETRIES, backoff: float = BACKOFF) -> None:
        self.settings = settings
        self.model = settings.llm_model
        self.timeout = settings.llm_timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self._chat: Any = None
        self._runnables: dict[type, Any] = {}
        self._lock = threading.Lock()

    def _runnable(self, schema: type) -> Any:
        """The structured-output runnable for a schema, built once (langchain imported here, on first use)."""
        with self._lock:
            if schema not in self._runnables:
                if self._chat is None:
                    from langchain_openai import ChatOpenAI

                    key = self.settings.openai_api_key
                    self._chat = ChatOpenAI(
                        model=self.model,
                        api_key=key.get_secret_value() if key else NO_KEY,
                        base_url=self.settings.openai_base_url,
                        timeout=self.timeout,
                        max_retries=0,  # retries are ours, so the deadline covers them
                        temperature=0,
                        http_client=_deadline_client(self.timeout),
                    )
                # The pydantic model's JSON schema, generated once: handing langchain the class would have the
                # openai client regenerate it on every call (~4 ms). The reply is validated by the model in _reply.
                # include_raw=False: the raw message would cost a thread pool per call; tokens come from a callback.
                self._runnables[schema] = self._chat.with_structured_output(schema.model_json_schema(), method="json_schema", strict=True)
            return self._runnables[schema]

    def complete(self, request: ChatRequest) -> ChatReply:
        """A draft of `request.schema` from the endpoint, or LLMError once the deadline or the retries run out."""
        runnable = self._runnable(request.schema)
        deadline = time.monotonic() + self.timeout
        messages = [("system", request.system), ("human", request.user)]
        last: LLMError = LLMTimeout("no attempt finished")
        for attempt in range(self.max_retries + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            tokens = _TokenCounter()
            try:
                parsed = _abandonable(self._attempt, runnable, messages, tokens, deadline, wait=remaining)
                return self._reply(request, parsed, tokens.usage)
            except TimeoutError:
                raise LLMTimeout(f"{request.task}: no reply within {self.timeout:g} s") from None
            except _Retry as retry:
                last = retry.error
                wait = max(retry.wait, self.backoff * 2**attempt)
                if attempt == self.max_retries or wait >= deadline - time.monotonic():
                    break  # no retry left, or none could finish in time: answer offline now rather than at the deadline
                log.info("%s: %s (attempt %d); retrying in %.2f s", request.task, last, attempt + 1, wait)
                time.sleep(wait)
        raise last

    def _attempt(self, runnable: Any, messages: list, tokens: "_TokenCounter", deadline: float) -> Any:
        """One HTTP call, its failures sorted into retry-worthy and final."""
        import openai

        _DEADLINE.set(deadline)
        try:
            return runnable.invoke(messages, config={"callbacks": [tokens.handler()]})
        except openai.RateLimitError as exc:
            raise _Retry(LLMRateLimited(f"429 from the endpoint: {_short(exc)}"), _retry_after(exc)) from None
        except openai.InternalServerError as exc:
            raise _Retry(LLMServerError(f"{exc.status_code} from the endpoint: {_short(exc)}"), 0.0) from None
        except openai.APITimeoutError:
            raise LLMTimeout("the endpoint did not answer in time") from None
        except openai.APIConnectionError as exc:
            raise _Retry(LLMServerError(f"endpoint unreachable: {_short(exc)}"), 0.0) from None
        except openai.APIStatusError as exc:
            raise LLMError(f"{exc.status_code} from the endpoint: {_short(exc)}") from None
        except LLMError:
            raise
        except Exception as exc:  # a body that is not JSON, or not the shape asked for
            raise LLMMalformed(f"{type(exc).__name__}: {_short(exc)}") from None

    def _reply(self, request: ChatRequest, parsed: Any, usage: Usage) -> ChatReply:
        from pydantic import ValidationError

        try:
            parsed = request.schema.model_validate(parsed)
        except ValidationError as exc:
            raise LLMMalformed(f"{request.task}: the reply is not a valid {request.schema.__name__} ({_short(exc)})") from None
        log.info("%s via %s: %d input + %d output tokens", request.prompt, self.model, usage.input_tokens, usage.output_tokens)
        return ChatReply(output=parsed, backend=self.name, model=self.model, usage=usage, final=False)


def _abandonable(fn: Any, *args: Any, wait: float) -> Any:
    """fn(*args) in a daemon thread, waited on for at most `wait` seconds (TimeoutError after that).

    A call still running at the deadline is left behind: its transport cuts it within a read, and meanwhile it holds
    no pool worker a healthy call needs and cannot keep the process from exiting.
    """
    done = threading.Event()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread as it is
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="compel-llm-call", daemon=True).start()
    if not done.wait(wait):
        raise TimeoutError
    if "error" in box:
        raise box["error"]
    return box["value"]


@lru_cache(maxsize=8)
def _deadline_client(timeout: float) -> Any:
    """An httpx client whose exchanges end at the call's deadline, however slowly the endpoint sends.

    httpx's timeouts bound each read, so a server sending a byte a second never trips them; this transport caps
    every read at the time left and stops reading the body once the deadline has passed.
    """
    import httpx

    class DeadlineStream(httpx.SyncByteStream):
        def __init__(self, inner: Any, deadline: float, request: Any) -> None:
            self.inner, self.deadline, self.request = inner, deadline, request

        def __iter__(self):
            for chunk in self.inner:
                if time.monotonic() > self.deadline:
                    raise httpx.ReadTimeout("the reply did not arrive before the deadline", request=self.request)
                yield chunk

        def close(self) -> None:
            self.inner.close()

    class DeadlineTransport(httpx.HTTPTransport):
        def handle_request(self, request: Any) -> Any:
            deadline = _DEADLINE.get()
            if deadline is None:
                return super().handle_request(request)
            left = deadline - time.monotonic()
            if left <= 0:
                raise httpx.ConnectTimeout("no time left before the deadline", request=request)
            asked = request.extensions.get("timeout") or {}
            request.extensions["timeout"] = {k: min(asked.get(k) or left, left) for k in ("connect", "read", "write", "pool")}
            response = super().handle_request(request)
            response.stream = DeadlineStream(response.stream, deadline, request)
            return response

    return httpx.Client(transport=DeadlineTransport(), timeout=timeout)


class _TokenCounter:
    """Token usage of one call, reported by langchain's end-of-call callback."""

    def __init__(self) -> None:
        self.usage = Usage()

    def handler(self) -> Any:
        """A langchain callback handler adding each generation's token usage to this counter."""
        return _handler_class()(self)

    def add(self, response: Any) -> None:
        for generations in response.generations:
            for gen in generations:
                meta = getattr(getattr(gen, "message", None), "usage_metadata", None) or {}
                self.usage = Usage(
                    input_tokens=self.usage.input_tokens + int(meta.get("input_tokens", 0) or 0),
                    output_tokens=self.usage.output_tokens + int(meta.get("output_tokens", 0) or 0),
                )


@lru_cache(maxsize=1)
def _handler_class() -> type:
    from langchain_core.callbacks import BaseCallbackHandler

    class TokenHandler(BaseCallbackHandler):
        """Hands the end-of-call LLM result to a _TokenCounter."""

        def __init__(self, counter: _TokenCounter) -> None:
            self.counter = counter

        def on_llm_end(self, response: Any, **kwargs: Any) -> None:
            self.counter.add(response)

    return TokenHandler


def _retry_after(exc: Any) -> float:
    try:
        return float(exc.response.headers.get("retry-after", 0))
    except (AttributeError, TypeError, ValueError):
        return 0.0


def _short(exc: object) -> str:
    text = " ".join(str(exc).split())
    return text[:200]
