"""Records files and the CLI: `compel records import|export|list` and `compel demo load`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.records import DEMO_FILE
from store.io import dump_program, read_csv, read_program
from tests.fixtures.records import RECORDS, fixture_program
from tests.paths import ROOT


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The CLI's exit code, stdout and stderr; imports skip retrieval (tested in tests/unit/oversight/test_oversight_retrieval.py)."""
    if argv[:2] in (("records", "import"), ("demo", "load")):
        argv = (*argv, "--no-index")
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _export(capsys, *extra: str) -> str:
    code, out, _ = run(capsys, "records", "export", *extra)
    assert code == 0
    return out


@pytest.fixture
def imported(capsys) -> str:
    """The fixture program imported through the CLI; returns its YAML export."""
    assert run(capsys, "records", "import", str(RECORDS / "program.yaml"))[0] == 0
    return _export(capsys)


# --- files -----------------------------------------------------------------------------------


def test_yaml_and_json_read_to_the_same_program(tmp_path):
    data = read_program(RECORDS / "program.yaml")
    (tmp_path / "p.json").write_text(dump_program(data, "json"))
    (tmp_path / "p.yml").write_text(dump_program(data, "yaml"))
    assert read_program(tmp_path / "p.json") == data == read_program(tmp_path / "p.yml")


def test_yaml_syntax_error_names_the_line():
    from bot.errors import InputError

    with pytest.raises(InputError, match=r"program_syntax.yaml: not valid YAML at line \d+"):
        read_program(RECORDS / "program_syntax.yaml")


def test_csv_lists_and_booleans(tmp_path):
    kind, items = read_csv(RECORDS / "updates.csv")
    assert kind == "updates"
    assert items[1].use_cases == ["routing", "churn"]
    assert items[1].blockers == ["Vendor API keys", "Sandbox down"]
    assert [u.progress for u in items] == [True, False]
    assert items[0].text == "Tuned the churn model; AUC up a little."
    assert read_csv(RECORDS / "debt.csv")[0] == "debt"


# --- import ------------------------------------------------------------------------------------


def test_import_prints_counts_then_nothing_changed(capsys):
    code, out, _ = run(capsys, "records", "import", str(RECORDS / "program.yaml"))
    assert code == 0 and "program.yaml: Fixture Logistics AI Program:" in out and "created" in out
    code, out, _ = run(capsys, "records", "import", str(RECORDS / "program.yaml"))
    assert code == 0 and "nothing changed" in out


def test_import_json_report_shape(capsys):
    code, out, _ = run(capsys, "records", "import", str(RECORDS / "program.yaml"), "--json")
    report = json.loads(out)
    assert code == 0
    assert set(report) == {"program", "created", "updated", "unchanged", "removed", "kinds"}
    assert report["program"] == "fixture" and report["kinds"]["use_cases"] == {"created": 3}
    again = json.loads(run(capsys, "records", "import", str(RECORDS / "program.yaml"), "--json")[1])
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, report["created"])


def test_csv_updates_and_debt_import(capsys, imported):
    code, out, _ = run(capsys, "records", "import", str(RECORDS / "updates.csv"), "--program", "fixture", "--json")
    assert code == 0 and json.loads(out)["kinds"] == {"updates": {"created": 2}}
    code, out, _ = run(capsys, "records", "import", str(RECORDS / "updates.csv"), "--json")  # the only program
    assert json.loads(out)["kinds"] == {"updates": {"unchanged": 2}}
    code, out, _ = run(capsys, "records", "import", str(RECORDS / "debt.csv"))
    assert code == 0 and "2 created" in out
    exported = read_program_text(_export(capsys, "--format", "json"))
    assert [u["sprint"] for u in exported["updates"][-2:]] == [3, 3]
    assert exported["debt"][-1]["category"] == "compliance_violation"


