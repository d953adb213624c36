"""The tests root holds the suite's set-up (conftest, paths) only; helper code lives in the tests/fixtures package."""

from __future__ import annotations

import ast

from tests.paths import TESTS

_SET_UP = {"__init__.py", "conftest.py", "paths.py"}


def test_helper_code_lives_in_the_fixtures_package_not_the_tests_root():
    stray = []
    for path in sorted(TESTS.glob("*.py")):
        if path.name in _SET_UP:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # A module kept under an old name may re-export what moved; it must not define anything of its own.
        defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))]
        if defined:
            stray.append(f"{path.name}: {', '.join(defined)}")
    assert not stray, "move these into tests/fixtures/: " + "; ".join(stray)

