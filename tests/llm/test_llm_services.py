"""The LLM path through the composition root and the CLI: same calls, same JSON shapes, offline without a key."""

from __future__ import annotations

import json
import logging
import re

import pytest

import bot.llm
from bot.cli import main
from bot.config import Settings
from bot.services import Services
from tests.fixtures.llm import Step, passage_ids, reply, user_message

UPDATE = "The nightly ETL for the churn model failed 3 times this week; JIRA-4411 tracks the fix, due 2026-12-04."


def test_without_a_key_the_engines_are_used_and_it_is_said_once(caplog):
    from bot.answer import Answerer
    from bot.translate import OfflineTranslator

    bot.llm._said.clear()
    with caplog.at_level(logging.INFO, logger="bot.llm"):
        first, second = Services(Settings()), Services(Settings())
        assert isinstance(first.translator, OfflineTranslator) and isinstance(second.translator, OfflineTranslator)
        assert type(first.answerer) is Answerer
        assert first.llm.name == "offline"
    assert caplog.text.count("No LLM configured") == 1


def test_with_a_base_url_the_entry_points_take_the_llm_path(fake_openai):
    from bot.llm.answer import LLMAnswerer
    from bot.llm.summary import LLMStandups
    from bot.llm.translate import LLMTranslator

    services = Services(Settings(openai_base_url=fake_openai.base_url))
    assert services.llm.name == "openai"
    assert isinstance(services.translator, LLMTranslator)
    assert isinstance(services.answerer, LLMAnswerer)
    assert isinstance(services.standups, LLMStandups)
    services.close()


def test_offline_backend_runs_the_engine_through_the_protocol():
    from bot.llm import build_backend
    from bot.llm.protocol import ChatRequest
    from bot.translate import Translation

    backend = build_backend(Settings())
    done = Translation(summary="s", impact="i", category="progress")
    reply_ = backend.complete(ChatRequest(task="translate", prompt="translate.v1", system="", user="", schema=Translation, offline=lambda: done))
    assert reply_.final and reply_.output is done and reply_.usage.total == 0


def test_cli_translate_json_shape_is_unchanged_with_an_llm(fake_openai, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    fake_openai.steps.append(reply({
        "summary": "The nightly data load for the churn model failed 3 times this week.",
        "impact": "Churn warnings may be out of date; JIRA-4411 tracks the fix, due 2026-12-04.",
        "options": [], "decision": None, "pillars": ["technology"], "category": "incident", "stage": "data preparation"}))
    assert main(["translate", "--json", UPDATE]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"summary", "impact", "options", "decision", "pillars", "category", "stage", "terms", "citations", "issues"}
    assert out["category"] == "incident" and "failed 3 times this week" in out["summary"]
    assert UPDATE in user_message(fake_openai.requests[0])


def test_cli_translate_falls_back_offline_when_the_endpoint_fails(fake_openai, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    fake_openai.default = Step(500, b'{"error": {"message": "down", "type": "server_error"}}')
    assert main(["translate", "--json", UPDATE]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "JIRA-4411" in out["summary"] + out["impact"]


@pytest.mark.slow
def test_cli_ask_cites_only_retrieved_chunks(indexed_data_dir, fake_openai, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)

    def respond(request):
        ids = passage_ids(request)
        return reply({"covered": True, "sentences": [
            {"text": "The EATP asks the team the oversight questions for the stage.", "sources": [ids[0], "not-retrieved"]}]})

    fake_openai.responder = respond
    assert main(["ask", "--json", "Which questions fit a use case while its data is being readied?"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"program", "answer", "abstained", "citations"} and not out["abstained"]
    assert out["answer"] == "The EATP asks the team the oversight questions for the stage. [1]"
    assert out["citations"][0]["quote"] and out["citations"][0]["section"]
    assert len(passage_ids(fake_openai.requests[0])) >= 1


@pytest.mark.slow
def test_cli_ask_answers_offline_after_a_timeout(indexed_data_dir, fake_openai, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("COMPEL_LLM_TIMEOUT", "0.3")
    fake_openai.default = Step(hang=True)
    assert main(["ask", "Which questions fit a use case while its data is being readied?"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\[1\]", out) and "Produced offline (the language model timed out)" in out


def test_the_slack_engines_get_the_llm_translation(fake_openai):
    from bot.engines import Engines, TranslateRequest
    from bot.translate import Translation

    fake_openai.steps.append(reply({
        "summary": "The nightly data load for the churn model failed 3 times this week.",
        "impact": "Warnings may be late; JIRA-4411 tracks the fix, due 2026-12-04.",
        "options": [], "decision": None, "pillars": ["technology"], "category": "incident", "stage": None}))
    services = Services(Settings(openai_base_url=fake_openai.base_url))
    result = Engines(services).translate(TranslateRequest(text=UPDATE))
    assert isinstance(result, Translation) and result.backend == "openai" and result.category == "incident"
    services.close()
