"""Shared helpers for the benchmarks: isolated data dirs, percentiles, tables with targets."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def isolated_settings(**overrides):
    """Settings on a fresh temporary data dir, with none of the caller's environment."""
    from bot.config import Settings

    for key in list(os.environ):
        if key.startswith(("COMPEL_", "CHROMA_", "OPENAI_", "SLACK_")):
            os.environ.pop(key)
    data = Path(tempfile.mkdtemp(prefix="compel-bench-"))
    return Settings(data_dir=data, **overrides)


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def table(title: str, columns: list[str], rows: list[list[object]]) -> None:
    """Print a table (rich when available)."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover
        print(title)
        for row in [columns, *rows]:
            print(" | ".join(str(c) for c in row))
        return
    t = Table(title=title)
    for c in columns:
        t.add_column(c)
    for row in rows:
        t.add_row(*[str(c) for c in row])
    Console(width=140).print(t)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"
