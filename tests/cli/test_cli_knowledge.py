"""`compel index` and `compel ask` as a user runs them: a real subprocess, exit codes, the JSON shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.fixtures.foundation import write_corpus
from tests.paths import ROOT


def compel(*args: str, data: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPEL_", "SLACK_", "OPENAI_", "CHROMA_"))}
    env.update(COMPEL_DATA_DIR=str(data), HF_HUB_OFFLINE="1")
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, env=env, input=stdin, timeout=300,
        cwd=ROOT,
    )


def test_ask_json_shape_in_a_new_process(indexed_data_dir: Path):
    result = compel("ask", "--json", "What operational machinery, such as deployment pipelines and monitoring, has to be running once a model is live?", data=indexed_data_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    payload = json.loads(lines[0])
    assert list(payload) == ["program", "answer", "abstained", "citations"] and payload["abstained"] is False
    assert payload["program"] is None  # asked without --program
    cite = payload["citations"][0]
    assert set(cite) == {"source", "module", "article", "section", "quote", "score"}
    assert isinstance(cite["score"], float) and cite["section"]
    scores = [c["score"] for c in payload["citations"]]
    assert scores[0] == max(scores)


def test_ask_abstains_in_text_mode(indexed_data_dir: Path):
    result = compel("ask", "Which flour gives homemade bread the crispest crust?", data=indexed_data_dir)
    assert result.returncode == 0 and "does not cover" in result.stdout


def test_batch_prints_one_object_per_question(indexed_data_dir: Path, tmp_path: Path):
    batch = tmp_path / "q.txt"
    batch.write_text("How much sprint time should go to paying back shortcuts?\n\nHow do I bake bread?\n")
    result = compel("ask", "--json", "--batch", str(batch), data=indexed_data_dir)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [o["abstained"] for o in objects] == [False, True]


@pytest.mark.parametrize(
    "args,message",
    [
        (["ask", ""], "question is empty"),
        (["ask", "   "], "question is empty"),
        (["ask", "x" * 20_000], "limit is 2,000"),
        (["index", "/no/such/path"], "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message, indexed_data_dir: Path, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and err.startswith("error: ")


def test_index_bad_files_exit_2_and_keep_the_index(indexed_data_dir: Path, tmp_path: Path, capsys):
    corpus = write_corpus(tmp_path / "c")
    assert main(["index", str(corpus)]) == 0
    capsys.readouterr()
    before = (indexed_data_dir / "index" / "snapshot.npz").read_bytes()
    for name, content in {"empty.txt": b"", "latin.txt": "caf\xe9".encode("latin-1"), "scan.pdf": b"%PDF-1.4 junk"}.items():
        bad = tmp_path / name
        bad.write_bytes(content)
        assert main(["index", str(bad)]) == 2
        assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert (indexed_data_dir / "index" / "snapshot.npz").read_bytes() == before


def test_index_json_report_and_help(indexed_data_dir: Path, tmp_path: Path, capsys):
    assert main(["index", "--json", str(write_corpus(tmp_path / "c"))]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"] == 2 and report["embedded"] > 0
    assert main(["--help"]) == 0 and "ask" in capsys.readouterr().out
