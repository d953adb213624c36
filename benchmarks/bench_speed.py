"""Speed of indexing and asking on this machine, each figure beside its target.

Run: python benchmarks/bench_speed.py [--bok DIR] [--articles 100] [--skip-synthetic] [--baseline TREE]

--baseline TREE (a checkout of an earlier commit, e.g. `git worktree add ../wt-base <commit>`) measures that tree's
first index, re-index and cold ask in the same run, turn about with this one (A B A B ...), so a noisy machine moves
both alike; CPU seconds (user + system of the child, less load-dependent than wall time) are printed beside wall time.
Both trees run as `python -m bot.cli` with PYTHONPATH at the tree (a baseline with its own .venv runs on that venv's
interpreter, so a dependency added since is not lent to it), and bytecode is written (as an installed package
has it): one unmeasured run per tree first, so neither pays for compiling its modules.

Measures, each in the same run:
  first index of the BoK and an unchanged re-index (new `compel` processes);
  cold `compel ask` in a new process with the index built;
  warm ask (engine loaded) p50/p95 over the dev questions and paraphrases;
  a synthetic corpus of BoK-sized articles: index time, query p95, peak memory.

Where the time goes (speed5's profile, cProfile and per-call counters, on a loaded machine, so shares not seconds):
  first index: ~14,300 tokens embedded (57 BoK passages 7,000 tokens, the pack's ship embedded; 239 sentence vectors
  6,200; 66 answer sentences 1,100; all distinct texts), about 21 MFLOP a token, so ~300 GFLOP of encoder work; then
  importing chromadb (overlapped with embedding the passages) and langchain's splitter. Embedding now runs on
  onnxruntime (2 batches side by side), which needs no torch import and ~4x less CPU than NumPy on passages.
  cold ask: imports (numpy, pydantic-settings, the store's models, snowballstemmer's 30 languages) are about half;
  the model's tokenizer and weights ~0.1 s; a question near the refusal line read 14 glossary YAML files (0.1-0.4 s),
  now a pickle written at index time (knowledge/glossary_cache.py, ~10 ms).
  translate, cold: 80 % is the encoder (one call, ~3 clauses, ~45 tokens); fp32 on one core is near its peak there.
  speed6 (cProfile with CPU time and -X importtime, on a loaded machine): a BoK question loaded the record models
  (~40 pydantic classes) through knowledge.types -> store/__init__ -> store.checks -> store.models, and a stage question
  the oversight rules too; store/__init__ now imports nothing and bot.oversight's exports load on first use, so a BoK
  question builds ~24 models (13 request models defer their validators). Stems of the index's words are kept in its
  snapshot, so a cold ask neither imports snowballstemmer nor stems its passages' words again. Left: pydantic_settings
  (~0.15-0.2 s of a cold start: it imports asyncio, dotenv and its cloud providers) and numpy (~0.1 s, needed).
  speed7 measured and did not ship: settings read as pydantic-settings reads them without importing it (a hand-written
  reader with the same names, precedence and .env parser, falling back to pydantic-settings for anything ambiguous or
  invalid; branch speed7, 9360065): ~0.13 s CPU less per new process, but it writes again by hand what a well-kept
  library does, and every later pydantic-settings change would have to be copied. Seen and left: a question word missing from the
  snapshot's stem table imports snowballstemmer's 30 languages (~25 ms CPU); the three BM25 postings are built per
  process (~35 ms at low load); 77 module-level regexes compile on import (~50 ms).
  Small encoder calls (a question, an update's clauses, a batch's clause chunks) run packed in one row of a second
  shipped graph with a block mask: no padding (a padded chunk of 24 clauses cost ~2.5x its tokens; the batch regression
  since 13473e0 was mostly that, against NumPy's packed pass before), and the weights are streamed once.
  int8 dynamic quantisation of the encoder was measured: 1.2-1.6x less CPU but vectors only 0.94-0.96 cosine to fp32,
  so it was not adopted (rankings would move).
  speed8 (farm-bench pairs of whole processes at load 6-9, CPU medians; -X importtime; cProfile with CPU time):
  `compel ask` now runs with the garbage collector off (bot/cli main; every other command turns it back on as soon as
  it is known): a cold ask keeps nearly all it makes at start-up (imports, pydantic's schemas, the model), so the
  collector's passes freed nothing; cold ask CPU 1.24 -> 1.06 s (10 pairs, A/B 1.11), answers byte-identical on the 86
  dev questions. The same switch on `compel translate --batch` of 1,000 updates was 2.5 % slower (CPU 7.61 -> 7.82 s,
  4 pairs, peak memory equal), so it is not on there. What pydantic-settings itself costs, with pydantic already
  imported: asyncio ~47 ms CPU (pydantic_settings.main imports it at module level, for CliApp), its own modules
  ~28 ms, argparse/shlex/textwrap/dotenv ~11 ms; the rest of what `import pydantic_settings` seems to cost is pydantic
  (~280-310 ms at load 8: pydantic_core.core_schema, fields, types), which the record and answer models import in
  any case. The package's __init__ imports every source (CLI, AWS, Azure, GCP, TOML, YAML) whatever a class declares,
  so `settings_customise_sources` with fewer sources saves only Settings() itself (2-6 ms): not done.
  speed9 (a baseline tree at 4e4be6c with its own venv, A/B pairs of whole processes at load 5-7, CPU = user + sys;
  -X importtime; CPU-time wrappers round the start-up steps, since cProfile doubles the cost of Python-heavy code and
  showed the BM25 postings at 50 ms where they take 3-5): a cold ask on this machine today is ~0.35-0.5 s CPU (the
  brief's 1.1-1.2 s was another, slower or busier, machine) and its wall time follows the load (0.45 s quiet, 1.1-1.3 s
  at load 6). Shipped: (1) PyStemmer, the Snowball project's C build of the same stemmers, as a dependency:
  snowballstemmer hands over to it, so a question with a word the index's stem table lacks (most questions) imports
  one extension module, not 36 languages' Python modules (14.4 -> 1.1 ms CPU for the import; stems equal on 158,675
  words); (2) `compel` sets pydantic's PYDANTIC_DISABLE_PLUGINS (unless set), so the first model class no longer
  reads the ~150 installed distributions' entry points for plugins (the scan alone 5-6 ms; whole cold asks of this tree
  with plugins looked for and not, 8 pairs: CPU 0.375 -> 0.355 s, wall 0.595 -> 0.565 s p50). Cold ask, 10 pairs at load ~6, the same question (a stem-table miss): CPU 0.37 s against the baseline's
  0.42 s, wall 1.08 against 1.12 s; answers byte-identical on 108 questions (dev, own and stage sets). This benchmark with
  --baseline, three runs (the first under nice 10), cold ask median CPU / wall: 0.51 / 1.32 s against 0.51 / 1.26 s
  (load 6.7), 0.37 / 1.02 against 0.40 / 1.06 (load 7-9), 0.38 / 0.75 against 0.41 / 0.87 (load 8.6); first index CPU
  4.73, 6.21, 4.33 s against 4.82, 4.46, 4.55 (3 more pairs by hand: 4.72, 4.33, 5.24 against 4.46, 4.64, 4.60 s,
  noise at load 10: the index path is not changed but for the stemmer).
  Where the rest goes (CPU, this machine): interpreter and site ~20-27 ms; click ~25-33 ms; pydantic and
  pydantic-settings ~100-150 ms (asyncio ~20 ms of it, imported by pydantic_settings.main); numpy ~75-85 ms; after the
  imports ~90-100 ms: the embedder 30 ms (of it `Tokenizer.from_file` 21 ms), the question's NumPy pass 16 ms (7 ms
  the forward, 4.5 ms threadpoolctl's controller, ~5 ms first touch of the layers' pages: 694 faults), search 20 ms,
  the glossary pickle 7 ms, the snapshot 4 ms.
  Measured and not done: building the embedder on a thread beside the imports (tokenizers parses its file without the
  GIL): wall 330 against 334 ms p50 in 6 pairs, since the imports hold the GIL; the tokenizer built from vocab.txt
  with the pipeline written out by hand (14 ms against 21 ms) would copy what tokenizer.json already says;
  not tried: populating the layers' pages in one call instead of 694 faults (the faults' sys time is 3.5-4.3 ms, the
  most it could save). Seen and left to their owners: yaml
  (8-9 ms CPU) is imported on every ask, at module level by bot/answer/stage_request.py and by bot/answer/intent.py
  (which it imports for three helpers), and stage_request parses its bank only to digest it and find its shipped
  model; a digest of the file's bytes (as knowledge/reading_order.py has) and yaml imported where a bank is parsed
  would skip it, but rename the shipped file in another helper's lane. Setting OPENBLAS_NUM_THREADS=1 before numpy
  loads would spare threadpoolctl's controller (4.5 ms) for `ask` only, by a second way of doing what it does.
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


CPU: dict[Path, list[float]] = {}  # CPU seconds of each tree's last measured runs, by tree


def python_of(tree: Path) -> str:
    """The interpreter a tree runs with: a baseline checkout's own venv when it has one (its dependencies are part of
    what it was), else this one."""
    own = tree / ".venv" / "bin" / "python"
    return str(own) if tree.resolve() != ROOT.resolve() and own.is_file() else sys.executable


def compel(args: list[str], data: Path, tree: Path = ROOT) -> tuple[float, subprocess.CompletedProcess]:
    """Run `compel ARGS` from a tree in a new process: wall seconds (CPU seconds go to CPU[tree])."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COMPEL_", "CHROMA_", "OPENAI_", "SLACK_")) and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env.update(COMPEL_DATA_DIR=str(data), HF_HUB_OFFLINE="1", PYTHONPATH=str(tree))
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.run([python_of(tree), "-m", "bot.cli", *args], capture_output=True, text=True, env=env, cwd=tree)
    elapsed = time.perf_counter() - start
    after = os.times()
    CPU.setdefault(tree, []).append((after.children_user - before.children_user) + (after.children_system - before.children_system))
    if proc.returncode != 0:
        raise SystemExit(f"compel {' '.join(args)} failed: {proc.stderr.strip()}")
    return elapsed, proc


