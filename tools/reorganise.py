"""Re-runnable tree reorganisation: tests into folders by layer, fixtures into a plugin package, bot/commands -> bot/cli.

Run from anywhere: `python tools/reorganise.py` (add `--dry-run` to only print the plan, `--no-collect` to skip the
before/after `pytest --collect-only` counts). Every step checks the tree first, so running it again after merging
branches that still add flat `tests/test_*.py` files, `tests/*_fixtures.py` modules or `bot/commands/*.py` modules
moves just those and rewrites their imports; on a tree already reorganised it changes nothing.

Rules, in the order they are tried (first match wins), for a flat `tests/test_<name>.py`:
  1. NAMED: whole-file exceptions (a file whose layer its prefix does not say);
  2. FACE_TOKENS: a word of the name after `test_<area>_` naming a face or a run style (`cli`, `slack`, `console`, `e2e`);
  3. PREFIXES: the longest matching prefix (`test_oversight` -> tests/unit/oversight).
A name no rule knows is left where it is and reported; add a rule below and run again.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"

# Files whose prefix does not say their layer.
NAMED: dict[str, str] = {
    "test_replicas": "e2e",  # two real `compel serve` processes, PostgreSQL and a Chroma server
    "test_chroma_server": "e2e",  # a real local Chroma server in a subprocess
    "test_plurals": "arch",  # a rule over the whole source tree
    "test_ask_speed_shipped": "unit/knowledge",  # shipped vectors and fitted models match their sources
    "test_demo": "unit/oversight",
    "test_questions": "unit/oversight",
    "test_models": "unit/store",
    "test_glossary": "unit/knowledge",
}

# A word of the name (after test_<area>_) that names the face the test drives; checked before the area prefix.
FACE_TOKENS: dict[str, str] = {"e2e": "e2e", "cli": "cli", "slack": "slack", "console": "slack", "modal": "slack", "modals": "slack"}

# Longest prefix wins. Prefixes are matched on the file name, so `test_translate4_x` follows `test_translate`.
PREFIXES: dict[str, str] = {
    "test_answer": "unit/answer",
    "test_ask": "unit/answer",
    "test_retrieval": "unit/knowledge",
    "test_retrieve": "unit/knowledge",
    "test_index": "unit/knowledge",
    "test_ingest": "unit/knowledge",
    "test_pack": "unit/knowledge",
    "test_embeddings": "unit/knowledge",
    "test_knowledge": "unit/knowledge",
    "test_translate": "unit/translate",
    "test_understand": "unit/understand",
    "test_intent": "unit/understand",
    "test_jargon": "unit/jargon",
    "test_oversight": "unit/oversight",
    "test_debt": "unit/oversight",
    "test_status": "unit/oversight",
    "test_readiness": "unit/oversight",
    "test_findings": "unit/oversight",
    "test_text": "unit/oversight",  # wording of the oversight texts people read
    "test_standup": "unit/standup",
    "test_reports": "unit/reports",
    "test_sprint": "unit/reports",
    "test_steering": "unit/reports",
    "test_charts": "unit/reports",
    "test_records": "unit/store",
    "test_store": "unit/store",
    "test_llm": "llm",
    "test_slack": "slack",
    "test_console": "slack",
    "test_cli": "cli",
    "test_arch": "arch",
    "test_e2e": "e2e",
}

# Helper modules (not test files) that join the fixtures package, under these names.
HELPERS = {"fake_slack": "fake_slack", "replicas": "replicas"}

# Text files whose references to moved modules and paths are rewritten.
TEXT_SUFFIXES = {".py", ".md", ".toml", ".yaml", ".yml", ".cfg", ".txt", ".ini"}
SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", "data", "cassettes"}

PATHS_MODULE = '''"""Where the tests find the repository, their data and the material beside it, wherever a test file sits."""

from __future__ import annotations

from pathlib import Path


def _repo_root() -> Path:
    """The folder holding pyproject.toml, found upwards, so moving this module or a test never breaks a path."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        if (folder / "pyproject.toml").is_file():
            return folder
    raise RuntimeError(f"no pyproject.toml above {here}: the tests must run inside the compel-bot repository")


