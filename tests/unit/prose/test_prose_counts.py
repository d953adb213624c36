"""A sentence never opens on a figure ('Six people did not report.'), and a share is written '81%' everywhere."""

from __future__ import annotations

from datetime import date

from bot.prose import count_word, counted, percent
from bot.reports.sprint import pct
from bot.slack.views.standup_builder import build_summary
from bot.standup.model import Summary
from bot.standup.render import summary_text
from tests.fixtures.text_audit import problems, slack_text


def _summary(missing: int) -> Summary:
    return Summary(program="p", program_name="Fjord Parcels AI Programme", date=date(2026, 5, 6), since=date(2026, 5, 5),
                   audience="sponsor", rag="amber", headline="Fjord Parcels AI Programme is AMBER.", not_reported_count=missing)


def test_counts_open_a_sentence_in_words():
    assert [count_word(n) for n in (0, 7, 13, 20, 45)] == ["no", "seven", "thirteen", "twenty", "forty-five"]
    assert counted(1, "person", "people") == "One person" and counted(6, "person", "people") == "Six people"
    assert counted(32, "risk signal") == "Thirty-two risk signals" and counted(0, "update") == "No updates"
    assert counted(140, "passage") == "A total of 140 passages"


def test_who_did_not_report_starts_with_a_word_in_text_and_blocks():
    assert "Six people did not report." in summary_text(_summary(6))
    assert "One person did not report." in slack_text(build_summary(_summary(1)))  # the blocks said "1 people"
    for text in (summary_text(_summary(6)), slack_text(build_summary(_summary(6)))):
        assert not [p for p in problems(text, figures=True) if "figure" in p]


def test_one_percent_form():
    assert percent(0.814) == "81%" and pct(0.09) == "9%" and pct(None) == "not recorded"


def test_the_audit_flags_a_sentence_that_opens_on_a_figure():
    flagged = ["Sprint 4 closed late. 6 people did not report.", "12 items are open.", "  - 3 use cases wait on access."]
    assert all(any("opens on a figure" in p for p in problems(t, figures=True)) for t in flagged)
    fine = ["1. What is the plan?", "Not reported: 6 people.", "Completed 29 of 36 (81%).",
            "- A line a terminal wrapped at its width, so the next line starts on a\n  6 that carries on the sentence."]
    assert not [p for t in fine for p in problems(t, figures=True) if "opens on a figure" in p]


def test_a_count_before_of_the_opens_with_a_word():
    from bot.prose import opening_count

    assert [opening_count(n) for n in (0, 1, 4, 21)] == ["None", "One", "Four", "Twenty-one"]


def test_a_share_of_a_whole_says_both_counts_alike():
    from bot.prose import share_of

    assert share_of(6, 8, "person", "people") == "Six of the eight people"
    assert share_of(0, 3, "use case") == "None of the three use cases"
    assert share_of(1, 4, "use case") == "One of the four use cases"
    assert share_of(2, 240, "signal") == "Two of the 240 signals"  # a whole from 100 on is a figure, mid-sentence
    assert share_of(120, 240, "signal") == "A total of 120 of the 240 signals"  # never a figure to open the sentence
