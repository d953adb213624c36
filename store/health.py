"""Whether the stores a serving bot depends on answer (the records database, the vector store), one line each when not."""

from __future__ import annotations

import logging
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from pathlib import Path
from typing import Callable

from store.sqlite_read import sqlite_path

log = logging.getLogger(__name__)

CHECK_SECONDS = 3.0  # a load balancer's health probe usually waits about 5 s; answer before it gives up


def run_checks(checks: dict[str, Callable[[], None]], timeout: float = CHECK_SECONDS) -> list[str]:
    """Run the checks side by side; one line per check that raised or did not answer within `timeout` seconds."""
    if not checks:
        return []
    # Not a `with` block: leaving it would wait for a check that hangs (a server that never answers), the thing timed out.
    pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="healthz")
    futures = {name: pool.submit(check) for name, check in checks.items()}
    deadline = time.monotonic() + timeout
    problems = []
    for name, future in futures.items():
        try:
            future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            problems.append(f"{name} did not answer within {timeout:g} s")
        except Exception as exc:  # noqa: BLE001 - any failure is the answer: that store is down
            problems.append(f"{name}: {one_line(exc)}")
    pool.shutdown(wait=False, cancel_futures=True)
    for problem in problems:
        log.warning("health check failed: %s", problem)
    return problems


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (its class name when it has none)."""
    text = getattr(exc, "message", None) or str(exc)
    first = text.strip().splitlines()[0] if text.strip() else exc.__class__.__name__
    return first[:300]


def ping_database(url: str, engine: Callable[[], object]) -> None:
    """Read from the records database; a SQLite file is opened read-only, so a check never creates or changes one."""
    path = sqlite_path(url)
    if path is not None:
        _ping_sqlite(Path(path))
        return
    from sqlalchemy import text

    with engine().connect() as conn:  # the store's own pool: the same connections answers use
        conn.execute(text("SELECT 1"))


def _ping_sqlite(path: Path) -> None:
    if not path.is_file():
        raise FileNotFoundError(f"the records database {path} does not exist; load records (`compel demo load` or `compel records import`)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise OSError(f"the records database {path} cannot be read ({exc})") from None
