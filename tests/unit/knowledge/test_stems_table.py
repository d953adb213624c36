"""The stems an index keeps with its snapshot: the Snowball stemmer's own output, read back by a new process."""

from __future__ import annotations

import numpy as np

from knowledge import text
from knowledge.retrieve import Windows
from knowledge.snapshot import SnapshotParts, read_snapshot, write_snapshot
from knowledge.types import Chunk


def test_a_snapshot_keeps_the_stems_and_a_reader_takes_them(tmp_path, monkeypatch):
    # Own wording: words whose stems differ from the words.
    words = ["escalations", "retraining", "sponsorship", "governed"]
    expected = {w: text._stemmer().stemWord(w) for w in words}
    monkeypatch.setattr(text, "_STEMS", {})
    assert [text.stem(w) for w in words] == [expected[w] for w in words]
    chunk = Chunk(id="c1", text="Escalations need a governed path.", source="own.md")
    path = tmp_path / "snapshot.npz"
    write_snapshot(path, SnapshotParts([chunk], [text.terms(chunk.text)], np.zeros((1, 4), dtype=np.float32),
                                       Windows.empty(4)))
    monkeypatch.setattr(text, "_STEMS", {})  # a new process: nothing stemmed yet
    assert read_snapshot(path) is not None
    assert {w: text._STEMS[w] for w in words} == expected
    assert text.terms("Governed escalations") == [expected["governed"], expected["escalations"]]


def test_remembered_stems_never_replace_ones_worked_out(monkeypatch):
    monkeypatch.setattr(text, "_STEMS", {"pilots": "pilot"})
    text.remember_stems({"pilots": "other", "sprints": "sprint"})
    assert text.stem("pilots") == "pilot" and text.known_stems()["sprints"] == "sprint"
