"""Running the scheduler in a process: a loop (or a background thread beside the Slack app) that ticks until told to stop."""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger(__name__)


def run_loop(scheduler: Any, stop: threading.Event, interval: float = 30.0) -> int:
    """Tick every `interval` seconds until `stop` is set; a failing tick is logged and the loop goes on. Returns ticks run."""
    ticks = 0
    while not stop.is_set():
        try:
            for outcome in scheduler.tick():
                log.info("stand-up %s %s %s: %s %s", outcome.channel, outcome.day, outcome.kind, outcome.result, outcome.note)
        except Exception:  # noqa: BLE001 - a database hiccup must not end stand-ups for good; the next tick retries
            log.exception("stand-up scheduler tick failed")
        ticks += 1
        stop.wait(interval)
    return ticks


def start_background(scheduler: Any, interval: float = 30.0) -> tuple[threading.Thread, threading.Event]:
    """Start the scheduler (built by the face with its poster) beside a running app (every replica may run one: each
    post still happens once)."""
    stop = threading.Event()
    thread = threading.Thread(target=run_loop, args=(scheduler, stop, interval), name="compel-standups", daemon=True)
    thread.start()
    return thread, stop