def start_up(bok: Path, questions: list[str], trees: list[Path]) -> dict[Path, dict[str, list[float]]]:
    """First index, re-index and five cold asks per tree, the trees taking turns; wall and CPU seconds of each."""
    out: dict[Path, dict[str, list[float]]] = {t: {} for t in trees}
    data = {t: Path(tempfile.mkdtemp(prefix="compel-speed-")) for t in trees}
    for t in trees:
        compel(["ask", questions[0]], Path(tempfile.mkdtemp(prefix="compel-warmup-")), t)  # writes bytecode: not measured
    steps = [("first", ["index", str(bok)])] + [("again", ["index", str(bok)])] + [
        ("cold", ["ask", questions[i % len(questions)]]) for i in range(5)]
    for name, args in steps:
        for t in trees:
            wall, _ = compel(args, data[t], t)
            out[t].setdefault(name, []).append(wall)
            out[t].setdefault(name + " cpu", []).append(CPU[t][-1])
    return out


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


def program_warm_rows(data: Path, rounds: int = 3) -> list[list[str]]:
    """Warm asks of the own program questions on the demo program (tests/data/program_questions_8.yaml), and the part of
    each spent reading the records' names loosely (bot/answer/names.find_names, called once per reading). The first
    round is printed apart: it also embeds the sentences of the records each topic quotes (kept on disk after)."""
    from bot.answer.claims import names_in
    from bot.answer.names import find_names
    from bot.cli.records import DEMO_FILE
    from bot.config import Settings
    from bot.services import Services
    from store.io import read_program

    path = ROOT / "tests" / "data" / "program_questions_8.yaml"
    questions = [c["q"] for c in yaml.safe_load(path.read_text())["cases"]]
    services = Services(Settings(data_dir=data))
    program = read_program(DEMO_FILE)
    services.records.import_program(program, source="demo")
    services.answerer.answer(questions[0], program=program.program.id)  # load the engine
    times, first, names = [], [], names_in(program)
    for n in range(rounds):
        for q in questions:
            services.index._query_cache.clear()
            start = time.perf_counter()
            services.answerer.answer(q, program=program.program.id)
            # The first round also embeds the records' sentences each topic quotes (kept on disk after): apart.
            (first if n == 0 else times).append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    for q in questions * rounds:
        find_names(q, names)
    per = (time.perf_counter() - start) * 1000 / (len(questions) * rounds)
    services.close()
    return [[f"warm program ask p50 / p95 ({len(times)} asks, demo program)", f"{pct(times, 50):.1f} / {pct(times, 95):.1f} ms",
             "≤ 100 ms", verdict(pct(times, 95) <= 100)],
            [f"  first ask of each question after import, p50 / p95 ({len(first)})",
             f"{pct(first, 50):.1f} / {pct(first, 95):.1f} ms", "printed", ""],
            ["  one find_names over the program's names (use cases, people)", f"{per:.2f} ms", "printed", ""]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bok", type=Path, default=SHARED / "bok")
    parser.add_argument("--eval", type=Path, default=SHARED / "eval" / "retrieval_dev.yaml")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--baseline", type=Path, help="an earlier checkout measured beside this one (start-up figures)")
    args = parser.parse_args()
    if not args.bok.is_dir():
        print(f"needs the BoK articles at {args.bok}", file=sys.stderr)
        return 2
    load_start = os.getloadavg()[0]
    questions = [c["q"] for c in yaml.safe_load(args.eval.read_text())["cases"]] if args.eval.exists() else [
        "Which questions fit a use case at the integration stage?"]
    rows = []
    trees = [ROOT] + ([args.baseline.resolve()] if args.baseline else [])
    runs = start_up(args.bok, questions, trees)
    data = Path(tempfile.mkdtemp(prefix="compel-speed-"))
    compel(["index", str(args.bok)], data)  # the index the warm asks below read

    def figures(name: str, unit_max: bool = False) -> tuple[float, str]:
        cur = runs[ROOT][name]
        text = f"{pct(cur, 50):.2f} s" + (f" (max {max(cur):.2f})" if unit_max else "") + f", CPU {pct(runs[ROOT][name + ' cpu'], 50):.2f} s"
        if args.baseline:
            base = runs[trees[1]]
            text += f"; baseline {pct(base[name], 50):.2f} s, CPU {pct(base[name + ' cpu'], 50):.2f} s"
        return pct(cur, 50), text

    first, text = figures("first")
    rows.append(["first index of the BoK (new process)", text, "≤ 10 s", verdict(first <= 10)])
    again, text = figures("again")
    rows.append(["re-index, unchanged (new process)", text, "≤ 1 s", verdict(again <= 1)])
    cold, text = figures("cold", unit_max=True)
    rows.append(["cold `compel ask` (new process), median of 5", text, "≤ 1 s", verdict(cold <= 1)])

    warm = warm_latencies(data, questions, rounds=5)
    p50, p95 = pct(warm, 50), pct(warm, 95)
    rows.append([f"warm ask p50 ({len(warm)} asks)", f"{p50:.1f} ms", "≤ 100 ms", verdict(p50 <= 100)])
    rows.append([f"warm ask p95 ({len(warm)} asks)", f"{p95:.1f} ms", "≤ 100 ms", verdict(p95 <= 100)])
    rows += program_warm_rows(data)

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
    title = f"compel speed (2 cores; load average at start {load_start:.1f}, at end {load[0]:.1f})"
    if args.baseline:
        title += f"; baseline {args.baseline}"
    table(title, ["measure", "figure", "target", ""], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
