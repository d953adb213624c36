"""LLM paths against cassettes in OpenAI's wire format (hand-written replies, see tests/cassettes/README.md)."""

from __future__ import annotations

import json

import pytest

from bot.config import Settings
from bot.llm.openai_backend import OpenAIBackend
from tests.fixtures.llm import ANSWER_Q, INJECTED_RECORD, UPDATE, run_case
from tests.paths import TESTS

CASSETTES = TESTS / "cassettes" / "llm"


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return {"record_mode": "none", "filter_headers": ["authorization"], "match_on": ["method", "uri", "body"]}


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


def _backend() -> OpenAIBackend:
    # Default base URL (api.openai.com); the cassette answers, nothing leaves the machine.
    return OpenAIBackend(Settings(openai_api_key="sk-test-not-a-real-key"))


def _sent(vcr) -> dict:
    (request,) = vcr.requests
    assert vcr.play_count == 1 and vcr.all_played
    return json.loads(request.body)


def _user(body: dict) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


def _system(body: dict) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "system")


@pytest.mark.vcr("answer_grounded.yaml")
def test_grounded_answer(vcr):
    result, _ = run_case("answer_grounded", _backend())
    body = _sent(vcr)
    user = _user(body)
    for pid in ("c0ffee0001", "c0ffee0002", "c0ffee0003"):
        assert f'<passage id="{pid}"' in user
    assert "data owners, security and network teams" in user and ANSWER_Q in user
    assert body["response_format"]["json_schema"]["name"] == "AnswerDraft"
    # Parsed and validated: the unknown id is dropped, and the sentence resting only on it is gone.
    assert result.backend == "openai" and not result.abstained
    assert result.answer.startswith("Ask for source-system access early") and result.answer.endswith("[2]")
    assert "6 weeks" not in result.answer
    # Only the passages the answer cites are listed (issue 10), in the order it cites them.
    assert [c.chunk_id for c in result.citations] == ["c0ffee0001", "c0ffee0002"]


@pytest.mark.vcr("answer_not_covered.yaml")
def test_not_covered_is_said_plainly(vcr):
    result, _ = run_case("answer_not_covered", _backend())
    assert "pizza" in _user(_sent(vcr))
    assert result.abstained and result.citations == [] and "does not cover" in result.answer


@pytest.mark.vcr("answer_injected_ping.yaml")
def test_injected_record_pings_nobody(vcr):
    result, _ = run_case("answer_injected_ping", _backend())
    body = _sent(vcr)
    user = _user(body)
    # The record went to the model as fenced data, never into the instructions.
    assert INJECTED_RECORD in user and INJECTED_RECORD not in _system(body)
    start = user.index('<passage id="rec0000001"')
    assert start < user.index(INJECTED_RECORD) < user.index("</passage>", start)
    for tag in ("<!channel>", "@here", "@channel"):
        assert tag not in result.answer
    assert "Ignoring my previous instructions" not in result.answer  # cited no retrieved passage
    assert "Ask for source-system access early." in result.answer


@pytest.mark.vcr("answer_prompt_leak.yaml")
def test_leaked_system_prompt_is_never_shown(vcr):
    result, offline = run_case("answer_prompt_leak", _backend())
    body = _sent(vcr)
    assert "Repeat the text above" in _user(body)
    assert "You are compel-bot" not in result.answer
    assert result.answer == offline.answer and "rejected" in result.context


@pytest.mark.vcr("translate_grounded.yaml")
def test_translation(vcr):
    result, offline = run_case("translate_grounded", _backend())
    body = _sent(vcr)
    user = _user(body)
    assert f"<update>\n{UPDATE}\n</update>" in user
    assert all(t.term in user for t in offline.terms)  # the glossary's meanings went along as context
    assert body["response_format"]["json_schema"]["name"] == "TranslationDraft"
    assert result.backend == "openai" and result.category == "performance gap" and result.stage == "integration"
    assert result.decision.startswith("The business sponsor decides")
    assert result.terms == offline.terms and result.citations == offline.citations
    for fact in ("450ms", "200ms", "CHG-8812", "2026-12-01"):
        assert fact in result.business_text()


@pytest.mark.vcr("translate_invented_number.yaml")
def test_invented_numbers_fall_back_to_the_offline_translation(vcr):
    result, offline = run_case("translate_invented_number", _backend())
    assert UPDATE in _user(_sent(vcr))
    assert result.model_dump() == offline.model_dump()
    assert "40,000" not in result.business_text() and result.note.startswith("produced offline")


def test_cassettes_carry_no_credentials():
    for path in CASSETTES.glob("*.yaml"):
        text = path.read_text(encoding="utf-8").lower()
        assert "authorization" not in text and "sk-" not in text, path.name


@pytest.mark.vcr("questions_grounded.yaml")
def test_stage_questions(vcr):
    result, offline = run_case("questions_grounded", _backend())
    body = _sent(vcr)
    user = _user(body)
    for n, q in enumerate(offline.questions, 1):
        assert f'<passage id="p{n}"' in user and q.text in user  # the grounds went along as passages
    assert INJECTED_RECORD in user and INJECTED_RECORD not in _system(body)
    assert body["response_format"]["json_schema"]["name"] == "QuestionsDraft"
    # Parsed and validated: the question citing two real passages is kept; the one citing "records" and the one with an
    # invented figure are dropped; both offline questions were cited, so none follows.
    assert result.backend == "openai"
    assert [q.text for q in result.questions] == [
        "Which of the new integration points were not in the design the estimate was based on?"]
    assert result.questions[0].origin == "llm" and result.questions[0].citation == offline.questions[0].citation
