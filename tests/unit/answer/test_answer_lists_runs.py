"""Lists without a ':' lead-in: a run of labelled paragraphs after the paragraph that introduces them."""

from __future__ import annotations

from bot.answer.lists import lists_in


def test_a_run_of_labelled_paragraphs_is_a_list_led_in_by_the_paragraph_before():
    lines = [
        "Rollouts fail for a few recurring reasons, and each needs its own answer.",
        "Owners are unclear. Nobody knows who signs off a release, so it waits.",
        "Tests come late. Problems show up the week before launch, when fixing them is dear.",
        "Users are not told. People meet the new tool on the day it replaces the old one.",
        "A closing thought that is plain prose and names nothing.",
    ]
    found = lists_in(lines)
    assert len(found) == 1
    assert found[0].intro == lines[0]
    assert [i.label for i in found[0].items] == ["Owners are unclear", "Tests come late", "Users are not told"]


def test_two_labelled_paragraphs_or_a_colon_list_are_not_read_twice():
    two = ["Some context comes first here.", "Owners are unclear. Nobody signs off.", "Tests come late. Bugs surface late."]
    assert lists_in(two) == []
    colon = ["Three things matter:", "Owners are unclear. Nobody signs off.", "Tests come late. Bugs surface late.",
             "Users are not told. Nobody warned them."]
    found = lists_in(colon)
    assert len(found) == 1 and found[0].intro == "Three things matter:"
