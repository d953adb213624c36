"""The per-person daily LLM limit and token counts, kept in the records database."""

from __future__ import annotations

from bot.llm.protocol import Usage
from bot.llm.usage import UsageLedger


def _ledger(tmp_path, limit, day="2026-11-20"):
    clock = {"day": day}
    return UsageLedger(f"sqlite:///{tmp_path / 'records.db'}", limit, today=lambda: clock["day"]), clock


def test_each_person_has_their_own_daily_limit(tmp_path):
    ledger, _ = _ledger(tmp_path, 2)
    assert ledger.reserve("U1") and ledger.reserve("U1")
    assert not ledger.reserve("U1")
    assert ledger.reserve("U2")
    assert ledger.used("U1")[0] == 2 and ledger.used("U2")[0] == 1


def test_the_limit_resets_the_next_day(tmp_path):
    ledger, clock = _ledger(tmp_path, 1)
    assert ledger.reserve("U1") and not ledger.reserve("U1")
    clock["day"] = "2026-11-21"
    assert ledger.reserve("U1")
    assert ledger.used("U1", "2026-11-20")[0] == 1


def test_zero_means_no_limit_and_calls_without_a_person_are_counted_not_limited(tmp_path):
    unlimited, _ = _ledger(tmp_path, 0)
    assert all(unlimited.reserve("U1") for _ in range(5))
    limited, _ = _ledger(tmp_path, 1)
    assert all(limited.reserve(None) for _ in range(3))
    assert limited.used(None)[0] == 3


def test_tokens_add_up_and_replicas_share_the_count(tmp_path):
    a, _ = _ledger(tmp_path, 3)
    b, _ = _ledger(tmp_path, 3)  # a second bot replica on the same database
    assert a.reserve("U1") and b.reserve("U1")
    a.record("U1", "answer", "m", Usage(input_tokens=100, output_tokens=20))
    b.record("U1", "translate", "m", Usage(input_tokens=50, output_tokens=5))
    assert a.used("U1") == (2, 150, 25)
    assert b.reserve("U1") and not a.reserve("U1")
