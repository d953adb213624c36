"""A command typed wrong (unknown name, option or value, a missing argument, a bad date) is ONE line with the fix, exit 2."""

from __future__ import annotations

import click
import pytest

from bot.cli import cli
from bot.cli.params import Day
from tests.fixtures.oversight import load_demo, run_cli as run


@pytest.mark.parametrize("args, wanted", [
    (("sttaus",), "No such command 'sttaus'; did you mean 'status'"),
    (("debt", "lsit"), "No such command 'lsit'; did you mean 'list'"),
    (("risks", "--severty", "high"), "No such option '--severty'; did you mean '--severity'"),
    (("risks", "--severity", "urgent"), "'urgent' is not one of high, medium or low"),
    (("debt", "add", "x", "--category", "risky"), '\'risky\' is not one of debt, "operational risk" or "compliance violation"'),
    (("milestone", "set", "eta", "integration testing passed", "late"), 'Invalid value for \'STATUS\': \'late\' is not one of pending, met, missed or "at risk"'),
    (("readiness",), "Missing argument 'USE_CASE'"),
    (("status", "now"), "unexpected extra argument (now)"),
    (("status", "--as-of", "2026-02-30"), "'2026-02-30' is not a date; write it as YYYY-MM-DD"),
    (("report", "steering", "--as-of", "last friday"), "'last friday' is not a date; write it as YYYY-MM-DD"),
    (("standup", "summary", "--date", "03/11/2026"), "'03/11/2026' is not a date; write it as YYYY-MM-DD"),
])
def test_a_mistyped_command_is_one_line_naming_the_problem_and_where_to_look(capsys, args, wanted):
    code, out, err = run(capsys, *args)
    assert code == 2 and not out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and wanted in lines[0], lines[0]
    assert lines[0].endswith("--help`.") and "Usage:" not in err and "?." not in err


def test_a_folder_given_as_a_file_is_one_line(capsys, tmp_path):
    load_demo()
    code, _, err = run(capsys, "records", "import", str(tmp_path))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "is a directory" in err
    code, _, err = run(capsys, "translate", "--batch", str(tmp_path))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "is a directory" in err


def _commands(group: click.Group, ctx: click.Context):
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, ctx)


def test_every_date_option_is_a_day_shown_as_yyyy_mm_dd():
    ctx = click.Context(cli)
    dated = [(c.name, p.name) for c in _commands(cli, ctx) for p in c.params if isinstance(p.type, click.DateTime)]
    assert dated, "no date options found"
    for command, param in dated:
        option = next(p for c in _commands(cli, ctx) if c.name == command for p in c.params if p.name == param)
        assert isinstance(option.type, Day), (command, param)
        assert "%Y" not in (option.make_metavar(ctx) or ""), (command, param)



def test_choices_are_taken_as_people_write_them(capsys):
    """A stored key with an underscore (at_risk, compliance_violation) is typed with a space, a hyphen or as it is."""
    load_demo()
    for typed in ("at risk", "At-Risk", "at_risk"):
        code, out, err = run(capsys, "milestone", "set", "eta", "integration testing passed", typed)
        assert code == 0 and out.strip() == "Delivery ETA prediction: integration testing passed is now at risk.", err
    code, out, err = run(capsys, "questions", "--stage", "nonsense")
    assert code == 2 and err.strip() == ("error: Unknown stage 'nonsense'; use one of: data preparation, model development, "
                                         "integration, deployment, production.")
    for typed in ("data preparation", "Data-Preparation", "data_preparation"):
        code, out, _ = run(capsys, "questions", "--stage", typed)
        assert code == 0 and out.startswith("Stage: data preparation")


@pytest.mark.parametrize("args, wanted", [
    (("readiness", ""), "Invalid value for 'USE_CASE': it is empty"),
    (("risk", "add", "  "), "Invalid value for 'TITLE': it is empty"),
    (("milestone", "set", "eta", "", "met"), "Invalid value for 'MILESTONE': it is empty"),
    (("report", "schedule", "weekly", "--channel", "C0X"), "Invalid value for 'REPORT': 'weekly' is not one of integration or steering"),
    (("readiness", "payroll bot"), "No use case 'payroll bot' in Halvorsen Freight AI Transformation. Known: Demand forecasting, "),
    (("risk", "update", "rk-999", "--status", "closed"), "No risk 'rk-999' on the risk register of Halvorsen Freight AI Transformation"),
    (("debt", "resolve", "debt-999"), "No debt item 'debt-999' on the debt register of Halvorsen Freight AI Transformation"),
    (("standup", "setup", "--channel", "C0X", "--days", "weekdays2"), "unknown day 'weekdays2'"),
    (("calendar", "add", "tomorrow"), "error: 'tomorrow' is not a date; write it as YYYY-MM-DD"),
    (("ask", "--batch", "x.txt", "a question"), "error: Give either a QUESTION or --batch FILE"),
])
def test_what_a_user_types_wrong_is_one_line_in_their_words(capsys, tmp_path, monkeypatch, args, wanted):
    """No record ids a person never typed (uc-…), no program id for its name, a sentence's capital, exit 2."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("a question\n")
    load_demo()
    code, out, err = run(capsys, *args)
    assert code == 2 and not out, err
    assert len(err.strip().splitlines()) == 1 and wanted in err, err
    assert "uc-" not in err and "'halvorsen'" not in err, err
    assert err.startswith("error: ") and err[len("error: ")] == err[len("error: ")].upper(), err


def test_an_import_counts_each_kind_with_its_own_noun(capsys):
    code, out, _ = run(capsys, "demo", "load", "--no-index")
    assert code == 0 and "1 program, 4 workstreams" in out and "8 data quality findings" in out and "8 debt items" in out
    assert "halvorsen" not in out.split("Try ")[0]  # the program by name until the commands to copy
