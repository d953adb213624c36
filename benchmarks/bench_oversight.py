"""Oversight speed: import a generated program (200 use cases x 26 sprints x 20 updates) and run `compel risks` over it.

Run: python benchmarks/bench_oversight.py [--use-cases 200 --sprints 26 --updates 20]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAGES = ["data_preparation", "model_development", "integration", "deployment", "production"]
MILESTONES = ["data_preparation_complete", "model_viability_demonstrated", "integration_testing_passed", "deployment_readiness_confirmed"]
PILLARS = ["technology", "governance", "people", "process"]
START = date(2026, 1, 5)
WORDS = ("pipeline feature model drift latency backfill schema label review sprint access vendor licence dashboard "
         "training rollout approval integration endpoint retraining holdout baseline accuracy recall").split()


def _day(sprint: int, offset: int = 1) -> date:
    return START + timedelta(days=14 * (sprint - 1) + offset)


def generate(n_uc: int, n_sprints: int, per_sprint: int, seed: int = 7) -> dict:
    """A whole program as plain data: every record kind, with enough trouble to make every rule work."""
    rng = random.Random(seed)
    current = n_sprints
    workstreams = [{"id": f"ws-{p}", "name": f"{p.title()} workstream", "pillar": p, "lead": f"Lead {i}"} for i, p in enumerate(PILLARS)]
    sprints = [{"number": n, "start": _day(n, 0), "end": _day(n, 13), "committed": 40, "completed": rng.choice([22, 26, 30, 34, 38]),
                "debt_capacity_share": rng.choice([0.08, 0.12, 0.16, 0.2])} for n in range(1, n_sprints + 1)]
    use_cases, updates, dq, access, debt, escalations, decisions = [], [], [], [], [], [], []
    for i in range(n_uc):
        uid = f"uc-{i:04d}"
        stage_i = i % len(STAGES)
        entered = [max(1, current - 3 * (stage_i - k) - rng.randint(1, 3)) for k in range(stage_i + 1)]
        history = [{"sprint": s, "stage": STAGES[k]} for k, s in enumerate(sorted(entered))]
        milestones = {}
        for k, key in enumerate(MILESTONES):
            if k < stage_i:
                planned = _day(history[k]["sprint"] + 2)
                milestones[key] = {"planned": planned, "actual": planned, "status": "met"}
            else:
                milestones[key] = {"planned": _day(current + rng.randint(-3, 6)), "status": rng.choice(["pending", "pending", "at_risk", "missed"])}
        use_cases.append({
            "id": uid, "name": f"Use case {i}", "workstream": workstreams[i % 4]["id"], "stage": STAGES[stage_i],
            "stage_history": history, "milestones": milestones,
            "success_criteria": [{"metric": "accuracy", "target": 0.8, "latest": round(rng.uniform(0.6, 0.9), 2), "measured_sprint": current - 1,
                                  "history": [{"sprint": s, "value": round(rng.uniform(0.5, 0.85), 2)} for s in range(max(1, current - 4), current)]}],
            "integration_points": [{"name": f"system {j}", "added": _day(rng.randint(1, current)), } for j in range(rng.randint(1, 6))],
            "readiness": {p: {"ready": rng.random() > 0.3, "note": ""} for p in PILLARS},
            "readiness_claimed": stage_i >= 3 and rng.random() > 0.5,
            "mlops": {m: rng.random() > 0.3 for m in ("deployment_pipeline", "monitoring", "retraining", "versioning_rollback")},
            "governance_approved": rng.random() > 0.2,
            "demonstrated": rng.random() > 0.7,
        })
        for s in range(1, n_sprints + 1):
            for k in range(per_sprint):
                updates.append({"id": f"u-{i:04d}-{s:02d}-{k:02d}", "date": _day(s, k % 12), "author": f"Engineer {rng.randint(1, 60)}",
                                "workstream": workstreams[i % 4]["id"], "use_cases": [uid],
                                "text": " ".join(rng.choices(WORDS, k=14)), "progress": rng.random() > 0.3,
                                "blockers": ["waiting on access"] if rng.random() > 0.9 else []})
        for s in rng.sample(range(1, current + 1), k=rng.randint(0, 3)):
            dq.append({"id": f"dq-{i}-{s}", "use_case": uid, "sprint": s, "description": "gap found", "severity": rng.choice(["low", "medium", "high"])})
        access.append({"id": f"ar-{i}", "use_case": uid, "system": "CRM", "requested": _day(current - rng.randint(0, 4)),
                       "needed_by": _day(current - rng.randint(-2, 3)), "status": "pending"})
        debt.append({"id": f"d-{i}", "description": "shortcut", "category": rng.choice(["debt", "debt", "operational_risk", "compliance_violation"]),
                     "planned_sprint": rng.choice([None, current - 2, current + 2]), "use_case": uid})
        if rng.random() > 0.5:
            escalations.append({"id": f"e-{i}", "subject": "slip", "raised": _day(current - 1), "to": "Sponsor", "use_case": uid})
        decisions.append({"id": f"dec-{i}", "question": "Rescope?", "owner": "Owner", "deadline": _day(current + 1), "use_case": uid})
    procurement = [{"id": f"p-{j}", "item": f"Item {j}", "needed_by": _day(current - rng.randint(-2, 3)), "status": "ordered",
                    "blocking": [f"uc-{rng.randrange(n_uc):04d}"]} for j in range(50)]
    # Acyclic: a use case only ever blocks workstreams or later use cases.
    dependencies = [{"id": f"dep-{j}", "upstream": f"uc-{j:04d}", "downstream": rng.choice([w["id"] for w in workstreams] + [f"uc-{min(j + 1, n_uc - 1):04d}"])}
                    for j in range(0, n_uc - 1, 2)]
    return {
        "program": {"id": "bench", "name": "Benchmark program", "current_sprint": current},
        "workstreams": workstreams, "use_cases": use_cases, "sprints": sprints, "updates": updates, "data_quality": dq,
        "access_requests": access, "procurement": procurement, "dependencies": dependencies, "escalations": escalations,
        "debt": debt, "decisions": decisions,
    }


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--use-cases", type=int, default=200)
    parser.add_argument("--sprints", type=int, default=26)
    parser.add_argument("--updates", type=int, default=20, help="Updates per use case per sprint.")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="compel-bench-"))
    os.environ["COMPEL_DATA_DIR"] = str(tmp)  # this script is an entry point: the CLI calls below read it
    from bot.cli import main as cli
    from bot.config import Settings
    from bot.oversight import evaluate
    from store.models import ProgramData
    from store.records import RecordStore

    settings = Settings(data_dir=tmp)
    raw, t_gen = _timed(lambda: generate(args.use_cases, args.sprints, args.updates))
    data, t_validate = _timed(lambda: ProgramData.model_validate(raw))
    store = RecordStore(settings)
    report, t_import = _timed(lambda: store.import_program(data))
    _, t_reimport = _timed(lambda: store.import_program(data))
    loaded, t_read = _timed(lambda: store.program("bench"))
    store.close()
    findings, t_engine = _timed(lambda: evaluate(loaded, settings))
    _, t_engine_warm = _timed(lambda: evaluate(loaded, settings))

    def cli_risks() -> int:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = cli(["risks", "--program", "bench", "--json"])
        assert code == 0, out.getvalue()[:200]
        return len(out.getvalue())

    import shutil

    def cold(fn):
        shutil.rmtree(tmp / "cache", ignore_errors=True)  # findings are cached per program revision
        return fn()

    _, t_cli = _timed(lambda: cold(cli_risks))
    _, t_cli_warm = _timed(cli_risks)
    env = {**os.environ, "COMPEL_DATA_DIR": str(tmp)}

    def new_process():
        proc = subprocess.run([sys.executable, "-m", "bot.cli", "risks", "--program", "bench", "--json"], cwd=ROOT, env=env, capture_output=True)
        assert proc.returncode == 0, proc.stderr.decode()[:300]

    _, t_proc_cold = _timed(lambda: cold(new_process))
    _, t_proc = _timed(new_process)

    n_updates = len(data.updates)
    rows = [
        ("generate program (plain data)", t_gen, None),
        ("validate ProgramData", t_validate, None),
        (f"import through RecordStore ({report.created:,} records)", t_import, 10.0),
        ("import the same program again (unchanged)", t_reimport, 10.0),
        ("read the program back from the store", t_read, 1.0),
        (f"engine: evaluate, 15 rules ({len(findings):,} findings)", t_engine, 1.0),
        ("engine: evaluate again (warm)", t_engine_warm, 1.0),
        ("CLI in-process: compel risks --json, after a write (cold)", t_cli, 1.0),
        ("CLI in-process: compel risks --json, records unchanged", t_cli_warm, 1.0),
        ("CLI new process: compel risks --json, after a write (cold)", t_proc_cold, None),
        ("CLI new process: compel risks --json, records unchanged", t_proc, None),
    ]
    print(f"\nOversight benchmark: {args.use_cases} use cases x {args.sprints} sprints x {args.updates} updates per sprint "
          f"= {n_updates:,} stand-up updates ({os.cpu_count()} cores)\n")
    print(f"{'step':<58} {'seconds':>9} {'target':>8}  ok")
    print("-" * 82)
    failed = 0
    for name, secs, target in rows:
        ok = "" if target is None else ("yes" if secs <= target else "NO")
        failed += ok == "NO"
        print(f"{name:<58} {secs:>9.3f} {('<= %.0f s' % target) if target else '':>8}  {ok}")
    print("\nNew-process figures include interpreter start-up and imports. 'Cold' means the first call after the records\n"
          "changed (findings are cached per program revision); it is dominated by reading every record back from the store.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
