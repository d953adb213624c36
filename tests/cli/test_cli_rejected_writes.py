"""A write the CLI refuses (a bad file, a bad row, a bad --replace) leaves every record as it was, to the byte."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.fixtures.oversight import DEMO_FILE, load_demo, run_cli as run


def _export(capsys) -> str:
    code, out, err = run(capsys, "records", "export", "--format", "yaml")
    assert code == 0, err
    return out


def _refused(capsys, *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 2 and not out and err.startswith("error: "), (code, out, err)
    return err


def test_a_refused_import_changes_nothing(capsys, tmp_path: Path):
    load_demo()
    before = _export(capsys)
    raw = yaml.safe_load(Path(DEMO_FILE).read_text(encoding="utf-8"))
    raw["updates"] = raw["updates"][:3]  # --replace would drop the other 41 updates...
    raw["use_cases"][0]["stage"] = "somewhere else"  # ...but one record is wrong, so nothing happens at all
    bad = tmp_path / "smaller.yaml"
    bad.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    _refused(capsys, "records", "import", str(bad), "--replace")
    assert _export(capsys) == before

    rows = tmp_path / "standup.csv"
    rows.write_text("id,date,author,text\nsu-new-1,2026-11-05,Ana Lima,Backfill finished\nsu-new-2,not a date,Ana Lima,Retry\n",
                    encoding="utf-8")
    err = _refused(capsys, "records", "import", str(rows), "--program", "halvorsen")
    assert "line 3" in err or "row 3" in err or "su-new-2" in err, err
    assert _export(capsys) == before

    _refused(capsys, "risk", "add", "A vendor may slip", "--review", "next week")
    _refused(capsys, "decision", "add", "Extend the pilot?", "--owner", "Ana Lima", "--deadline", "2026-02-30")
    assert _export(capsys) == before
