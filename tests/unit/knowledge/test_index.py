"""Indexing: incremental, exact replacement, pruning, and earlier data kept through every failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import InputError, StoreError
from bot.services import Services
from tests.fixtures.foundation import write_corpus


def _services(data: Path) -> Services:
    return Services(Settings(data_dir=data))


def _sources(services: Services) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in services.index.chunks():
        counts[c.source] = counts.get(c.source, 0) + 1
    return counts


def test_reindex_unchanged_embeds_nothing_and_changed_file_replaces_only_its_chunks(indexed_data_dir: Path, tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus")
    services = _services(indexed_data_dir)
    first = services.index.index_paths([corpus])
    assert first.embedded > 0 and sorted(first.changed) == ["module-9.1-article-02.txt", "notes.md"]
    before = {c.id: c for c in services.index.chunks()}

    again = _services(indexed_data_dir).index.index_paths([corpus])
    assert again.embedded == 0 and again.unchanged == 2 and again.changed == []

    article = corpus / "module-9.1-article-02.txt"
    article.write_text(article.read_text().replace("Tomatoes", "Peppers"))
    services = _services(indexed_data_dir)
    third = services.index.index_paths([corpus])
    after = {c.id: c for c in services.index.chunks()}
    assert third.changed == ["module-9.1-article-02.txt"]
    assert third.embedded == 1 and third.chunks_removed == 1  # one section changed: one chunk out, one in
    gone, new = set(before) - set(after), set(after) - set(before)
    assert {before[i].section for i in gone} == {after[i].section for i in new} == {"Gardening Practice"}
    assert {i for i in after if after[i].source == "notes.md"} == {i for i in before if before[i].source == "notes.md"}


def test_prune_drops_files_no_longer_present(indexed_data_dir: Path, tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus")
    services = _services(indexed_data_dir)
    services.index.index_paths([corpus])
    (corpus / "notes.md").unlink()
    kept = _services(indexed_data_dir).index.index_paths([corpus])
    assert "notes.md" in _sources(_services(indexed_data_dir))  # without --prune nothing is dropped
    report = _services(indexed_data_dir).index.index_paths([corpus], prune=True)
    assert kept.pruned == [] and "notes.md" in report.pruned
    sources = _sources(_services(indexed_data_dir))
    assert "notes.md" not in sources and "module-9.1-article-02.txt" in sources


def test_bad_file_in_a_run_changes_nothing(indexed_data_dir: Path, tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus")
    services = _services(indexed_data_dir)
    services.index.index_paths([corpus])
    before = sorted(c.id for c in services.index.chunks())
    (corpus / "notes.md").write_text("changed text that would be indexed\n")
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\xfa not utf8")
    with pytest.raises(InputError, match="bad.txt is not UTF-8"):
        _services(indexed_data_dir).index.index_paths([corpus])
    assert sorted(c.id for c in _services(indexed_data_dir).index.chunks()) == before


def test_interrupted_run_leaves_previous_index_usable(indexed_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    corpus = write_corpus(tmp_path / "corpus")
    _services(indexed_data_dir).index.index_paths([corpus])
    article = corpus / "module-9.1-article-02.txt"
    article.write_text(article.read_text().replace("Tomatoes", "Cucumbers"))
    services = _services(indexed_data_dir)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(type(services.vectors), "upsert", crash)
    with pytest.raises(KeyboardInterrupt):
        services.index.index_paths([corpus])
    monkeypatch.undo()
    fresh = _services(indexed_data_dir)
    result = fresh.index.search("When do tomatoes ripen in the garden?")
    assert not result.abstained and result.hits[0].chunk.section == "Gardening Practice"
    # and the next run completes the change
    fresh.index.index_paths([corpus])
    assert any("Cucumbers" in c.text for c in _services(indexed_data_dir).index.chunks())


def test_damaged_snapshot_is_rebuilt_from_the_store(indexed_data_dir: Path):
    (indexed_data_dir / "index" / "snapshot.npz").write_bytes(b"garbage")
    services = _services(indexed_data_dir)
    assert not services.index.search("What goes in a technical debt register?").abstained


def test_data_dir_that_is_a_file_is_a_clear_error(tmp_path: Path):
    data = tmp_path / "not-a-dir"
    data.write_text("x")
    # Refused with the settings now, before any store opens (tests/cli/test_cli_bad_settings.py has the CLI's one line).
    from bot.config import load_settings
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match="COMPEL_DATA_DIR is invalid: .* is a file, not a folder"):
        load_settings(data_dir=data)


def test_corrupt_vector_store_is_a_clear_error_and_keeps_the_snapshot(indexed_data_dir: Path, tmp_path: Path):
    for f in (indexed_data_dir / "chroma").glob("*.sqlite3"):
        f.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be used|move that folder aside"):
        _services(indexed_data_dir).index.index_paths([write_corpus(tmp_path / "c")])
    # answering still works from the last good snapshot
    assert not _services(indexed_data_dir).index.search("What goes in a technical debt register?").abstained


def test_section_text_joins_chunks_in_order(indexed_data_dir: Path, bok_dir: Path):
    text = _services(indexed_data_dir).index.section_text("2.4", 6, "The EATP's Technical Oversight Model")
    assert text is not None and text.index("During data preparation") < text.index("During deployment")
    assert _services(indexed_data_dir).index.section_text("2.4", 6, "No Such Section") is None


def test_manifest_records_sources(indexed_data_dir: Path):
    manifest = json.loads((indexed_data_dir / "index" / "manifest.json").read_text())
    assert any(k.startswith("compel-pack/") for k in manifest["sources"])
    assert manifest["total_chunks"] > 0


def test_locked_index_is_a_clear_error(indexed_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import fcntl

    from knowledge import index as index_module

    monkeypatch.setattr(index_module, "LOCK_TIMEOUT", 0.3)
    corpus = write_corpus(tmp_path / "corpus")
    with open(indexed_data_dir / "index" / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another compel process is writing
        with pytest.raises(StoreError, match="locked by another compel process"):
            _services(indexed_data_dir).index.index_paths([corpus])
    assert _services(indexed_data_dir).index.index_paths([corpus]).embedded > 0


def test_progress_reports_embedding(indexed_data_dir: Path, tmp_path: Path):
    seen = []
    _services(indexed_data_dir).index.index_paths([write_corpus(tmp_path / "c")], progress=lambda *a: seen.append(a))
    assert seen and seen[-1][0] == seen[-1][1]


def test_a_running_bot_sees_what_another_process_indexed(indexed_data_dir: Path, tmp_path: Path):
    running = _services(indexed_data_dir)
    before = running.index.search("When do tomatoes ripen in the garden?")  # not indexed yet: refused or a weak match
    assert (before.abstained or before.weak) and all(h.chunk.section != "Gardening Practice" for h in before.hits)
    _services(indexed_data_dir).index.index_paths([write_corpus(tmp_path / "corpus")])  # e.g. `compel index` in a shell
    result = running.index.search("When do tomatoes ripen in the garden?")
    assert not result.abstained and result.hits[0].chunk.section == "Gardening Practice"


def _record_chunk(text: str = "Program Aurora: the vendor contract was signed on Monday.") -> "Chunk":
    from knowledge.types import Chunk

    return Chunk(id="rec-" + str(abs(hash(text)))[:12], text=text, source="records:aurora", kind="record", program="aurora", end=len(text))


def _forget_open_stores() -> None:
    """Drop chroma's per-path client cache, so the next Services opens the folder as a new process would."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _manifest_matches_store(services: Services) -> list[str]:
    """Sources the manifest claims that the vector store does not hold as claimed."""
    manifest = json.loads((services.index.dir / "manifest.json").read_text())
    vectors = services.vectors
    return [s for s, e in manifest["sources"].items() if e.get("chunks") and len(vectors.ids({"source": s})) != e["chunks"]]


