"""LLM path speed: overhead beyond the model's latency (local fake server, zero delay) and the offline answer after a timeout.

    python benchmarks/bench_llm.py [--calls 200]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import isolated_settings, pct, table, verdict  # noqa: E402

OVERHEAD_MS = 20.0
AFTER_TIMEOUT_MS = 200.0
Q = "When should the team ask for access to source systems?"
UPDATE = "The scoring API p95 latency is 450ms against a 200ms target; CHG-8812 is waiting on the firewall team until 2026-12-01."


class TimedServer:
    """The tests' local OpenAI-compatible server, timing its own handling so it can be taken out of the figures."""

    def __init__(self):
        from tests.fixtures.llm import FakeOpenAI

        self.fake = FakeOpenAI().start()
        self.server_ms: list[float] = []
        handler = self.fake.server.RequestHandlerClass
        original = handler.do_POST
        spent = self.server_ms

        def timed(this):
            t0 = time.perf_counter()
            original(this)
            spent.append((time.perf_counter() - t0) * 1000)

        handler.do_POST = timed


CPU: list[float] = []  # process CPU ms of each call of the last _measure (all threads: client, local server, usage writer)


def _measure(fn, calls: int) -> list[float]:
    out = []
    CPU.clear()
    for _ in range(calls):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
        CPU.append((time.process_time() - c0) * 1000)
    return out


