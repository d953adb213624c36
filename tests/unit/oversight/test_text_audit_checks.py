"""The project-wide text audit's own checks, each on a small text of its shape (tests/fixtures/text_audit.py)."""

from __future__ import annotations

from tests.fixtures.text_audit import problems, report_problems


def _kinds(text: str) -> list[str]:
    return [p.split(":", 1)[0].split(" (")[0] for p in problems(text, figures=True)]


def test_each_house_rule_has_its_check():
    assert "'(s)' plural" in _kinds("Two item(s) wait.")
    assert "doubled word 'the'" in _kinds("Waiting on the the vendor.")
    assert "raw identifier 'data_preparation'" in _kinds("Stage: data_preparation.")
    assert "sentence in lowercase" in _kinds("It slipped. then it moved.")
    assert "zero-padded date '07 Dec'" in _kinds("Due 07 Dec.")
    assert "sentence opens on a figure" in _kinds("Two slipped. 3 more wait.")
    assert "dangling lead-in" in _kinds("The plan ensures:\n\nNext part.")
    assert "empty section" in _kinds("Intro.\n\nRisks\n\nDecisions\n  - One")


def test_a_slack_heading_block_followed_by_its_content_is_not_empty():
    """Slack shows a heading section and the next section one under the other: that is a section with content."""
    assert "empty section" not in _kinds("Home\n\n*Workstreams*\n:red_circle: *Data platform* (technology)")


def test_the_product_name_may_open_a_line_in_lower_case():
    assert not problems("compel-bot commands") and "paragraph in lowercase" in _kinds("commands for the bot")


def test_register_rows_say_their_dates_in_words():
    assert report_problems("debt-008  Debt · Resolved · resolved 2026-10-28") != []
    assert report_problems("debt-008  Debt · Resolved · resolved 28 Oct 2026") == []