ROOT = _repo_root()
TESTS = ROOT / "tests"
DATA = TESTS / "data"
CASSETTES = TESTS / "cassettes"
SHARED_BOK = ROOT.parent / "shared" / "bok"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
'''

FIRST_PARTY = {"bot", "knowledge", "store", "prompts", "tests"}
PATH_NAMES = ("ROOT", "TESTS", "DATA", "CASSETTES", "SHARED_BOK", "SHARED_EVAL")


class Plan:
    """What one run does: moves (old path -> new path), rewrites, and the problems that need a person."""

    def __init__(self, dry: bool) -> None:
        self.dry = dry
        self.moves: list[tuple[Path, Path]] = []
        self.problems: list[str] = []
        self.rewritten: list[Path] = []

    def move(self, src: Path, dst: Path) -> None:
        rel = f"{src.relative_to(ROOT)} -> {dst.relative_to(ROOT)}"
        if dst.exists():
            if dst.read_bytes() == src.read_bytes():
                print(f"  same file already at the target, removing the old copy: {rel}")
                if not self.dry:
                    _git("rm", "-q", "-f", str(src))
                return
            self.problems.append(f"{rel}: both exist and differ; merge the old file into the new one by hand, delete the old one, run again")
            return
        self.moves.append((src, dst))
        print(f"  move {rel}")
        if not self.dry:
            dst.parent.mkdir(parents=True, exist_ok=True)
            if _tracked(src):
                _git("mv", str(src), str(dst))
            else:
                src.rename(dst)

    def write(self, path: Path, text: str) -> None:
        if path.exists() and path.read_text(encoding="utf-8") == text:
            return
        self.rewritten.append(path)
        if not self.dry:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def _git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, check=True)


def _tracked(path: Path) -> bool:
    out = subprocess.run(["git", "ls-files", "--error-unmatch", str(path)], cwd=ROOT, capture_output=True)
    return out.returncode == 0


def folder_for(stem: str) -> str | None:
    """The folder (relative to tests/) a flat test file belongs in, or None when no rule knows its name."""
    if stem in NAMED:
        return NAMED[stem]
    area = max((p for p in PREFIXES if stem.startswith(p)), key=len, default=None)
    words = stem.split("_")[2:] if area else stem.split("_")[1:]
    for word in words:
        if word in FACE_TOKENS:
            return FACE_TOKENS[word]
    return PREFIXES[area] if area else None


# --- tests ---------------------------------------------------------------------------------------------------------


def move_tests(plan: Plan) -> None:
    print("tests:")
    for path in sorted(TESTS.glob("test_*.py")):
        folder = folder_for(path.stem)
        if folder is None:
            plan.problems.append(
                f"tests/{path.name}: no rule places a test named '{path.stem}'; add its prefix to PREFIXES "
                "(or the file to NAMED) in tools/reorganise.py and run again (left in tests/ meanwhile)"
            )
            continue
        plan.move(path, TESTS / folder / path.name)
    for path in sorted(TESTS.glob("*_fixtures.py")):
        plan.move(path, FIXTURES / f"{path.stem.removesuffix('_fixtures')}.py")
    for old, new in HELPERS.items():
        if (TESTS / f"{old}.py").exists():
            plan.move(TESTS / f"{old}.py", FIXTURES / f"{new}.py")
    if not plan.dry:
        for folder in {d for _, dst in plan.moves for d in dst.relative_to(TESTS).parents if str(d) != "."} | {Path("fixtures")}:
            init = TESTS / folder / "__init__.py"
            if not init.exists():
                init.write_text("", encoding="utf-8")
        if not (TESTS / "paths.py").exists():  # written once; edits made to it later are kept
            plan.write(TESTS / "paths.py", PATHS_MODULE)


def test_module_names() -> dict[str, str]:
    """Old flat dotted name -> current dotted name, for every test and fixtures module wherever it sits now."""
    names: dict[str, str] = {}
    for path in TESTS.rglob("*.py"):
        if any(part in SKIP_DIRS for part in path.relative_to(TESTS).parts):
            continue
        dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if path.parent == FIXTURES and path.stem != "__init__":
            old = path.stem if path.stem in HELPERS.values() else f"{path.stem}_fixtures"
            names[f"tests.{old}"] = dotted
        elif path.name.startswith("test_") and path.parent != TESTS:
            names[f"tests.{path.stem}"] = dotted
    return names


def fixture_names(module_path: Path) -> set[str]:
    """Functions a fixtures module defines as pytest fixtures."""
    tree = ast.parse(module_path.read_text(encoding="utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                if (isinstance(target, ast.Attribute) and target.attr == "fixture") or (isinstance(target, ast.Name) and target.id == "fixture"):
                    found.add(node.name)
    return found


def drop_fixture_imports(text: str, fixtures: dict[str, set[str]]) -> str:
    """Remove fixtures imported by name (they come from pytest_plugins now), and the noqa comments that excused them."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    dropped = False
    for node in sorted(ast.walk(tree), key=lambda n: -getattr(n, "lineno", 0)):
        if not isinstance(node, ast.ImportFrom) or node.module not in fixtures:
            continue
        keep = [a for a in node.names if a.name not in fixtures[node.module]]
        if len(keep) == len(node.names):
            continue
        dropped = True
        indent = lines[node.lineno - 1][: node.col_offset]
        names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in keep)
        new = [f"{indent}from {node.module} import {names}\n"] if keep else []
        lines[node.lineno - 1 : node.end_lineno] = new
    text = "".join(lines)
    if dropped:
        text = re.sub(r"^(\s*(?:async\s+)?def [^\n]*?)  # noqa: F811\s*$", r"\1", text, flags=re.M)
    return text


_HERE = r"Path\(__file__\)(?:\.resolve\(\))?"
PATH_REWRITES = [
    (re.compile(_HERE + r"\.parents\[1\]"), "ROOT"),
    (re.compile(_HERE + r"\.parent\s*/\s*[\"']data[\"']"), "DATA"),
    (re.compile(_HERE + r"\.parent\s*/\s*[\"']cassettes[\"']"), "CASSETTES"),
    (re.compile(_HERE + r"\.parent(?![\w\[])"), "TESTS"),
]


def fix_paths(text: str) -> str:
    """Paths a flat test worked out from its own place become the constants of tests/paths.py, imported once at the top."""
    for pattern, name in PATH_REWRITES:
        text = pattern.sub(name, text)
    # `ROOT = ROOT` and the like, left by the rewrite, go; the import below provides the name.
    text = re.sub(r"^(ROOT|TESTS|DATA|CASSETTES) = \1\n", "", text, flags=re.M)
    # A module's own constant of the same name built on it (`CASSETTES = CASSETTES / "llm"`) keeps its meaning.
    text = re.sub(r"^(DATA|CASSETTES) = \1\b", lambda m: f'{m.group(1)} = TESTS / "{m.group(1).lower()}"', text, flags=re.M)
    # Constants imported from the conftest (or locally) come from tests/paths.py, at the top of the module.
    text = re.sub(r"^[ \t]+from tests\.(?:conftest|paths) import [^\n]*\n", "", text, flags=re.M)
    text = re.sub(r"^from tests\.conftest import ", "from tests.paths import ", text, flags=re.M)
    top = re.search(r"^from tests\.paths import [^\n]*\n", text, flags=re.M)
    rest = text[: top.start()] + text[top.end() :] if top else text
    used = sorted(n for n in PATH_NAMES if n in _code_names(rest) and not re.search(rf"^{n}\s*=", rest, flags=re.M))
    line = f"from tests.paths import {', '.join(used)}\n" if used else ""
    if top:
        text = text[: top.start()] + line + text[top.end() :]
    elif line:
        text = _add_import(text, line)
    # A `Path` the rewrite left unused goes with its import.
    without = re.sub(r"^from pathlib import Path\n", "", text, count=1, flags=re.M)
    if without != text and "Path" not in _code_names(without):
        text = without
    return text


def _code_names(text: str) -> set[str]:
    """Names used as code (not inside strings or comments)."""
    try:
        return {t.string for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.NAME}
    except (tokenize.TokenError, SyntaxError):
        return set()


def _add_import(text: str, line: str) -> str:
    """Add an import after the module's last top-level import (so it sits with the others)."""
    tree = ast.parse(text)
    last = max((n.end_lineno for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))), default=None)
    lines = text.splitlines(keepends=True)
    if last is None:
        doc = tree.body[0].end_lineno if tree.body and isinstance(tree.body[0], ast.Expr) else 0
        lines.insert(doc, "\n" + line)
        return "".join(lines)
    node = next(n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) and n.end_lineno == last)
    module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
    # First-party imports are a group of their own, after a blank line (isort's order).
    separate = line.startswith("from tests") and (module or "").split(".")[0] not in FIRST_PARTY
    lines.insert(last, ("\n" if separate else "") + line)
    return "".join(lines)


def register_plugins(plan: Plan) -> None:
    """The root conftest lists every module of tests/fixtures in pytest_plugins (and imports no fixture by name)."""
    conftest = TESTS / "conftest.py"
    text = conftest.read_text(encoding="utf-8")
    mods = sorted(f"tests.fixtures.{p.stem}" for p in FIXTURES.glob("*.py") if p.stem != "__init__") if FIXTURES.is_dir() else []
    block = "pytest_plugins = [\n" + "".join(f'    "{m}",\n' for m in mods) + "]\n"
    if re.search(r"^pytest_plugins = \[.*?^\]\n", text, flags=re.M | re.S):
        text = re.sub(r"^pytest_plugins = \[.*?^\]\n", block, text, count=1, flags=re.M | re.S)
    else:
        text = re.sub(r"^from tests\.(?:fixtures\.)?\w+ import [^\n]*# noqa: F401[^\n]*\n", "", text, flags=re.M)
        text = _add_import(text, "\n# Fixtures shared by every test, one module per area (tools/reorganise.py keeps this list).\n" + block)
    # The constants live in tests/paths.py; the conftest imports them like everyone else.
    for name in ("ROOT", "SHARED_BOK", "SHARED_EVAL"):
        text = re.sub(rf"^{name} = [^\n]*\n", "", text, flags=re.M)
    plan.write(conftest, re.sub(r"\n{4,}", "\n\n\n", fix_paths(text)))


# --- bot/commands -> bot/cli --------------------------------------------------------------------------------------

OLD_CLI_DOC = "Each command group lives in `bot/commands/` and is imported only when used."
NEW_CLI_DOC = (
    "Each command group is a module of this package, imported only when used.\n\n"
    "Not to be confused with `bot/slack/listeners/commands/`, the Slack face's `/compel` listener.\n"
)

CLI_MAIN = '''"""`python -m bot.cli`: the same entry point as the `compel` script."""