def overhead(calls: int) -> list[list[object]]:
    from bot.config import Settings
    from bot.llm.answer import LLMAnswerer
    from bot.llm.call import Caller
    from bot.llm.openai_backend import OpenAIBackend
    from bot.llm.translate import LLMTranslator
    from bot.llm.usage import UsageLedger
    from bot.translate import build_translator
    from knowledge.glossary import load_glossary
    from tests.fixtures.llm import FakeAnswerer, reply

    settings = isolated_settings()
    server = TimedServer()
    fake = server.fake
    answer_reply = reply({"covered": True, "sentences": [
        {"text": "Ask for source-system access early, since data owners, security and network teams take part.", "sources": ["c0ffee0001"]},
        {"text": "Record any shortcut in the debt register.", "sources": ["c0ffee0002"]}]})
    backend = OpenAIBackend(Settings(openai_base_url=fake.base_url, openai_api_key="sk-bench"))
    ledger = UsageLedger(settings.records_url, settings.llm_daily_limit)
    base = FakeAnswerer()
    rows = []

    cold_t0 = time.perf_counter()
    fake.default = answer_reply
    LLMAnswerer(base, Caller(backend)).answer(Q)
    cold = (time.perf_counter() - cold_t0) * 1000

    for label, caller in (("answer (no usage ledger)", Caller(backend)), ("answer (usage ledger on, person U1)", Caller(backend, ledger))):
        llm = LLMAnswerer(base, caller)
        llm.answer(Q, person="U1")
        server.server_ms.clear()
        wall = _measure(lambda: llm.answer(Q, person="U1"), calls)
        rows.append(_row(label, wall, server.server_ms))

    glossary = load_glossary(None)
    engine = build_translator(glossary)
    fake.default = reply({"summary": "The prediction service answers too slowly: 450ms against a 200ms target.",
                          "impact": "People wait; CHG-8812 is held by the firewall team until 2026-12-01.", "options": [],
                          "decision": None, "pillars": ["technology"], "category": "performance gap", "stage": "integration"})
    llm_t = LLMTranslator(engine, Caller(backend, ledger))
    llm_t.translate(UPDATE)
    server.server_ms.clear()
    wall = _measure(lambda: llm_t.translate(UPDATE), calls)
    cpu = list(CPU)
    offline = _measure(lambda: engine.translate(UPDATE), calls)
    rows.append(_row("translate (engine run included)", wall, server.server_ms, cpu))
    rows.append(_row("translate, minus the offline engine", _minus(wall, offline), server.server_ms, _minus(cpu, CPU)))
    # Stand-up summary: the engine's summary is built first (offline cost, benchmarked in bench_standup); the LLM
    # path's own part is the rest: prompt, call, per-claim checks.
    from bot.llm.summary import LLMStandups
    from tests.fixtures.llm import DAY, demo_standups

    standups = demo_standups()
    offline_summary = standups.summary("demo", DAY, "sponsor")
    # Every claim reworded (a suffix), so each goes through the full facts, names and jargon checks.
    claims = [{"n": n, "text": c.text.rstrip(".?") + " (as reported)."} for n, c in enumerate(offline_summary.claims())]
    fake.default = reply({"headline": offline_summary.headline, "claims": claims})
    llm_s = LLMStandups(standups, Caller(backend, ledger))
    llm_s.summary("demo", DAY, "sponsor")
    n = max(10, calls // 10)
    server.server_ms.clear()
    wall = _measure(lambda: llm_s.summary("demo", DAY, "sponsor"), n)
    cpu = list(CPU)
    offline = _measure(lambda: standups.summary("demo", DAY, "sponsor"), n)
    rows.append(_row(f"stand-up summary (sponsor), minus the engine ({n} calls)", _minus(wall, offline), server.server_ms, _minus(cpu, CPU)))
    # Stage questions: the offline question set as grounds, the use case's finding as records, each question checked.
    from bot.llm.questions import LLMOversight
    from tests.fixtures.llm import FixedOversight

    fixed = FixedOversight()
    fake.default = reply({"questions": [
        {"text": "Which of the new integration points were not in the design the estimate was based on?", "sources": ["p1", "p2"]},
        {"text": "Who owns the plan for the three integration points added in two sprints?", "sources": ["p2"]}]})
    llm_q = LLMOversight(fixed, Caller(backend, ledger))
    llm_q.questions(use_case="uc-route")
    server.server_ms.clear()
    wall = _measure(lambda: llm_q.questions(use_case="uc-route"), calls)
    cpu = list(CPU)
    offline = _measure(lambda: (fixed.questions(use_case="uc-route"), fixed.findings()), calls)
    rows.append(_row("stage questions, minus the engine", _minus(wall, offline), server.server_ms, _minus(cpu, CPU)))
    fake.stop()
    rows.append(["first call in a process (imports langchain)", f"{cold:.0f} ms", "-", "-", "-", "(once)", "-"])
    return rows


def _minus(a: list[float], b: list[float]) -> list[float]:
    """Per-rank difference of two timing lists (the engine's own run taken out)."""
    return [x - y for x, y in zip(sorted(a), sorted(b))]


def _row(label: str, wall: list[float], server_ms: list[float], cpu: list[float] | None = None) -> list[object]:
    server = sorted(server_ms)[len(server_ms) // 2] if server_ms else 0.0
    own = [w - server for w in wall]
    p50, p95 = pct(own, 50), pct(own, 95)
    cpu_p50 = f"{pct(cpu if cpu is not None else CPU, 50):.1f} ms"
    return [label, f"{pct(wall, 50):.1f} ms", f"{server:.1f} ms", cpu_p50, f"{p50:.1f} / {p95:.1f} ms", f"≤ {OVERHEAD_MS:.0f} ms (p95)", verdict(p95 <= OVERHEAD_MS)]


def after_timeout(repeats: int) -> list[list[object]]:
    from bot.config import Settings
    from bot.llm.answer import LLMAnswerer
    from bot.llm.call import Caller
    from bot.llm.openai_backend import OpenAIBackend
    from tests.fixtures.llm import FakeAnswerer, FakeOpenAI, Step

    rows = []
    cases = [
        ("no reply (hangs)", Step(hang=True)),
        ("429 with Retry-After: 30", Step(429, b'{"error": {"message": "slow down", "type": "requests"}}', headers={"retry-after": "30"})),
        ("500 on every attempt", Step(500, b'{"error": {"message": "down", "type": "server_error"}}')),
    ]
    for timeout in (0.5, 2.0):
        for label, step in cases:
            fake = FakeOpenAI().start()
            fake.default = step
            backend = OpenAIBackend(Settings(openai_base_url=fake.base_url, openai_api_key="sk-bench", llm_timeout=timeout))
            llm = LLMAnswerer(FakeAnswerer(), Caller(backend))
            llm.answer(Q)  # warm: imports and client built
            times = _measure(lambda: _must_be_offline(llm.answer(Q)), repeats)
            fake.stop()
            late = max(times) - timeout * 1000
            rows.append([f"{label}, timeout {timeout:g} s", f"{max(times):.0f} ms", f"{late:+.0f} ms",
                         f"≤ +{AFTER_TIMEOUT_MS:.0f} ms", verdict(late <= AFTER_TIMEOUT_MS)])
    return rows


def _must_be_offline(answer) -> None:
    if "Produced offline" not in answer.context:
        raise SystemExit(f"expected the offline answer, got: {answer.context}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    rows = overhead(args.calls)
    table(f"LLM path overhead beyond the model's latency ({args.calls} calls, local OpenAI-compatible server, zero delay)",
          ["path", "wall p50", "server handling p50", "CPU p50", "own wall p50 / p95", "target", ""], rows)
    load = os.getloadavg()
    print(f"machine load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} cores: wall figures stretch with it; CPU does not")
    late = after_timeout(args.repeats)
    table(f"Offline answer after an LLM failure (worst of {args.repeats})", ["case", "answered after", "beyond timeout", "target", ""], late)
    if args.json:
        print(json.dumps({"overhead": rows, "after_timeout": late}, default=str))


if __name__ == "__main__":
    main()
