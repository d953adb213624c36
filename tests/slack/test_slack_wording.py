"""Engine messages worded for Slack: a `compel` pointer becomes its `/compel` equal only where Slack has that action."""

from __future__ import annotations

from bot.slack.wording import ASK_ADMIN, for_slack, slack_actions, slack_subcommands


def test_actions_are_read_from_the_help_lines():
    actions = slack_actions()
    assert actions["risk"] == {"add", "update"} and actions["debt"] == {"list", "add", "resolve"}
    assert actions["report"] >= {"integration", "steering", "schedule"} and "readiness" not in actions


def test_a_pointer_becomes_slack_only_where_slack_has_the_action():
    subs = slack_subcommands()
    assert for_slack("No debt item 'd-9'. See `compel debt list`.", subs) == "No debt item 'd-9'. See `/compel debt list`."
    # Slack has no `risk list`: the pointer goes, and nobody is sent to an admin for what is only a pointer.
    assert for_slack("No risk 'rk-9'. See `compel risk list`.", subs) == "No risk 'rk-9'."
    # A step only the command line can take is cut, and the message says who can act on it.
    out = for_slack("No program 'x'. Import it with `compel records import FILE`.", subs)
    assert out == f"No program 'x'. {ASK_ADMIN}"
