"""A bad setting is one line naming the variable, what is wrong with it and what to write, exit 2, before any work."""

from __future__ import annotations

import pytest

from tests.fixtures.oversight import run_cli as run


@pytest.mark.parametrize("where", ["afile", "afile/below"])
def test_a_data_dir_that_is_a_file_names_the_setting(capsys, monkeypatch, tmp_path, where):
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("COMPEL_DATA_DIR", str(tmp_path / where))
    for args in (("status",), ("records", "list"), ("risk", "add", "A vendor may slip")):
        code, out, err = run(capsys, *args)
        assert code == 2 and not out, (args, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: COMPEL_DATA_DIR is invalid:"), lines
        assert "is a file, not a folder" in lines[0] and "set it to a folder" in lines[0] and "Sorry" not in lines[0]
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "not a folder"  # nothing written over it


def test_a_validator_message_reads_once(capsys, monkeypatch):
    monkeypatch.setenv("COMPEL_CHANNEL_PROGRAMS", "C0AB12=halvorsen,general")
    code, _, err = run(capsys, "status")
    line = err.strip()
    assert code == 2 and line.count("got") == 1 and "Value error" not in line, line
    assert line.startswith("error: COMPEL_CHANNEL_PROGRAMS is invalid: expected CHANNEL=PROGRAM pairs, got 'general'; write e.g.")


def test_a_new_data_dir_is_made_where_none_was(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("COMPEL_DATA_DIR", str(tmp_path / "new" / "deeper"))
    code, out, _ = run(capsys, "records", "list")
    assert code == 0 and out.startswith("No programs yet")
