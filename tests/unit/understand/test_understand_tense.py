"""A noun that looks like a finished verb is not news of work done (own wording)."""

from __future__ import annotations

import pytest

from bot.understand.clauses import cues


@pytest.mark.parametrize("text", [
    "the firmware patch from the supplier arrives on Thursday",
    "the security patch is still waiting for the change board",
])
def test_a_patch_that_has_not_landed_is_not_done(text):
    assert "done" not in cues(text, [])


def test_a_system_that_was_patched_is_done():
    assert "done" in cues("the gateway was patched overnight", [])
