"""The architecture as a contract: layers that hold, no import circles, one facade every face calls."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from tests.paths import ROOT

PACKAGES = ("bot", "knowledge", "store", "prompts")


def test_the_import_contracts_in_pyproject_are_kept():
    """lint-imports: faces > facade > services > engines > knowledge > store > base, no Slack below the faces, no circles."""
    # In its own process: import-linter reconfigures logging, which would leak into the tests that read log records.
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
         "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert "BROKEN" not in report and report.count("KEPT") >= 5


def _cycles(adjacent: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative: the graph has hundreds of modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(adjacent):
        if root in index:
            continue
        work = [(root, iter(sorted(adjacent[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(adjacent.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    group.append(top)
                    if top == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_two_modules_import_each_other_even_through_others():
    """Module by module (lazy and type-only imports included), the import graph has no circle."""
    import grimp

    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    adjacent = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert _cycles(adjacent) == []


def test_the_cycle_finder_finds_a_circle_through_three_modules():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_slack_errors_know_every_subcommand_from_the_help():
    from bot.slack.listeners.commands.subcommands import SUBCOMMANDS
    from bot.slack.wording import slack_subcommands

    assert slack_subcommands() == set(SUBCOMMANDS)


def test_llm_paths_name_every_call_they_pass_on():
    """No hidden forwarding: each path has the calls its engine is used for, written out."""
    from bot.llm.answer import LLMAnswerer
    from bot.llm.call import LLMPath
    from bot.llm.questions import LLMOversight
    from bot.llm.summary import LLMStandups
    from bot.llm.translate import LLMTranslator

    assert "__getattr__" not in vars(LLMPath)
    wanted = {
        LLMAnswerer: ["answer", "retrieve", "settings", "index"],
        LLMTranslator: ["translate"],
        LLMOversight: ["questions", "findings", "readiness", "status", "view_and_findings", "section_text"],
        LLMStandups: ["summary", "setup", "skip", "ooo", "collect_reply", "scheduler", "next_standup", "store", "records", "close"],
    }
    for path, calls in wanted.items():
        missing = [c for c in calls if not any(c in vars(k) for k in path.__mro__ if k is not object)]
        assert missing == [], (path.__name__, missing)


def test_the_fake_engines_take_the_facades_requests():
    """The Slack tests' fake answers the same calls, with the same parameters, as the facade the faces use."""
    from bot.engines import Engines
    from tests.fixtures.slack import FakeEngines

    for name, member in vars(FakeEngines).items():
        if name.startswith("_") or not callable(member) or not hasattr(Engines, name):
            continue
        ours = list(inspect.signature(getattr(Engines, name)).parameters)
        fake = list(inspect.signature(member).parameters)
        assert fake == ours, name


@pytest.fixture
def engines(tmp_path):
    from bot.cli.records import DEMO_FILE
    from bot.config import Settings
    from bot.engines import Engines
    from bot.services import Services
    from store.io import read_program

    services = Services(Settings(data_dir=tmp_path / "data"))
    services.records.import_program(read_program(DEMO_FILE), source="demo")
    yield Engines(services)
    services.close()


def test_a_debt_item_added_through_the_facade_without_a_program_goes_to_the_only_one_stored(engines):
    from bot.engines import DebtAdd

    [program] = engines.programs()
    change = engines.debt_add(DebtAdd(description="Schema drift checks run by hand before each load", planned_sprint=12, by="UTEST"))
    assert change.program == program
    assert change.note is None  # no index built here: retrieval picks the item up on the next import, nothing fails
    saved = [d for d in engines.debt_list(program) if d.id == change.item.id]
    assert saved and saved[0].description.startswith("Schema drift") and saved[0].planned_sprint == 12


def test_an_empty_debt_description_is_refused_with_what_to_write(engines):
    from bot.engines import DebtAdd
    from bot.errors import InputError

    with pytest.raises(InputError, match="description is empty"):
        engines.debt_add(DebtAdd(description="   "))


def test_a_stage_named_loosely_is_read_as_the_stage_and_anything_else_as_a_use_case(engines):
    from bot.engines import QuestionsRequest

    program = engines.programs()[0]
    by_stage = engines.questions(QuestionsRequest(program=program, target="model developmnt"))
    assert by_stage.stage == "model_development" and by_stage.use_case is None
    use_case = engines.services.records.program(program).use_cases[0]
    by_case = engines.questions(QuestionsRequest(program=program, target=use_case.id))
    assert by_case.use_case == use_case.id and by_case.questions


def test_every_sql_table_is_defined_in_store():
    """One rule for SQL tables: each feature owns its tables in a module of store/ (records in store/schema.py)."""
    import ast

    outside = []
    for package in ("bot", "knowledge", "prompts"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) == "Table"]
            if calls:
                outside.append(str(path.relative_to(ROOT)))
    assert outside == []
    assert len([p for p in (ROOT / "store").glob("*.py") if "Table(" in p.read_text(encoding="utf-8")]) >= 4


def test_the_cli_and_slack_command_folders_do_not_import_each_other_the_wrong_way():
    """`bot/cli/` (the terminal's `compel ...`) starts the Slack app; Slack's `/compel` listener never reaches the CLI."""
    import grimp

    graph = grimp.build_graph("bot", include_external_packages=False)
    assert not graph.find_shortest_chain(importer="bot.slack.listeners.commands", imported="bot.cli")