def test_a_lost_vector_folder_is_repaired_and_never_claimed_by_the_manifest(indexed_data_dir: Path, tmp_path: Path):
    import shutil

    corpus = write_corpus(tmp_path / "corpus")
    _services(indexed_data_dir).index.index_paths([corpus])
    shutil.rmtree(indexed_data_dir / "chroma")  # an operator "cleans up" the data dir
    _forget_open_stores()  # what a new process would see
    services = _services(indexed_data_dir)
    services.index.upsert_source("records:aurora", [_record_chunk()])  # then an import changes records
    assert _manifest_matches_store(services) == []
    _services(indexed_data_dir).index.index_paths([corpus])  # and `compel index <BoK>`
    fresh = _services(indexed_data_dir)
    assert not fresh.index.search("When do tomatoes ripen in the garden?").abstained
    assert not fresh.index.search("What goes in a technical debt register?").abstained
    assert _manifest_matches_store(fresh) == []


def test_with_store_and_snapshot_both_damaged_the_message_leads_to_a_working_index(indexed_data_dir: Path, tmp_path: Path):
    import re
    import shutil

    corpus = write_corpus(tmp_path / "corpus")
    _services(indexed_data_dir).index.index_paths([corpus])
    for f in (indexed_data_dir / "chroma").glob("*.sqlite3"):
        f.write_bytes(b"this is not a database" * 100)
    (indexed_data_dir / "index" / "snapshot.npz").write_bytes(b"garbage")
    _forget_open_stores()
    with pytest.raises(StoreError) as err:
        _services(indexed_data_dir).index.search("When do tomatoes ripen in the garden?")
    message = str(err.value)
    folder = re.search(r"at (\S+) cannot be used", message).group(1)
    assert "move that folder aside" in message and "compel index" in message
    shutil.move(folder, str(tmp_path / "chroma-damaged"))  # do what the message says
    _forget_open_stores()
    _services(indexed_data_dir).index.index_paths([corpus])
    fresh = _services(indexed_data_dir)
    assert not fresh.index.search("When do tomatoes ripen in the garden?").abstained
    assert not fresh.index.search("What goes in a technical debt register?").abstained


