"""`compel translate` from the command line: text, stdin, --json, --batch, and refused input."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from bot.cli import main
from tests.paths import ROOT

KEYS = ["summary", "impact", "options", "decision", "pillars", "category", "stage", "terms", "citations", "issues"]
UPDATE = "Batch scoring now needs 7 hours to finish, too slow for the sales team, who expected the churn flags by 8am."


def test_text_output_is_readable(capsys):
    assert main(["translate", UPDATE]) == 0
    out = capsys.readouterr().out
    assert "7 hours" in out and "8am" in out
    assert "Impact:" in out and "Options:" in out and "Decision needed from the business sponsor" in out
    assert "Category: performance gap" in out and "Source: Module 2.4 · Article 6" in out


def test_json_output_has_exactly_the_documented_keys(capsys):
    assert main(["translate", "--json", UPDATE]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == KEYS
    assert data["category"] == "performance gap" and data["decision"]


def test_dash_reads_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("We reverted to v4.1 after v4.2 started making worse predictions; v4.1 is live again.\n"))
    assert main(["translate", "-", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["category"] == "incident" and data["decision"] is None


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_update_exits_2_with_one_line(capsys, text):
    assert main(["translate", text]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: The update is empty") and "\n" not in err


def test_missing_text_says_how_to_call(capsys):
    assert main(["translate"]) == 2
    assert 'compel translate "text"' in capsys.readouterr().err


def test_too_long_update_names_the_limit(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("x" * 50_000))
    assert main(["translate", "-"]) == 2
    err = capsys.readouterr().err
    assert "50,000 characters; the limit is 4,000" in err


def test_batch_prints_one_json_object_per_line_and_reports_refused_lines(tmp_path, capsys):
    batch = tmp_path / "updates.txt"
    batch.write_text(
        UPDATE + "\n\n" + ("long " * 1000) + "\nJust 2 of the 12 depot leads have opened the new dashboard so far.\n", encoding="utf-8"
    )
    assert main(["translate", "--batch", str(batch), "--json"]) == 2
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [d["category"] for d in lines] == ["performance gap", "adoption"]
    assert all(list(d) == KEYS for d in lines)
    assert "error: line 3: The update is 5,000 characters" in captured.err


def test_batch_text_output_and_all_good_exit_0(tmp_path, capsys):
    batch = tmp_path / "updates.txt"
    batch.write_text(UPDATE + "\nAudit wants SHAP charts on each credit call, costing 2 sprints of extra work.\n", encoding="utf-8")
    assert main(["translate", "--batch", str(batch)]) == 0
    out = capsys.readouterr().out
    assert out.count("Impact:") == 2 and "2 sprints" in out


def test_batch_file_missing_or_with_text(tmp_path, capsys):
    assert main(["translate", "--batch", str(tmp_path / "nope.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["translate", "x", "--batch", str(tmp_path / "nope.txt")]) == 2
    assert "either TEXT or --batch" in capsys.readouterr().err


def test_org_glossary_setting_is_used(tmp_path, capsys, monkeypatch):
    org = tmp_path / "org.yaml"
    org.write_text('entries:\n- {term: Nimbus, plain: "the in-house planning platform", kind: name}\n', encoding="utf-8")
    monkeypatch.setenv("COMPEL_GLOSSARY", str(org))
    assert main(["translate", "--json", "Nimbus is down since 9am, planners can't load forecasts."]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"term": "Nimbus", "meaning": "the in-house planning platform"} in data["terms"]
    assert "Nimbus (the in-house planning platform)" in data["summary"]


def test_end_to_end_subprocess_reads_stdin(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "translate", "-", "--json"],
        input="The network team still has not opened the port for the SAP link (ticket NET-5120), which holds up the data extract.",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COMPEL_DATA_DIR": str(tmp_path / "data")},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["category"] == "access or dependency" and "NET-5120" in data["summary"]
