"""Records store speed: import, re-import and read back a generated program of 200 use cases x 26 sprints x 20 updates.

Run: python benchmarks/bench_records.py [--use-cases N] [--sprints N] [--updates N]
"""

from __future__ import annotations

import argparse
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
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--use-cases", type=int, default=200)
    parser.add_argument("--sprints", type=int, default=26)
    parser.add_argument("--updates", type=int, default=20, help="updates per use case per sprint")
    args = parser.parse_args()

    rows: list[tuple[str, float, float | None, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        secs, data = _timed(lambda: generate_program(args.use_cases, args.sprints, args.updates))
        n = len(data.updates)
        rows.append((f"generate and validate ({n} updates)", secs, None, ""))
        store = RecordStore(Settings(data_dir=Path(tmp)))
        store.programs()  # create the schema outside the timings
        secs, report = _timed(lambda: store.import_program(data))
        rows.append(("import into an empty store", secs, 10.0, f"{report.created} created"))
        secs, report = _timed(lambda: store.import_program(data))
        rows.append(("import the same program again", secs, 10.0, f"{report.unchanged} unchanged"))
        fresh = RecordStore(Settings(data_dir=Path(tmp)))
        fresh.programs()
        secs, back = _timed(lambda: fresh.program(data.program.id))
        rows.append(("read the whole program (new process view)", secs, 1.0, f"{len(back.updates)} updates"))
        secs, _ = _timed(lambda: fresh.program(data.program.id))
        rows.append(("read it again (unchanged: cached)", secs, 1.0, ""))
        secs, _ = _timed(lambda: store.add_update(data.program.id, date=date(2026, 3, 3), author="bench", text="one more", use_cases=["uc-001"]))
        rows.append(("add one stand-up update", secs, None, ""))
        secs, _ = _timed(lambda: fresh.updates(data.program.id, since=date(2026, 12, 1)))
        rows.append(("updates since a date (indexed)", secs, None, ""))
        path = Path(tmp) / "program.json"
        secs, _ = _timed(lambda: path.write_text(dump_program(back, "json")))
        rows.append(("export to JSON", secs, None, f"{path.stat().st_size / 1e6:.1f} MB"))
        secs, _ = _timed(lambda: read_program(path))
        rows.append(("read and validate the JSON export", secs, None, ""))
        store.close()
        fresh.close()

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'seconds':>8}  {'target':>7}  {'ok':>3}  note")
    failed = False
    for name, secs, target, note in rows:
        ok = "" if target is None else ("yes" if secs <= target else "NO")
        failed |= ok == "NO"
        tgt = "" if target is None else f"<= {target:g}"
        print(f"{name:<{width}}  {secs:>8.2f}  {tgt:>7}  {ok:>3}  {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
