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
                "(for PostgreSQL: pip install psycopg) or unset COMPEL_DATABASE_URL to use SQLite."
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
            if "locked" in text or "busy" in text:
                raise StoreError(locked_message(self.where())) from None
            if "unable to open" in text or "readonly" in text or "read-only" in text:
                raise StoreError(
                    f"Cannot open or write the records database {self.where()}; check that COMPEL_DATA_DIR is writable."
                ) from None
            raise StoreError(f"The records database {self.where()} failed ({exc.orig}); check COMPEL_DATABASE_URL.") from None
        except DatabaseError as exc:
            raise StoreError(
                f"The records database {self.where()} is damaged or not a database ({exc.orig}); move it aside and "
                "import your records again (`compel records import FILE` or `compel demo load`)."
            ) from None

    @contextmanager
    def read(self) -> Iterator["Connection"]:
        """A read transaction: a consistent view of the records."""
        with self.errors(), self.engine.connect() as conn, conn.begin():
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

    Safe across threads and replicas: `create_all` only adds missing tables, and SQLite waits for another writer.
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
        metadata.create_all(engine)
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
