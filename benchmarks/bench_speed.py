"""Speed of indexing and asking on this machine, each figure beside its target.

Run: python benchmarks/bench_speed.py [--bok DIR] [--articles 100] [--skip-synthetic]

Measures, each in the same run:
  first index of the BoK and an unchanged re-index (new `compel` processes);
  cold `compel ask` in a new process with the index built;
  warm ask (engine loaded) p50/p95 over the dev questions and paraphrases;
  a synthetic corpus of BoK-sized articles: index time, query p95, peak memory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, SHARED, pct, table, verdict  # noqa: E402

WORDS = (
    "pipeline model data platform sprint milestone governance readiness deployment integration monitoring "
    "retraining versioning rollback steward sponsor committee backlog feature latency drift quality access "
    "procurement vendor license budget capacity remediation workstream dependency escalation adoption training "
    "process redesign policy audit control lineage catalog warehouse lake schema contract endpoint service "
    "throughput accuracy precision recall threshold baseline experiment hypothesis cadence review retrospective"
).split()
CONNECT = "the a an of for with across during before after within under through".split()
VERBS = "requires tracks delays improves reduces exposes changes protects informs blocks enables measures".split()


def sentence(rng: random.Random) -> str:
    n = rng.randint(9, 22)
    parts = []
    for i in range(n):
        pool = VERBS if i == 3 else (CONNECT if i % 4 == 1 else WORDS)
        parts.append(rng.choice(pool))
    return parts[0].capitalize() + " " + " ".join(parts[1:]) + "."


def synthetic_article(rng: random.Random, module: int, article: int) -> str:
    """A BoK-shaped article of about the real articles' size (~15 KB, ~11 sections)."""
    lines = [f"COMPEL Certification Body of Knowledge — Module 7.{module}: Synthetic Topic {module}", f"Article {article} of 10"]
    for s in range(11):
        heading = " ".join(w.capitalize() for w in rng.sample(WORDS, 3))
        lines.append(f"{heading} {s + 1}")
        for _ in range(rng.randint(3, 4)):
            lines.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.4:
            lines.extend(f"- {sentence(rng)}" for _ in range(3))
    lines.append("© Synthetic Org — benchmark text.")
    return "\n".join(lines) + "\n"


def compel(args: list[str], data: Path) -> tuple[float, subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPEL_", "CHROMA_", "OPENAI_", "SLACK_"))}
    env.update(COMPEL_DATA_DIR=str(data), HF_HUB_OFFLINE="1")
    exe = Path(sys.executable).with_name("compel")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "bot.cli"]
    start = time.perf_counter()
    proc = subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"compel {' '.join(args)} failed: {proc.stderr.strip()}")
    return elapsed, proc


def warm_latencies(data: Path, questions: list[str], rounds: int) -> list[float]:
    from bot.config import Settings
    from bot.services import Services

    services = Services(Settings(data_dir=data))
    services.answerer.answer(questions[0])  # load the engine
    times = []
    for _ in range(rounds):
        for q in questions:
            services.index._query_cache.clear()  # no help from repeated questions
            start = time.perf_counter()
            services.answerer.answer(q)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bok", type=Path, default=SHARED / "bok")
    parser.add_argument("--eval", type=Path, default=SHARED / "eval" / "retrieval_dev.yaml")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    if not args.bok.is_dir():
        print(f"needs the BoK articles at {args.bok}", file=sys.stderr)
        return 2
    questions = [c["q"] for c in yaml.safe_load(args.eval.read_text())["cases"]] if args.eval.exists() else [
        "Which questions fit a use case at the integration stage?"]
    rows = []
    data = Path(tempfile.mkdtemp(prefix="compel-speed-"))

    first, _ = compel(["index", str(args.bok)], data)
    rows.append(["first index of the BoK (new process)", f"{first:.2f} s", "≤ 10 s", verdict(first <= 10)])
    again, _ = compel(["index", str(args.bok)], data)
    rows.append(["re-index, unchanged (new process)", f"{again:.2f} s", "≤ 1 s", verdict(again <= 1)])
    colds = [compel(["ask", questions[i % len(questions)]], data)[0] for i in range(5)]
    rows.append(["cold `compel ask` (new process), median of 5", f"{pct(colds, 50):.2f} s (max {max(colds):.2f})", "≤ 1 s", verdict(pct(colds, 50) <= 1)])

    warm = warm_latencies(data, questions, rounds=5)
    p50, p95 = pct(warm, 50), pct(warm, 95)
    rows.append([f"warm ask p50 ({len(warm)} asks)", f"{p50:.1f} ms", "≤ 100 ms", verdict(p50 <= 100)])
    rows.append([f"warm ask p95 ({len(warm)} asks)", f"{p95:.1f} ms", "≤ 100 ms", verdict(p95 <= 100)])

    if not args.skip_synthetic:
        corpus = Path(tempfile.mkdtemp(prefix="compel-synth-"))
        rng = random.Random(7)
        for n in range(args.articles):
            (corpus / f"module-7.{n // 10 + 1}-article-{n % 10 + 1:02d}.txt").write_text(
                synthetic_article(rng, n // 10 + 1, n % 10 + 1), encoding="utf-8")
        size_mb = sum(f.stat().st_size for f in corpus.iterdir()) / 1e6
        synth_data = Path(tempfile.mkdtemp(prefix="compel-synth-data-"))
        took, proc = compel(["index", "--json", str(corpus)], synth_data)
        child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        import json

        report = json.loads(proc.stdout)
        rows.append([f"synthetic corpus: {args.articles} articles, {size_mb:.1f} MB, {report['total_chunks']} passages, indexed",
                     f"{took:.1f} s", "≤ 90 s", verdict(took <= 90)])
        rows.append(["  peak memory of the largest `compel index` process", f"{child_peak:.0f} MB", "printed", ""])
        synth_q = [sentence(random.Random(i)) for i in range(40)] + questions
        lat = warm_latencies(synth_data, synth_q, rounds=2)
        rows.append([f"synthetic corpus: query p95 ({len(lat)} asks)", f"{pct(lat, 95):.1f} ms (p50 {pct(lat, 50):.1f})", "≤ 250 ms", verdict(pct(lat, 95) <= 250)])
        rows.append(["  peak memory of the benchmark process (engine loaded)",
                     f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", "printed", ""])
    load = os.getloadavg()
    table(f"compel speed (2 cores; load average at end {load[0]:.1f})", ["measure", "figure", "target", ""], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
