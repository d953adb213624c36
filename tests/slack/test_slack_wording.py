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


def test_what_a_slack_user_reads_never_names_a_setting():
    """Setting names (COMPEL_ADMINS, …) are for whoever runs the bot: the CLI, logs and start-up errors, not Slack."""
    import ast
    import re
    from pathlib import Path

    import bot.slack

    root = Path(bot.slack.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "app.py":  # start-up errors: read by the operator in the terminal, before Slack is reached
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
        }
        logged = {
            id(arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"debug", "info", "warning", "error", "exception"}
            for arg in ast.walk(node)
        }
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and id(node) not in logged and re.search(r"\b(?:COMPEL|SLACK|OPENAI)_[A-Z_]+", node.value)):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {node.value[:60]}")
    assert not found, found