@pytest.mark.parametrize("text", ['["not", "a", "manifest"]', '{"sources": [1, 2]}', '{"sources": {"a.md": 3}}', '{"article_titles": "x"}'])
def test_a_manifest_of_the_wrong_shape_is_rebuilt(indexed_data_dir: Path, tmp_path: Path, text: str):
    (indexed_data_dir / "index" / "manifest.json").write_text(text)
    assert not _services(indexed_data_dir).index.search("What goes in a technical debt register?").abstained
    (indexed_data_dir / "index" / "manifest.json").write_text(text)
    report = _services(indexed_data_dir).index.index_paths([write_corpus(tmp_path / "corpus")])
    assert sorted(report.changed) == ["module-9.1-article-02.txt", "notes.md"]
    assert not _services(indexed_data_dir).index.search("When do tomatoes ripen in the garden?").abstained
def _snapshot_parts(data: Path) -> tuple[dict, dict]:
    import numpy as np

    with np.load(data / "index" / "snapshot.npz", allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    return arrays, json.loads(arrays.pop("meta").tobytes())


def test_sentence_vectors_belong_to_the_snapshot_chunks_and_are_reused(
    indexed_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from knowledge.retrieve import window_texts

    corpus = write_corpus(tmp_path / "corpus")
    services = _services(indexed_data_dir)
    services.index.index_paths([corpus])
    arrays, meta = _snapshot_parts(indexed_data_dir)
    expected = sum(len(window_texts(services.index.chunks()[i])) for i in range(len(meta["chunks"])))
    assert len(meta["window_ids"]) == len(arrays["window_owner"]) == len(arrays["windows"]) == expected > 0
    assert int(arrays["window_owner"].max()) < len(meta["chunks"]) == len(arrays["matrix"])
    embedded = []
    fresh = _services(indexed_data_dir)
    embedder = fresh.index._embedder()
    real = embedder.embed_batch
    monkeypatch.setattr(embedder, "embed_batch", lambda texts: embedded.append(len(texts)) or real(texts))
    fresh.index.upsert_source("records:alpha", [])  # a publish with no new prose re-embeds no sentence
    assert embedded == []


def test_an_older_snapshot_is_rebuilt_with_sentence_vectors(indexed_data_dir: Path):
    import numpy as np

    arrays, meta = _snapshot_parts(indexed_data_dir)
    meta = {"version": 1, "chunks": meta["chunks"], "tokens": meta["tokens"]}  # the shape before sentence vectors
    with open(indexed_data_dir / "index" / "snapshot.npz", "wb") as fh:
        np.savez(fh, matrix=arrays["matrix"], meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))
    services = _services(indexed_data_dir)
    assert not services.index.search("What goes in a technical debt register?").abstained
    upgraded, upgraded_meta = _snapshot_parts(indexed_data_dir)
    assert upgraded_meta["version"] == 2 and len(upgraded["windows"]) == len(upgraded_meta["window_ids"]) > 0
    assert len(services.index.retriever().corpus.windows.owner) == len(upgraded["windows"])


def test_a_snapshot_out_of_step_with_itself_is_rebuilt(indexed_data_dir: Path):
    import numpy as np

    arrays, meta = _snapshot_parts(indexed_data_dir)
    with open(indexed_data_dir / "index" / "snapshot.npz", "wb") as fh:  # sentence vectors without their owners
        np.savez(fh, matrix=arrays["matrix"], windows=arrays["windows"], window_owner=arrays["window_owner"][:1],
                 meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))
    services = _services(indexed_data_dir)
    assert not services.index.search("What goes in a technical debt register?").abstained
    rebuilt, _ = _snapshot_parts(indexed_data_dir)
    assert len(rebuilt["window_owner"]) == len(rebuilt["windows"])