def read_program_text(text: str) -> dict:
    return json.loads(text)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("updates_missing_columns.csv", ["updates_missing_columns.csv: missing the column author for stand-up updates; add it"]),
        (
            "updates_bad_dates.csv",
            [
                "updates_bad_dates.csv: 2 problems; nothing was written:",
                "updates_bad_dates.csv: line 2 (id 'bd-1') field date:",
                "updates_bad_dates.csv: line 3 (id 'bd-2') field date:",
            ],
        ),
        ("updates_duplicate_ids.csv", ["line 3 (id 'dup-1') field id: duplicate id 'dup-1' (also on line 2)"]),
        ("updates_unknown_use_case.csv", ["updates_unknown_use_case.csv: updates[0] (id 'uu-1') field use_cases[0]: unknown use case 'fraud'"]),
        ("program_cycle.yaml", ["program_cycle.yaml: dependencies[0] (id 'd-1'): dependency cycle through d-1 -> d-2 -> d-3"]),
        (
            "program_bad_refs.yaml",
            [
                "program_bad_refs.yaml: 4 problems; nothing was written:",
                "workstreams[1] (id 'ws-a') field id: duplicate id 'ws-a'",
                "use_cases[0] (id 'uc-1') field workstream: unknown workstream 'ws-x'",
                "sprints[1] (number 1) field number: duplicate number 1 (also at sprints[0])",
                "debt[0] (id 'D-1') field use_case: unknown use case 'uc-9'",
            ],
        ),
        ("program_syntax.yaml", ["program_syntax.yaml: not valid YAML at line"]),
    ],
)
def test_bad_files_exit_2_with_a_line_each_and_change_nothing(capsys, imported, name, expected):
    code, out, err = run(capsys, "records", "import", str(RECORDS / name))
    assert code == 2, err
    assert out == ""
    assert err.startswith("error: ")
    for fragment in expected:
        assert fragment in err
    assert _export(capsys) == imported


def test_bad_dates_report_one_line_per_problem(capsys, imported):
    _, _, err = run(capsys, "records", "import", str(RECORDS / "updates_bad_dates.csv"))
    problem_lines = [ln for ln in err.splitlines() if "field date" in ln]
    assert len(problem_lines) == 2
    assert "2026-02-30" in problem_lines[0] and "05/02/2026" in problem_lines[1]


def test_missing_file_and_unknown_type(capsys, tmp_path):
    code, _, err = run(capsys, "records", "import", str(tmp_path / "nope.yaml"))
    assert code == 2 and "No file" in err
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = run(capsys, "records", "import", str(tmp_path / "notes.txt"))
    assert code == 2 and "use .yaml, .yml or .json" in err


def test_csv_with_columns_missing_names_them_for_its_kind(tmp_path):
    from bot.errors import InputError

    (tmp_path / "debt.csv").write_text("description,owner\nx,y\n")
    with pytest.raises(InputError, match=r"missing the column id for debt items; add it"):
        read_csv(tmp_path / "debt.csv")
    with pytest.raises(InputError, match=r"missing the column author for stand-up updates"):
        read_csv(RECORDS / "updates_missing_columns.csv", "updates")
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="cannot tell what these columns hold"):
        read_csv(tmp_path / "other.csv")


def test_csv_without_a_program_says_how_to_load_one(capsys):
    code, _, err = run(capsys, "records", "import", str(RECORDS / "updates.csv"))
    assert code == 2 and "compel demo load" in err


def test_invalid_program_file_on_an_empty_store_writes_nothing(capsys):
    assert run(capsys, "records", "import", str(RECORDS / "program_cycle.yaml"))[0] == 2
    code, out, _ = run(capsys, "records", "list", "--json")
    assert (code, json.loads(out)) == (0, {"programs": []})


# --- export ------------------------------------------------------------------------------------


def test_export_round_trips_through_a_fresh_store(capsys, imported, tmp_path, monkeypatch):
    out_json = tmp_path / "export.json"
    assert run(capsys, "records", "export", "-o", str(out_json))[0] == 0
    assert json.loads(out_json.read_text())["program"]["id"] == "fixture"
    code, out, _ = run(capsys, "records", "import", str(out_json), "--json")
    assert json.loads(out)["created"] == 0 and json.loads(out)["updated"] == 0  # same store: unchanged
    monkeypatch.setenv("COMPEL_DATA_DIR", str(tmp_path / "fresh"))
    assert run(capsys, "records", "import", str(out_json))[0] == 0
    assert _export(capsys) == imported
    assert read_program(out_json) == fixture_program()


