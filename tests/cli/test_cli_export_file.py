"""`compel records export -o FILE`: a path that cannot be written is one line with the fix; a file is written whole."""

from __future__ import annotations

import os

from store.io import read_program
from tests.fixtures.oversight import load_demo, run_cli as run


def test_an_output_path_through_a_file_is_one_line_and_exit_2(capsys, tmp_path):
    load_demo()
    (tmp_path / "afile").write_text("kept", encoding="utf-8")
    code, out, err = run(capsys, "records", "export", "-o", str(tmp_path / "afile" / "program.yaml"))
    assert code == 2 and not out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Cannot write ") and "a file, not a folder" in lines[0]
    assert "give -o a file in a folder you can write to" in lines[0] and "Sorry" not in lines[0]
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "kept"


def test_an_export_replaces_an_earlier_file_whole_and_reads_back(capsys, tmp_path):
    program = load_demo()
    target = tmp_path / "out" / "program.yaml"
    target.parent.mkdir()
    target.write_text("an earlier export", encoding="utf-8")
    code, _, err = run(capsys, "records", "export", "-o", str(target))
    assert code == 0 and f"to {target}" in err
    assert read_program(target).program.id == program
    assert os.listdir(target.parent) == ["program.yaml"]  # no half-written file left beside it
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
