"""The everyday core of English: the most frequent words of pyspellchecker's list, read the quick way, are exact."""

from __future__ import annotations

import gzip
import re
from importlib.resources import files

import pytest

from bot.jargon import COMMON_RANK, common_words


def _every_count() -> list[tuple[int, str]]:
    try:
        resource = files("spellchecker") / "resources" / "en.json.gz"
        with resource.open("rb") as raw, gzip.open(raw) as fh:
            text = fh.read().decode("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pytest.skip("pyspellchecker's English list is not installed")
    return [(int(n), w) for w, n in re.findall(r'"([a-z]+)": (\d+)', text)]


def test_the_common_words_are_the_most_frequent_of_every_count():
    every = sorted(_every_count(), reverse=True)
    assert common_words() == frozenset(w for _, w in every[:COMMON_RANK])


def test_the_common_words_hold_everyday_words_and_not_rare_ones():
    words = common_words()
    assert {"team", "week", "money", "because"} <= words
    assert not {"idempotency", "kubernetes", "autoscaler"} & words
