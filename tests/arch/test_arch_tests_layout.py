"""The tests root holds the suite's set-up (conftest, paths) only; helper code lives in the tests/fixtures package."""

from __future__ import annotations

from tests.paths import TESTS

_SET_UP = {"__init__.py", "conftest.py", "paths.py"}


def test_helper_code_lives_in_the_fixtures_package_not_the_tests_root():
    stray = []
    for path in sorted(TESTS.glob("*.py")):
        if path.name in _SET_UP:
            continue
        stray.append(path.name)
    assert not stray, "move these into tests/fixtures/ (or a test folder): " + ", ".join(stray)

