"""A number said in words is read back as the number `count_word` would write (the measure reader's figures)."""

from __future__ import annotations

import pytest

from bot.prose import count_word, word_count


def test_every_count_word_reads_back():
    assert all(word_count(count_word(n)) == n for n in range(1, 100))


@pytest.mark.parametrize(("word", "value"), [("zero", 0), ("Nine", 9), ("seventeen,", 17), ("forty-two", 42),
                                             ("cat", None), ("no", None), ("ninety-ten", None)])
def test_words_and_non_numbers(word, value):
    assert word_count(word) == value
