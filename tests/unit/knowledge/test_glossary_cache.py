"""The glossary cache: a pickle that finds the same terms as the YAML files, and is never read once a file changes."""

from __future__ import annotations

from pathlib import Path

from knowledge import glossary_cache
from knowledge.glossary import load_glossary

SENTENCE = "The canary release stalled because the feature store had no SLA and the CI pipeline was red."


def _terms(g) -> list[tuple[str, int, int]]:
    return [(m.entry.term, m.start, m.end) for m in g.find(SENTENCE)]


def test_cached_glossary_finds_what_the_yaml_files_do(tmp_path: Path):
    glossary_cache._loaded.cache_clear()
    first = glossary_cache.cached_glossary(tmp_path)
    assert glossary_cache.glossary_cached(tmp_path)
    glossary_cache._loaded.cache_clear()
    again = glossary_cache.cached_glossary(tmp_path)  # this one comes from the pickle
    assert _terms(again) == _terms(first) == _terms(load_glossary())
    assert len(again) == len(load_glossary()) and _terms(again)


def test_an_edited_organisation_file_is_read_again(tmp_path: Path):
    org = tmp_path / "org.yaml"
    org.write_text("domain: org\nentries:\n  - term: Bluebird\n    plain: the finance team's forecasting tool\n", encoding="utf-8")
    cache = tmp_path / "cache"
    glossary_cache._loaded.cache_clear()
    assert "Bluebird" in glossary_cache.cached_glossary(cache, org)
    org.write_text("domain: org\nentries:\n  - term: Redwing\n    plain: the warehouse picking app\n", encoding="utf-8")
    glossary_cache._loaded.cache_clear()
    updated = glossary_cache.cached_glossary(cache, org)
    assert "Redwing" in updated and "Bluebird" not in updated
    assert len(list(cache.glob("glossary-*.pickle"))) == 1  # the stale copy is removed


def test_a_damaged_cache_is_read_from_the_files(tmp_path: Path):
    glossary_cache._loaded.cache_clear()
    glossary_cache.cached_glossary(tmp_path)
    (path,) = tmp_path.glob("glossary-*.pickle")
    path.write_bytes(b"not a pickle")
    glossary_cache._loaded.cache_clear()
    assert _terms(glossary_cache.cached_glossary(tmp_path)) == _terms(load_glossary())
