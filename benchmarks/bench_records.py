"""Records store speed: import, re-import and read back a generated program of 200 use cases x 26 sprints x 20 updates.

Run: python benchmarks/bench_records.py [--use-cases N] [--sprints N] [--updates N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import Settings  # noqa: E402
from store.io import dump_program, read_program  # noqa: E402
from store.records import RecordStore  # noqa: E402
from store.sample import generate_program  # noqa: E402


def _timed(fn):
    """(wall seconds, CPU seconds, result) of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - start, time.process_time() - cpu, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--use-cases", type=int, default=200)
    parser.add_argument("--sprints", type=int, default=26)
    parser.add_argument("--updates", type=int, default=20, help="updates per use case per sprint")
    args = parser.parse_args()

    rows: list[tuple[str, float, float, float | None, str]] = []  # (measure, wall s, cpu s, target, note)
    with tempfile.TemporaryDirectory() as tmp:
        secs, cpu, data = _timed(lambda: generate_program(args.use_cases, args.sprints, args.updates))
        n = len(data.updates)
        rows.append((f"generate and validate ({n} updates)", secs, cpu, None, ""))
        store = RecordStore(Settings(data_dir=Path(tmp)))
        store.programs()  # create the schema outside the timings
        secs, cpu, report = _timed(lambda: store.import_program(data))
        rows.append(("import into an empty store", secs, cpu, 10.0, f"{report.created} created"))
        secs, cpu, report = _timed(lambda: store.import_program(data))
        rows.append(("import the same program again", secs, cpu, 10.0, f"{report.unchanged} unchanged"))
        fresh = RecordStore(Settings(data_dir=Path(tmp)))
        fresh.programs()
        secs, cpu, back = _timed(lambda: fresh.program(data.program.id))
        rows.append(("read the whole program (new process view)", secs, cpu, 1.0, f"{len(back.updates)} updates, each validated"))
        secs, cpu, outline = _timed(lambda: fresh.outline(data.program.id))
        rows.append(("read the outline (no update bodies; what oversight reads)", secs, cpu, 1.0, f"{len(outline.first_claims)} use cases with claims"))
        secs, cpu, _ = _timed(lambda: fresh.program(data.program.id))
        rows.append(("read it again (unchanged: cached)", secs, cpu, 1.0, ""))
        secs, cpu, _ = _timed(lambda: store.add_update(data.program.id, date=date(2026, 3, 3), author="bench", text="one more", use_cases=["uc-001"]))
        rows.append(("add one stand-up update", secs, cpu, None, ""))
        secs, cpu, _ = _timed(lambda: fresh.updates(data.program.id, since=date(2026, 12, 1)))
        rows.append(("updates since a date (indexed)", secs, cpu, None, ""))
        path = Path(tmp) / "program.json"
        secs, cpu, _ = _timed(lambda: path.write_text(dump_program(back, "json")))
        rows.append(("export to JSON", secs, cpu, None, f"{path.stat().st_size / 1e6:.1f} MB"))
        secs, cpu, _ = _timed(lambda: read_program(path))
        rows.append(("read and validate the JSON export", secs, cpu, None, ""))
        store.close()
        fresh.close()

    width = max(len(r[0]) for r in rows)
    load = f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"
    print(f"{os.cpu_count()} CPUs, load average {load}: on a busy machine wall time includes waiting for a CPU.")
    print(f"{'measure':<{width}}  {'wall s':>7}  {'cpu s':>6}  {'target':>7}  {'ok':>3}  note")
    failed = False
    for name, secs, cpu, target, note in rows:
        ok = "" if target is None else ("yes" if secs <= target else "NO")
        failed |= ok == "NO"
        tgt = "" if target is None else f"<= {target:g}"
        print(f"{name:<{width}}  {secs:>7.2f}  {cpu:>6.2f}  {tgt:>7}  {ok:>3}  {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
