"""Quality and speed of `compel translate` over ../shared/eval/translate_dev.yaml, each figure beside its target.

Run: python benchmarks/bench_translate.py [--eval PATH] [--batch-size 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.translate import build_translator, check_facts  # noqa: E402
from knowledge.glossary import Glossary, GlossaryEntry, load_glossary  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "translate_dev.yaml"


def quality(cases: list[dict], translator, glossary: Glossary) -> dict[str, float]:
    """Facts kept, jargon leaked, pillar recall and decision accuracy over the cases."""
    facts_ok = jargon_total = jargon_leaked = pillars_total = pillars_hit = decisions_ok = 0
    for case in cases:
        t = translator.translate(case["text"])
        text = t.business_text()
        keep_ok = all(k in text for k in case.get("keep", []))
        facts_ok += keep_ok and check_facts(case["text"], text, glossary).ok
        # The case's own jargon list, matched with the glossary's rules (inflections, hyphens, case). A term
        # counts as left in when it appears at all, even explained: the strictest reading of the target.
        terms = case.get("jargon", [])
        if terms:
            mini = Glossary([GlossaryEntry(term=j, plain="a term of the case", domain="org") for j in terms])
            left = {m.entry.term for part in t.business_texts() for m in mini.find(part)}
            jargon_total += len(terms)
            jargon_leaked += len(left)
        expected = set(case.get("pillars", []))
        pillars_total += len(expected)
        pillars_hit += len(expected & set(t.pillars))
        decisions_ok += (t.decision is not None) == bool(case.get("decision"))
    n = len(cases)
    return {
        "facts kept": facts_ok / n,
        "jargon leaked": jargon_leaked / jargon_total if jargon_total else 0.0,
        "pillar recall": pillars_hit / pillars_total if pillars_total else 1.0,
        "decision accuracy": decisions_ok / n,
    }


def _updates(cases: list[dict], n: int) -> list[str]:
    """n updates: the dev texts with varied numbers and ids, so nothing repeats verbatim."""
    out = []
    for i in range(n):
        text = cases[i % len(cases)]["text"]
        out.append(f"{text} Ticket OPS-{1000 + i} tracks it, about {i % 17 + 2} people involved.")
    return out


def speed(cases: list[dict], translator, batch_size: int) -> dict[str, float]:
    """Per-update latency inside one process, and a whole batch through the CLI from a cold start."""
    updates = _updates(cases, batch_size)
    for u in updates[:20]:  # warm-up: imports and compiled patterns, as a running bot would have them
        translator.translate(u)
    times = []
    for u in updates:
        start = time.perf_counter()
        translator.translate(u)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "updates.txt"
        batch.write_text("\n".join(updates) + "\n", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COMPEL_DATA_DIR": str(Path(tmp) / "data")}
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "bot.cli", "translate", "--batch", str(batch), "--json"],
            capture_output=True, text=True, env=env, cwd=tmp,
        )
        seconds = time.perf_counter() - start
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        batch_ok = proc.returncode == 0 and len(lines) == batch_size
        if not batch_ok:
            print(f"batch run failed (exit {proc.returncode}, {len(lines)} lines): {proc.stderr[-500:]}", file=sys.stderr)
    return {"p50 ms": statistics.median(times), "p95 ms": p95, "batch s": seconds, "batch ok": batch_ok}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()
    if not args.eval.is_file():
        print(f"The development set is not at {args.eval}; pass --eval PATH.", file=sys.stderr)
        return 2
    cases = yaml.safe_load(args.eval.read_text(encoding="utf-8"))["cases"]
    glossary = load_glossary()
    translator = build_translator(glossary)
    q = quality(cases, translator, glossary)
    s = speed(cases, translator, args.batch_size)
    rows = [
        ("facts kept", f"{q['facts kept']:.0%}", "100%", q["facts kept"] >= 1.0),
        ("jargon leaked", f"{q['jargon leaked']:.1%}", "<= 5%", q["jargon leaked"] <= 0.05),
        ("pillar recall", f"{q['pillar recall']:.0%}", ">= 90%", q["pillar recall"] >= 0.90),
        ("decision accuracy", f"{q['decision accuracy']:.0%}", ">= 90%", q["decision accuracy"] >= 0.90),
        ("p50 per update", f"{s['p50 ms']:.2f} ms", "<= 20 ms", s["p50 ms"] <= 20),
        ("p95 per update", f"{s['p95 ms']:.2f} ms", "<= 50 ms", s["p95 ms"] <= 50),
        # A batch that failed or lost lines is no result, however fast it ended.
        (f"{args.batch_size:,} updates, CLI batch", f"{s['batch s']:.2f} s" + ("" if s["batch ok"] else " (FAILED)"), "<= 10 s",
         s["batch ok"] and s["batch s"] <= 10),
    ]
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"compel translate — {len(cases)} dev cases ({args.eval.name})")
        for col in ("measure", "result", "target", "met"):
            table.add_column(col)
        for name, value, target, ok in rows:
            table.add_row(name, value, target, "[green]yes[/]" if ok else "[red]no[/]")
        Console().print(table)
    except ImportError:  # plain text where rich is absent
        for name, value, target, ok in rows:
            print(f"{name:28} {value:>12} {target:>10} {'yes' if ok else 'NO'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
