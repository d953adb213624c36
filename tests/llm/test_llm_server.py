"""The OpenAI-compatible backend against a local server the test starts: base URL, key, timeouts, 429, 5xx, bad JSON."""

from __future__ import annotations

import json
import logging

import pytest

from bot.config import Settings
from bot.llm.answer import LLMAnswerer
from bot.llm.call import Caller
from bot.llm.openai_backend import OpenAIBackend
from bot.llm.usage import UsageLedger
from tests.fixtures.llm import FakeAnswerer, FakeOpenAI, Step, completion, passage_ids, reply

Q = "When should the team ask for access to source systems?"
GOOD = {"covered": True, "sentences": [{"text": "Ask for access early.", "sources": ["c0ffee0001"]}]}
ERROR_429 = Step(429, b'{"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}')
ERROR_500 = Step(500, b'{"error": {"message": "The server had an error", "type": "server_error"}}')


def _settings(server: FakeOpenAI, **kw) -> Settings:
    return Settings(openai_base_url=server.base_url, openai_api_key="sk-local-test", llm_model="local-model", **kw)


def _answerer(server: FakeOpenAI, usage: UsageLedger | None = None, **kw) -> tuple[LLMAnswerer, FakeAnswerer]:
    base = FakeAnswerer()
    backend = OpenAIBackend(_settings(server, **kw), backoff=0.01)
    return LLMAnswerer(base, Caller(backend, usage)), base


def test_base_url_key_and_model_are_used_and_the_reply_parsed(fake_openai):
    fake_openai.steps.append(reply(GOOD))
    llm, _ = _answerer(fake_openai)
    result = llm.answer(Q)
    assert result.answer == "Ask for access early. [1]" and result.citations[0].chunk_id == "c0ffee0001"
    (request,) = fake_openai.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == "Bearer sk-local-test"
    body = request["body"]
    assert body["model"] == "local-model" and body["temperature"] == 0
    assert body["response_format"]["type"] == "json_schema"
    assert passage_ids(request) == ["c0ffee0001", "c0ffee0002", "c0ffee0003"]


def test_a_base_url_without_a_key_works_for_local_servers(fake_openai):
    fake_openai.steps.append(reply(GOOD))
    backend = OpenAIBackend(Settings(openai_base_url=fake_openai.base_url), backoff=0.01)
    result = LLMAnswerer(FakeAnswerer(), Caller(backend)).answer(Q)
    assert result.backend == "openai" and not result.abstained
    assert fake_openai.requests[0]["headers"]["authorization"].startswith("Bearer ")


def test_timeout_gives_the_offline_answer_without_retrying(fake_openai):
    fake_openai.steps.append(Step(hang=True))
    llm, base = _answerer(fake_openai, llm_timeout=0.3)
    result = llm.answer(Q)
    assert result.answer == base.answer(Q).answer
    assert "Produced offline (the language model timed out)" in result.context
    assert len(fake_openai.requests) == 1


def test_429_is_retried_then_answered(fake_openai):
    fake_openai.steps.extend([ERROR_429, reply(GOOD)])
    llm, _ = _answerer(fake_openai)
    result = llm.answer(Q)
    assert result.backend == "openai" and len(fake_openai.requests) == 2


@pytest.mark.parametrize("error, reason", [(ERROR_429, "was rate limited"), (ERROR_500, "was unavailable")])
def test_retries_are_bounded_then_offline(fake_openai, error, reason):
    fake_openai.default = error
    llm, base = _answerer(fake_openai)
    result = llm.answer(Q)
    assert len(fake_openai.requests) == 3  # the first attempt and two retries
    assert result.answer == base.answer(Q).answer and reason in result.context


def test_retry_after_longer_than_the_budget_ends_the_wait(fake_openai):
    fake_openai.default = Step(429, ERROR_429.body, headers={"retry-after": "60"})
    llm, _ = _answerer(fake_openai, llm_timeout=0.3)
    result = llm.answer(Q)
    assert "Produced offline" in result.context
    assert len(fake_openai.requests) == 1  # no time left in the budget for a second attempt


@pytest.mark.parametrize("step", [
    Step(200, b"<html>Bad gateway</html>"),
    Step(200, json.dumps(completion("this is not JSON")).encode()),
    Step(200, json.dumps(completion(json.dumps({"covered": "maybe"}))).encode()),
    Step(200, b'{"id": "x", "object": "chat.completion", "choices": []}'),
])
def test_malformed_replies_give_the_offline_answer(fake_openai, step):
    fake_openai.steps.append(step)
    llm, base = _answerer(fake_openai)
    result = llm.answer(Q)
    assert result.answer == base.answer(Q).answer and "Produced offline" in result.context
    assert len(fake_openai.requests) == 1


def test_a_refused_key_is_not_retried(fake_openai):
    fake_openai.default = Step(401, b'{"error": {"message": "Incorrect API key", "type": "invalid_request_error"}}')
    llm, _ = _answerer(fake_openai)
    result = llm.answer(Q)
    assert "Produced offline (the language model failed)" in result.context
    assert len(fake_openai.requests) == 1


def test_an_unreachable_endpoint_gives_the_offline_answer():
    server = FakeOpenAI()
    url = server.base_url
    server.server.server_close()  # nothing listens there any more
    backend = OpenAIBackend(Settings(openai_base_url=url, openai_api_key="sk-x"), backoff=0.01)
    result = LLMAnswerer(FakeAnswerer(), Caller(backend)).answer(Q)
    assert "Produced offline" in result.context


def test_tokens_are_logged_and_counted_per_person(fake_openai, tmp_path, caplog):
    fake_openai.default = reply(GOOD, input_tokens=321, output_tokens=12)
    usage = UsageLedger(f"sqlite:///{tmp_path / 'records.db'}", daily_limit=2)
    llm, _ = _answerer(fake_openai, usage)
    with caplog.at_level(logging.INFO, logger="bot.llm"):
        assert llm.answer(Q, person="U1").backend == "openai"
        assert llm.answer(Q, person="U1").backend == "openai"
        third = llm.answer(Q, person="U1")
        other = llm.answer(Q, person="U2")
    assert "daily LLM limit reached" in third.context and other.backend == "openai"
    assert len(fake_openai.requests) == 3  # the third call of U1 never left the bot
    usage.flush()
    assert usage.used("U1") == (2, 642, 24)
    assert "input_tokens=321 output_tokens=12" in caplog.text


def test_an_endpoint_trickling_its_reply_is_cut_at_the_deadline_and_frees_the_worker(fake_openai):
    import time
    from concurrent.futures import ThreadPoolExecutor

    fake_openai.default = Step(200, json.dumps(completion(json.dumps(GOOD))).encode(), trickle=0.2)  # ~100 s for the body
    llm, base = _answerer(fake_openai, llm_timeout=1.0)
    with ThreadPoolExecutor(max_workers=10) as pool:  # more slow calls than the bot has LLM threads
        results = list(pool.map(lambda _: llm.answer(Q), range(10)))
    assert all(r.answer == base.answer(Q).answer and "Produced offline" in r.context for r in results)
    started = len(fake_openai.requests)
    deadline = time.monotonic() + 15  # a condition to wait for, not a speed target: each trickle is 100 s long
    while fake_openai.dropped < started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert fake_openai.dropped == started  # every slow reply was abandoned by the client, none holds a worker
    fake_openai.steps.append(reply(GOOD))
    assert llm.answer(Q).backend == "openai"  # a healthy endpoint gets its call
