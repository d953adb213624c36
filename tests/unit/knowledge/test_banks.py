"""knowledge.banks.ShippedBank: rows in group order, vectors found by the bank file's digest, stale files removed."""

from __future__ import annotations

import numpy as np

from knowledge.banks import ShippedBank


def test_vectors_follow_the_bank_file_and_stale_ones_go(tmp_path):
    path = tmp_path / "moods.yaml"
    path.write_text("calm: [a quiet harbour]\nstorm: [waves over the pier, thunder at noon]\n", encoding="utf-8")
    bank = ShippedBank(path, ("storm", "calm"), "moods")
    assert bank.rows() == (("storm", "waves over the pier"), ("storm", "thunder at noon"), ("calm", "a quiet harbour"))
    assert bank.shipped() is None  # nothing shipped yet: the caller embeds at first use
    first = bank.write(matrix=np.eye(3, dtype=np.float32))
    assert first.name == f"moods-{bank.digest()}.npz"
    assert np.array_equal(bank.shipped()["matrix"], np.eye(3))
    path.write_text("calm: [a quiet harbour, still water]\n", encoding="utf-8")  # the bank is edited
    bank.clear()
    assert bank.rows() == (("calm", "a quiet harbour"), ("calm", "still water")) and bank.shipped() is None
    second = bank.write(matrix=np.zeros((2, 3), dtype=np.float32))
    assert not first.exists() and [p.name for p in tmp_path.glob("moods-*.npz")] == [second.name]
