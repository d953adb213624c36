"""The per-person daily LLM limit and token counts, kept in the records database."""

from __future__ import annotations

from bot.llm.protocol import Usage
from bot.llm.usage import UsageLedger

NONE = Usage()


def _ledger(tmp_path, limit, day="2026-11-20"):
    clock = {"day": day, "now": 0.0}
    ledger = UsageLedger(f"sqlite:///{tmp_path / 'records.db'}", limit, today=lambda: clock["day"], clock=lambda: clock["now"])
    return ledger, clock


def _call(ledger, person, usage=NONE) -> bool:
    """What the caller does: ask, then count the call."""
    if not ledger.allowed(person):
        return False
    ledger.record(person, "answer", "m", usage)
    return True


def test_each_person_has_their_own_daily_limit(tmp_path):
    ledger, _ = _ledger(tmp_path, 2)
    assert _call(ledger, "U1") and _call(ledger, "U1")
    assert not _call(ledger, "U1")  # refused even before the background writes land
    assert _call(ledger, "U2")
    ledger.flush()
    assert ledger.used("U1")[0] == 2 and ledger.used("U2")[0] == 1


def test_the_limit_resets_the_next_day(tmp_path):
    ledger, clock = _ledger(tmp_path, 1)
    assert _call(ledger, "U1") and not _call(ledger, "U1")
    clock["day"] = "2026-11-21"
    assert _call(ledger, "U1")
    ledger.flush()
    assert ledger.used("U1", "2026-11-20")[0] == 1


def test_zero_means_no_limit_and_calls_without_a_person_are_counted_not_limited(tmp_path):
    unlimited, _ = _ledger(tmp_path, 0)
    assert all(_call(unlimited, "U1") for _ in range(5))
    limited, _ = _ledger(tmp_path, 1)
    assert all(_call(limited, None) for _ in range(3))
    limited.flush()
    assert limited.used(None)[0] == 3


def test_tokens_add_up_and_replicas_share_the_count(tmp_path):
    a, clock = _ledger(tmp_path, 3)
    b, _ = _ledger(tmp_path, 3)  # a second bot replica on the same database
    b.clock = a.clock
    assert _call(a, "U1", Usage(input_tokens=100, output_tokens=20))
    assert _call(b, "U1", Usage(input_tokens=50, output_tokens=5))
    a.flush()
    b.flush()
    assert a.used("U1") == (2, 150, 25)
    assert _call(b, "U1")
    b.flush()
    clock["now"] += UsageLedger.REFRESH + 1  # replica a re-reads the stored count and sees b's calls
    assert not _call(a, "U1")
    assert a.used("U1")[0] == 3


def test_the_limit_holds_while_writes_are_still_in_flight(tmp_path):
    ledger, _ = _ledger(tmp_path, 3)
    assert [_call(ledger, "U1") for _ in range(5)] == [True, True, True, False, False]
    ledger.flush()
    assert ledger.used("U1")[0] == 3
