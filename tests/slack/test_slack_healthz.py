"""GET /healthz over the real stores: 200 while the records database and the vector store answer, else 503 and one line."""

from __future__ import annotations

import socket
import threading

import pytest
from slack_bolt import App
from starlette.testclient import TestClient

from bot.config import load_settings
from bot.engines import Engines
from bot.services import Services
from bot.slack.server import build_asgi
from store.health import run_checks

SECRET = "healthz-signing-secret"


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(engines: Engines | None):
    app = App(token="xoxb-healthz", signing_secret=SECRET, token_verification_enabled=False)
    with TestClient(build_asgi(app, SECRET, engines.health if engines else None)) as client:
        return client.get("/healthz")


@pytest.fixture
def engines(indexed_data_dir):
    """Engines on this test's data dir: the index built, the records in a real SQLite file there."""
    engines = Engines(Services(load_settings()))
    engines.programs()  # the first read creates the records file, as start-up does
    yield engines
    engines.close()


def test_healthy_stores_answer_200(engines):
    assert (engines.services.settings.data_dir / "records.db").is_file()
    resp = _get(engines)
    assert (resp.status_code, resp.json()) == (200, {"ok": True})


def test_without_checks_the_process_alone_answers(isolated_env):
    resp = _get(None)
    assert (resp.status_code, resp.json()) == (200, {"ok": True})


def test_a_records_file_that_is_not_a_database_is_503_naming_it(engines):
    engines.close()
    (engines.services.settings.data_dir / "records.db").write_bytes(b"these bytes are no SQLite database" * 100)
    resp = _get(engines)
    assert resp.status_code == 503
    error = resp.json()["error"]
    assert error.startswith("records database: ") and "records.db cannot be read" in error and "\n" not in error


def test_a_missing_records_file_is_503_and_the_check_does_not_create_it(engines):
    engines.close()
    db = engines.services.settings.data_dir / "records.db"
    db.unlink()
    resp = _get(engines)
    assert resp.status_code == 503 and "does not exist" in resp.json()["error"]
    assert not db.exists()


def test_an_unreachable_chroma_server_is_503_naming_it(indexed_data_dir, monkeypatch):
    import chromadb  # noqa: F401 - imported here, so the check's time is the server's, not the import's

    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(_closed_port()))
    engines = Engines(Services(load_settings()))
    try:
        engines.programs()
        resp = _get(engines)
    finally:
        engines.close()
    assert resp.status_code == 503
    error = resp.json()["error"]
    assert error.startswith("Chroma server") and "records database" not in error  # the database itself answered


def test_both_down_give_both_reasons_on_one_line(isolated_env, monkeypatch):
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(_closed_port()))
    engines = Engines(Services(load_settings()))  # nothing created: no records file
    resp = _get(engines)
    error = resp.json()["error"]
    assert resp.status_code == 503 and "records database" in error and "Chroma server" in error and "\n" not in error


def test_a_local_index_never_built_is_503_with_the_fix(isolated_env):
    engines = Engines(Services(load_settings()))
    engines.programs()
    try:
        resp = _get(engines)
    finally:
        engines.close()
    assert resp.status_code == 503 and "compel index" in resp.json()["error"]


def test_a_check_that_hangs_is_reported_within_the_timeout():
    release = threading.Event()
    try:
        problems = run_checks({"records database": release.wait, "knowledge index": lambda: None}, timeout=0.3)
    finally:
        release.set()
    assert problems == ["records database did not answer within 0.3 s"]
