"""A records database that cannot be reached is one line naming it (password hidden) and the setting to check."""

from __future__ import annotations

import socket

from tests.fixtures.oversight import run_cli as run


def _closed_port() -> int:
    with socket.socket() as s:  # a port nothing listens on: bound, then released
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_postgres_is_one_line(capsys, monkeypatch):
    monkeypatch.setenv("COMPEL_DATABASE_URL", f"postgresql+psycopg://compel:s3cret@127.0.0.1:{_closed_port()}/compel")
    code, out, err = run(capsys, "status")
    assert code == 2 and not out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: The records database postgresql+psycopg://compel:***@127.0.0.1:"), err
    assert lines[0].endswith("check COMPEL_DATABASE_URL.") and "s3cret" not in err and "\t" not in err