def test_export_formats(capsys, imported):
    assert imported.startswith("# compel-bot program records")
    assert json.loads(_export(capsys, "--json"))["program"]["id"] == "fixture"
    assert json.loads(_export(capsys, "--format", "json")) == json.loads(_export(capsys, "--json"))


def test_export_unknown_program_names_the_closest(capsys, imported):
    code, _, err = run(capsys, "records", "export", "--program", "fixtur")
    assert code == 2 and "Closest: fixture" in err


def test_list(capsys, imported):
    code, out, _ = run(capsys, "records", "list", "--json")
    (row,) = json.loads(out)["programs"]
    assert row["id"] == "fixture" and row["counts"]["use_cases"] == 3 and row["current_sprint"] == 3
    code, out, _ = run(capsys, "records", "list")
    assert "fixture  Fixture Logistics AI Program" in out and "3 use cases" in out


# --- demo ----------------------------------------------------------------------------------------


@pytest.fixture
def demo_file() -> Path:
    if not DEMO_FILE.is_file():
        pytest.skip(f"the demo program is not at {DEMO_FILE} yet")
    return DEMO_FILE


def test_demo_load_is_idempotent(capsys, demo_file):
    code, out, _ = run(capsys, "demo", "load", "--json")
    first = json.loads(out)
    assert code == 0 and first["created"] > 0
    program = read_program(demo_file).program.id
    assert first["program"] == program
    code, out, _ = run(capsys, "demo", "load")
    assert code == 0 and "nothing changed" in out and f"--program {program}" in out


def test_records_import_end_to_end_in_a_subprocess(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPEL_")}
    env.update(COMPEL_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "bot.cli", "records", "import", str(RECORDS / "program.yaml"), "--json", "--no-index"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["program"] == "fixture"
    bad = subprocess.run(
        [sys.executable, "-m", "bot.cli", "records", "import", str(RECORDS / "updates_missing_columns.csv")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_programs_round_trip_through_files_and_the_store(tmp_path, fmt, seed):
    from bot.config import load_settings
    from store.records import RecordStore
    from store.sample import generate_program

    data = generate_program(use_cases=6, sprints=4, updates_per_sprint=2, seed=seed)
    path = tmp_path / f"program.{fmt}"
    path.write_text(dump_program(data, fmt))
    back = read_program(path)
    assert back == data
    store = RecordStore(load_settings())
    store.import_program(back)
    fresh = RecordStore(load_settings())
    assert fresh.program("bench") == data
    assert store.import_program(read_program(path)).changed is False
    store.close()
    fresh.close()


@pytest.mark.parametrize("link", ["https://ok.example/x> *BOARD SIGNED OFF* see <https://bad.example/login", "javascript:alert(1)",
                                  "ftp://files.example/report", "//no-scheme.example/x"])
def test_a_source_link_that_is_not_a_plain_web_link_is_refused_and_changes_nothing(capsys, imported, tmp_path, link):
    import csv

    path = tmp_path / "updates_bad_link.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "date", "author", "text", "use_cases", "blockers", "progress", "source_link"])
        w.writerow(["bl-1", "2026-02-05", "Ana", "Tuned the churn model.", "churn", "", "yes", link])
    code, out, err = run(capsys, "records", "import", str(path))
    assert code == 2 and "field source_link" in err and "http" in err
    assert _export(capsys) == imported


def test_an_impossible_date_in_a_yaml_import_is_one_line_naming_the_field(capsys, imported, tmp_path):
    text = (RECORDS / "program.yaml").read_text()
    assert "\n  start: " in text
    bad = tmp_path / "program_bad_start.yaml"
    bad.write_text(text.replace("\n  start: ", "\n  start: 2026-13-45\n  x_was: ", 1).replace("\n  x_was: ", "\n  # was: ", 1))
    code, out, err = run(capsys, "records", "import", str(bad))
    assert code == 2 and out == ""
    assert "field start" in err and "2026-13-45" in err and "Sorry" not in err
    assert _export(capsys) == imported