import sys

from bot.cli import main

sys.exit(main())
'''


def move_cli(plan: Plan) -> None:
    print("bot/commands -> bot/cli:")
    bot = ROOT / "bot"
    if (bot / "cli.py").exists():
        plan.move(bot / "cli.py", bot / "cli" / "__init__.py")
    commands = bot / "commands"
    if commands.is_dir():
        for path in sorted(commands.glob("*.py")):
            if path.name != "__init__.py":
                plan.move(path, bot / "cli" / path.name)
        init = commands / "__init__.py"
        if init.exists() and not [p for p in commands.glob("*.py") if p.name != "__init__.py"] and not plan.dry:
            _git("rm", "-q", "-f", str(init)) if _tracked(init) else init.unlink()
        if not plan.dry and commands.is_dir() and not any(p for p in commands.iterdir() if p.name != "__pycache__"):
            for p in commands.glob("__pycache__/*"):
                p.unlink()
            for p in (commands / "__pycache__", commands):
                if p.is_dir():
                    p.rmdir()
    entry = bot / "cli" / "__init__.py"
    if entry.exists() and not plan.dry:
        text = entry.read_text(encoding="utf-8")
        # `python -m bot.cli` runs bot/cli/__main__.py now; the package's own __main__ guard would never fire.
        text = re.sub(r'\n\nif __name__ == "__main__":\n    sys\.exit\(main\(\)\)\n$', "\n", text)
        text = text.replace(OLD_CLI_DOC, NEW_CLI_DOC)
        plan.write(entry, text)
        if not (bot / "cli" / "__main__.py").exists():
            plan.write(bot / "cli" / "__main__.py", CLI_MAIN)


CLI_REWRITES = [
    (re.compile(r"(?<![\w.])bot\.commands\b"), "bot.cli"),
    (re.compile(r"(?<![\w/.])bot/commands/"), "bot/cli/"),
    (re.compile(r"(?<![\w/.])bot/commands\b"), "bot/cli"),
    (re.compile(r"(?<![\w/.])bot/cli\.py\b"), "bot/cli/__init__.py"),
]


# The README's tree, where it names the old rooms (each replaced once; the new text does not contain the old).
README_LINES = {
    "  commands/     `compel ...` at the terminal (click groups); slack/listeners/commands/ is the `/compel` slash command":
    "  cli/          `compel ...` at the terminal (click groups); slack/listeners/commands/ is the `/compel` slash command",
    "tests/        unit, Slack end-to-end against a local fake Slack, LLM cassettes":
    "tests/        by layer: unit/<package>/, slack/ (a local fake Slack), cli/, llm/ (cassettes), e2e/ (real processes),\n"
    "              arch/ (the layer contracts); fixtures/ (registered by pytest_plugins), paths.py (ROOT, DATA, ...)",
}


def rewrite_text(plan: Plan) -> None:
    """References to moved modules and files, everywhere in the repository (code, docs, pyproject)."""
    modules = test_module_names()
    flat_paths = {f"tests/{old.removeprefix('tests.')}.py": new.replace(".", "/") + ".py" for old, new in modules.items()}
    mod_re = re.compile(r"(?<![\w.])(" + "|".join(re.escape(m) for m in sorted(modules, key=len, reverse=True)) + r")\b") if modules else None
    path_re = re.compile(r"(?<![\w/.])(" + "|".join(re.escape(p) for p in sorted(flat_paths, key=len, reverse=True)) + r")") if flat_paths else None
    fixtures = {}
    if FIXTURES.is_dir():
        for p in FIXTURES.glob("*.py"):
            if p.stem != "__init__":
                fixtures[f"tests.fixtures.{p.stem}"] = fixture_names(p)
    for path in _text_files():
        if path == Path(__file__).resolve():
            continue  # this script names the old paths on purpose
        text = path.read_text(encoding="utf-8")
        new = text
        if mod_re:
            new = mod_re.sub(lambda m: modules[m.group(1)], new)
        if path_re:
            new = path_re.sub(lambda m: flat_paths[m.group(1)], new)
        for pattern, repl in CLI_REWRITES:
            new = pattern.sub(repl, new)
        if path.suffix == ".py" and _is_test_code(path):
            new = fix_paths(drop_fixture_imports(new, fixtures))
            new = re.sub(r"\n{4,}", "\n\n\n", new) if new != text else new  # lines taken out leave no wide gaps
        if path == ROOT / "README.md":
            for old, repl in README_LINES.items():
                new = new.replace(old, repl)
        if path.name == "pyproject.toml":
            new = re.sub(r'^(\s*"bot\.cli",\n)\1+', r"\1", new, flags=re.M)  # bot.cli and bot.commands were two layers
        if new != text:
            plan.write(path, new)


def _is_test_code(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    return rel.parts[0] == "tests" and path.name != "paths.py" and not any(p in ("data", "cassettes") for p in rel.parts)


def _text_files():
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True)
    for rel in out.stdout.splitlines():
        path = ROOT / rel
        parts = Path(rel).parts
        if path.suffix in TEXT_SUFFIXES and path.is_file() and not any(p in (".git", ".venv", "node_modules") for p in parts):
            if parts[0] == "tests" and len(parts) > 1 and parts[1] in ("data",):
                continue
            yield path


# --- counts --------------------------------------------------------------------------------------------------------


def collected() -> str:
    """How many tests pytest collects (its own summary line), or why that could not be counted."""
    exe = ROOT / ".venv" / "bin" / "python"
    cmd = [str(exe if exe.exists() else sys.executable), "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True).stdout.splitlines()
    summary = next((ln for ln in reversed(out) if re.search(r"\d+ tests? collected|no tests", ln)), out[-1] if out else "(no output)")
    errors = [ln for ln in out if ln.startswith("ERROR")]
    return summary + (f"; collection errors: {errors[:3]}" if errors else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="Print the moves only.")
    parser.add_argument("--no-collect", action="store_true", help="Skip the before/after pytest collection counts.")
    args = parser.parse_args(argv)
    before = None if args.no_collect or args.dry_run else collected()
    plan = Plan(args.dry_run)
    move_tests(plan)
    move_cli(plan)
    if not args.dry_run:
        rewrite_text(plan)
        register_plugins(plan)
    print(f"{len(plan.moves)} files moved, {len(plan.rewritten)} files rewritten")
    for path in plan.rewritten:
        print(f"  rewrote {path.relative_to(ROOT)}")
    if before is not None:
        print(f"tests collected before: {before}")
        print(f"tests collected after:  {collected()}")
    for problem in plan.problems:
        print(f"NEEDS A PERSON: {problem}", file=sys.stderr)
    return 1 if plan.problems else 0


if __name__ == "__main__":
    sys.exit(main())
