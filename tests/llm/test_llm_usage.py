"""The per-person daily LLM limit and token counts, kept in the records database."""

from __future__ import annotations

from bot.llm.protocol import Usage
from bot.llm.usage import UsageLedger

NONE = Usage()


def _ledger(url, limit, day="2026-11-20"):
    clock = {"day": day, "now": 0.0}
    ledger = UsageLedger(url, limit, today=lambda: clock["day"], clock=lambda: clock["now"])
    return ledger, clock


def _call(ledger, person, usage=NONE) -> bool:
    """What the caller does: ask, then count the call."""
    if not ledger.allowed(person):
        return False
    ledger.record(person, "answer", "m", usage)
    return True


def test_each_person_has_their_own_daily_limit(database_url):
    ledger, _ = _ledger(database_url, 2)
    assert _call(ledger, "U1") and _call(ledger, "U1")
    assert not _call(ledger, "U1")  # refused even before the background writes land
    assert _call(ledger, "U2")
    ledger.flush()
    assert ledger.used("U1")[0] == 2 and ledger.used("U2")[0] == 1


def test_the_limit_resets_the_next_day(database_url):
    ledger, clock = _ledger(database_url, 1)
    assert _call(ledger, "U1") and not _call(ledger, "U1")
    clock["day"] = "2026-11-21"
    assert _call(ledger, "U1")
    ledger.flush()
    assert ledger.used("U1", "2026-11-20")[0] == 1


def test_zero_means_no_limit_and_calls_without_a_person_are_counted_not_limited(database_url):
    unlimited, _ = _ledger(database_url, 0)
    assert all(_call(unlimited, "U1") for _ in range(5))
    limited, _ = _ledger(database_url, 1)
    assert all(_call(limited, None) for _ in range(3))
    limited.flush()
    assert limited.used(None)[0] == 3


def test_tokens_add_up_and_replicas_share_the_count(database_url):
    a, clock = _ledger(database_url, 3)
    b, _ = _ledger(database_url, 3)  # a second bot replica on the same database
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


def test_the_limit_holds_while_writes_are_still_in_flight(database_url):
    ledger, _ = _ledger(database_url, 3)
    assert [_call(ledger, "U1") for _ in range(5)] == [True, True, True, False, False]
    ledger.flush()
    assert ledger.used("U1")[0] == 3


def test_two_replicas_counting_at_once_lose_no_call(database_url):
    import threading

    ledgers = [_ledger(database_url, 0)[0] for _ in range(2)]  # both create today's row for U1 at the same moment
    barrier = threading.Barrier(2)

    def count(ledger) -> None:
        barrier.wait()
        for _ in range(20):
            ledger.record("U1", "answer", "m", Usage(input_tokens=3, output_tokens=1))
        ledger.flush()

    threads = [threading.Thread(target=count, args=(ledger,)) for ledger in ledgers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ledgers[0].used("U1") == (40, 120, 40)
    for ledger in ledgers:
        ledger.close()
