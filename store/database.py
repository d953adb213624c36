"""The records database connection: engine, schema upgrade on first use, transactions, and errors people can act on."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import StoreError
from store import schema

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)

FEATURE_LOCK_TIMEOUT = 30.0  # seconds a feature table's statement waits on another process's write (SQLite)
# PostgreSQL advisory lock keys (any 64-bit numbers no other application on the database uses).
WRITE_LOCK = 0x636F6D70656C  # records writes and schema upgrades ("compel")
TABLES_LOCK = WRITE_LOCK + 1  # creating the feature tables
# Read transactions see one snapshot (SQLite's read transactions do anyway); writes stay READ COMMITTED, so each
# statement after the write lock sees everything committed before it was granted.
_READ_OPTIONS = {"postgresql": {"isolation_level": "REPEATABLE READ"}}


class Database:
    """A SQLAlchemy engine for one URL, upgraded to the current schema when first used."""

    def __init__(self, url: str, *, lock_timeout: float = 10.0) -> None:
        self.url = url
        self.lock_timeout = lock_timeout  # seconds a write waits for another process's write (SQLite)
        self._engine: Engine | None = None

    @property
    def engine(self) -> "Engine":
        """The engine, created and upgraded to the current schema on first use."""
        if self._engine is None:
            self._engine = self._connect()
        return self._engine

    def _connect(self) -> "Engine":
        from sqlalchemy import create_engine, event
        from sqlalchemy.engine import make_url

        try:
            url = make_url(self.url)
        except Exception as exc:  # noqa: BLE001 - sqlalchemy raises several types for a bad URL
            raise StoreError(f"COMPEL_DATABASE_URL {self.url!r} is not a database URL ({exc}); unset it or fix it.") from None
        sqlite = url.get_backend_name() == "sqlite"
        if sqlite and url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = create_engine(url, connect_args={"timeout": self.lock_timeout} if sqlite else {})
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"The database driver {exc.name!r} for {url.get_backend_name()} is not installed; pip install it "
                "(for PostgreSQL: pip install 'compel-bot[postgres]', which brings psycopg) or unset COMPEL_DATABASE_URL to use SQLite."
            ) from None
        if sqlite:
            # SQLAlchemy, not the driver, opens transactions, so a read-then-write is one transaction and a
            # write takes the lock up front (BEGIN IMMEDIATE) instead of failing half-way (SQLAlchemy's recipe).
            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn, _record) -> None:
                dbapi_conn.isolation_level = None

            @event.listens_for(engine, "begin")
            def _on_begin(conn) -> None:
                conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

        elif url.get_backend_name() == "postgresql":
            # The same one-writer-at-a-time rule as SQLite's: writes read, check, then write (next position, the
            # revision counter, references), which under READ COMMITTED would race; a transaction-scoped advisory
            # lock serialises them across processes and replicas, released at commit or rollback.
            timeout_ms = max(1, int(self.lock_timeout * 1000))

            @event.listens_for(engine, "begin")
            def _on_begin(conn) -> None:
                if conn.get_execution_options().get("write"):
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {timeout_ms}")
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

        try:
            with self.errors(), engine.connect() as conn, conn.begin():
                version = self._check_version(conn)
            if version < schema.SCHEMA_VERSION:  # upgrade under the write lock, checking again once it is held
                with self.errors(), engine.connect().execution_options(write=True) as conn, conn.begin():
                    self._check_version(conn)
                    schema.upgrade(conn)
        except BaseException:
            engine.dispose()
            raise
        return engine

    def _check_version(self, conn: "Connection") -> int:
        version = schema.current_version(conn)
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                f"The records database {self.where()} has schema version {version}, newer than this compel-bot "
                f"knows ({schema.SCHEMA_VERSION}); upgrade compel-bot or point COMPEL_DATABASE_URL elsewhere."
            )
        return version

    def where(self) -> str:
        """The database file, or the URL without its password."""
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        return str(url.database) if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turn driver errors into StoreErrors that say what to do."""
        from sqlalchemy.exc import DatabaseError, OperationalError

        try:
            yield
        except OperationalError as exc:
            text = str(exc.orig).lower()
            if "locked" in text or "busy" in text or "lock timeout" in text:
                raise StoreError(locked_message(self.where())) from None
            if "unable to open" in text or "readonly" in text or "read-only" in text:
                raise StoreError(
                    f"Cannot open or write the records database {self.where()}; check that COMPEL_DATA_DIR is writable."
                ) from None
            raise StoreError(f"The records database {self.where()} failed ({_one_line(exc.orig)}); check COMPEL_DATABASE_URL.") from None
        except DatabaseError as exc:
            raise StoreError(
                f"The records database {self.where()} is damaged or not a database ({_one_line(exc.orig)}); move it aside and "
                "import your records again (`compel records import FILE` or `compel demo load`)."
            ) from None

    @contextmanager
    def read(self) -> Iterator["Connection"]:
        """A read transaction: a consistent view of the records."""
        engine = self.engine
        options = _READ_OPTIONS.get(engine.dialect.name, {})
        with self.errors(), engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator["Connection"]:
        """A write transaction: everything inside is written, or nothing is."""
        with self.errors(), self.engine.connect().execution_options(write=True) as conn, conn.begin():
            yield conn

    def close(self) -> None:
        """Release connections; the next use reconnects."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def locked_message(where: str) -> str:
    """What a person is told when the records database is locked (the CLI and Slack say the same)."""
    return f"The records database {where} is locked by another process; wait for it to finish (or close it) and try again."


def _name_lock_errors(engine: "Engine") -> None:
    """A feature table's lock timeout raises the same StoreError as the records' own reads and writes.

    Without it Slack answered a locked database with the generic apology while the CLI said what was wrong.
    """
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    url = engine.url
    where = str(url.database) if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)

    @event.listens_for(engine, "handle_error")
    def _on_error(ctx) -> None:
        text = str(ctx.original_exception).lower()
        if isinstance(ctx.sqlalchemy_exception, OperationalError) and ("locked" in text or "lock timeout" in text):
            raise StoreError(locked_message(where))


def open_feature_tables(url: str, metadata, what: str) -> "Engine":
    """An engine on the records database with a feature's own tables created (Slack state, stand-ups, LLM usage).

    Safe across threads and replicas: `create_all` only adds missing tables, SQLite waits for another writer, and
    on PostgreSQL replicas starting together take turns (DDL is transactional there, so the second sees the tables).
    """
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    args = {"timeout": FEATURE_LOCK_TIMEOUT, "check_same_thread": False} if url.startswith("sqlite") else {}
    try:
        engine = create_engine(url, connect_args=args, pool_pre_ping=True)
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            _write_ahead(engine)
        _name_lock_errors(engine)
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({TABLES_LOCK})")
            metadata.create_all(conn)
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"The database driver {exc.name!r} for the {what} is not installed; pip install 'compel-bot[postgres]' "
            "(for PostgreSQL) or unset COMPEL_DATABASE_URL to use SQLite."
        ) from None
    except OperationalError as exc:
        raise StoreError(f"The {what} at {url} cannot be opened ({exc.orig}). Check COMPEL_DATA_DIR or COMPEL_DATABASE_URL.") from None
    return engine


def _write_ahead(engine: "Engine") -> None:
    """SQLite in WAL mode with NORMAL sync for the features' small, frequent writes (events seen, answers kept).

    In the default rollback-journal mode each commit waits for fsync and blocks readers, so twenty Slack events
    acknowledged at once (each records its event id) queued for over a second; in WAL mode they take milliseconds.
    A power cut may lose the last commits, never corrupt the file: acceptable for this bookkeeping.
    """
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()


def upsert(conn: "Connection", table, values: dict, keys: tuple[str, ...]) -> None:
    """Insert a row, or replace the non-key columns of the row with the same key, in one statement.

    Delete-then-insert races on PostgreSQL: two replicas both delete nothing, then one insert fails on the key.
    """
    from sqlalchemy import delete
    from sqlalchemy.dialects import postgresql, sqlite

    dialect_insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(conn.dialect.name)
    if dialect_insert is None:  # another SQLAlchemy dialect: one transaction, no race protection
        conn.execute(delete(table).where(*(table.c[k] == values[k] for k in keys)))
        conn.execute(table.insert().values(**values))
        return
    stmt = dialect_insert(table).values(**values)
    rest = {c: stmt.excluded[c] for c in values if c not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=rest) if rest else stmt.on_conflict_do_nothing())


def _one_line(error: object) -> str:
    """A driver's message on one line (psycopg's spread over several, with tabs): an error is shown as one line."""
    return " ".join(str(error).split())
