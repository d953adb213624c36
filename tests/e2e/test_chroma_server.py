"""The shared-server mode: CHROMA_HOST/CHROMA_PORT switch the store to chromadb's HttpClient (a real local server)."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.services import Services
from tests.fixtures.foundation import write_corpus
from tests.fixtures.replicas import CHROMA_START_SECONDS, chroma_exe


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory):
    exe = chroma_exe()
    if exe is None:
        pytest.skip("the chroma server CLI (installed with chromadb) is not available")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + CHROMA_START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the local chroma server exited with {proc.returncode} before accepting connections")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail(f"the local chroma server did not start within {CHROMA_START_SECONDS} s")
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def test_two_instances_share_one_chroma_server(chroma_server: int, tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus")
    writer = Services(Settings(data_dir=tmp_path / "a", chroma_host="127.0.0.1", chroma_port=chroma_server, collection="shared"))
    report = writer.index.index_paths([corpus])
    assert report.embedded > 0
    # a second bot instance with its own data dir sees the same index through the server
    reader = Services(Settings(data_dir=tmp_path / "b", chroma_host="127.0.0.1", chroma_port=chroma_server, collection="shared"))
    result = reader.index.search("When do tomatoes ripen in the garden?")
    assert not result.abstained and result.hits[0].chunk.section == "Gardening Practice"
    hits = reader.vectors.query(reader.index.embed_query("oiling a bicycle chain"), k=3)
    assert hits and hits[0].chunk.section == "Bicycle Maintenance" and 0 < hits[0].similarity <= 1


def test_unreachable_server_is_a_clear_error(tmp_path: Path):
    from bot.errors import StoreError

    services = Services(Settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=_free_port()))
    with pytest.raises(StoreError, match="Chroma server|cannot be used"):
        services.index.index_paths([write_corpus(tmp_path / "c")])


def test_an_edit_by_another_instance_is_seen_even_at_the_same_count(chroma_server: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from knowledge import index as index_module

    monkeypatch.setattr(index_module, "REMOTE_CHECK_SECONDS", 0.0)
    corpus = write_corpus(tmp_path / "corpus")
    settings = dict(chroma_host="127.0.0.1", chroma_port=chroma_server, collection="edits")
    Services(Settings(data_dir=tmp_path / "a", **settings)).index.index_paths([corpus])
    reader = Services(Settings(data_dir=tmp_path / "b", **settings))
    before = len(reader.index.chunks())
    article = corpus / "module-9.1-article-02.txt"
    article.write_text(article.read_text().replace("Tomatoes need sun", "Pumpkins need sun"))
    Services(Settings(data_dir=tmp_path / "a", **settings)).index.index_paths([corpus])
    chunks = reader.index.chunks()
    assert len(chunks) == before and any("Pumpkins" in c.text for c in chunks)
