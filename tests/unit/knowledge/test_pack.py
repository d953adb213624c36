"""The knowledge pack: loads, is complete, cites real BoK sections, and never copies BoK text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.errors import NotFoundError, UserFacingError
from knowledge.pack import (
    PACK_DIR,
    PACK_TITLE,
    REQUIRED_KEYS,
    PackSource,
    load_pack,
    pack_chunks,
)

RUN = 60  # no pack text may share a run this long with the BoK


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _shared_run(text: str, corpus: list[str], run: int = RUN) -> str | None:
    """The first `run`-character window of text found in any corpus text, else None."""
    n = _norm(text)
    for i in range(len(n) - run + 1):
        window = n[i : i + run]
        if any(window in doc for doc in corpus):
            return window
    return None


def _prose(value: object, key: str = "") -> list[str]:
    """Every string in the dumped pack except identifiers (section headings, article titles, module names)."""
    if key in {"section", "module_names"} or (key == "articles"):
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _prose(v, str(k))]
    if isinstance(value, list):
        return [s for v in value for s in _prose(v, key)]
    return []


def _article_file(bok: Path, source: PackSource) -> Path:
    return bok / f"module-{source.module}-article-{source.article:02d}.txt"


def _all_sources(pack) -> list[PackSource]:
    items = [
        *pack.entries,
        *pack.lifecycle_stages,
        *pack.pillars,
        *pack.milestones,
        *pack.use_case_stages,
        *pack.risk_patterns,
        *pack.mlops_capabilities,
        *pack.debt_categories,
        *(q for qs in pack.stage_questions.values() for q in qs),
    ]
    return [i.source for i in items] + [pack.debt_budget.source]


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped pack to break."""
    target = tmp_path / "pack"
    target.mkdir()
    for f in PACK_DIR.glob("*.yaml"):
        shutil.copy(f, target / f.name)
    return target


# --- loading and completeness -------------------------------------------------------------


def test_pack_loads_with_the_documented_shape():
    pack = load_pack()
    assert load_pack() is pack  # cached
    assert 40 <= len(pack.entries) <= 70
    assert [s.key for s in pack.lifecycle_stages] == ["calibrate", "organize", "model", "produce", "evaluate", "learn"]
    assert [s.name for s in pack.lifecycle_stages] == ["Calibrate", "Organize", "Model", "Produce", "Evaluate", "Learn"]
    for group, keys in REQUIRED_KEYS.items():
        assert {item.key for item in getattr(pack, group)} == keys, group
    assert [s.key for s in pack.use_case_stages] == [
        "data_preparation",
        "model_development",
        "integration",
        "deployment",
        "production",
    ]
    assert (pack.debt_budget.min, pack.debt_budget.max) == (0.15, 0.20)
    assert [a.article for a in pack.articles] == list(range(2, 11))
    assert all(a.module == "2.4" for a in pack.articles)
    assert pack.article_title("2.4", 6).startswith("Technical Execution")


def test_every_use_case_stage_has_questions():
    pack = load_pack()
    for stage in pack.use_case_stages:
        questions = pack.stage_questions[stage.key]
        assert questions, stage.key
        for q in questions:
            assert q.text.endswith("?"), q.text
            assert q.stage_label.strip()


def test_entry_lookup_and_unknown_id():
    pack = load_pack()
    assert pack.entry("debt-budget").topic == "technical debt"
    assert "15-20%" in pack.entry("debt-budget").text
    with pytest.raises(NotFoundError, match="nope"):
        pack.entry("nope")


def test_entries_cover_the_topics_the_bot_needs():
    topics = {e.topic for e in load_pack().entries}
    for topic in ("lifecycle", "pillars", "execution architecture", "cadence", "competencies",
                  "technical oversight", "mlops", "technical debt", "eatp capabilities", "platform"):
        assert topic in topics, topic


# --- bad YAML: one line naming file and field ------------------------------------------------


def test_invalid_field_names_file_and_field(pack_copy: Path):
    f = pack_copy / "technical.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("  min: 0.15", "  min: lots"), encoding="utf-8")
    with pytest.raises(UserFacingError) as err:
        load_pack(pack_copy)
    msg = str(err.value)
    assert "\n" not in msg
    assert "technical.yaml" in msg and "debt_budget.min" in msg


def test_unknown_field_is_refused(pack_copy: Path):
    f = pack_copy / "execution.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("    topic: cadence", "    topic: cadence\n    colour: blue", 1), encoding="utf-8")
    with pytest.raises(UserFacingError, match=r"execution\.yaml, field entries\.6\.colour"):
        load_pack(pack_copy)


def test_broken_yaml_syntax_is_one_line(pack_copy: Path):
    (pack_copy / "lifecycle.yaml").write_text("articles: [unclosed\n  - {", encoding="utf-8")
    with pytest.raises(UserFacingError) as err:
        load_pack(pack_copy)
    assert "lifecycle.yaml" in str(err.value) and "\n" not in str(err.value)


def test_missing_required_item_is_refused(pack_copy: Path):
    f = pack_copy / "lifecycle.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index("  - key: learn")
    end = text.index("pillars:")
    f.write_text(text[:start] + "\n" + text[end:], encoding="utf-8")
    with pytest.raises(UserFacingError, match="lifecycle_stages"):
        load_pack(pack_copy)


def test_a_value_set_in_two_files_is_refused(pack_copy: Path):
    (pack_copy / "zz_extra.yaml").write_text("debt_budget: {min: 0.1, max: 0.2, source: {module: '2.4', article: 6, section: X}}\n", encoding="utf-8")
    with pytest.raises(UserFacingError, match="technical.yaml and zz_extra.yaml both set debt_budget"):
        load_pack(pack_copy)


def test_empty_directory_is_refused(tmp_path: Path):
    with pytest.raises(UserFacingError, match="No knowledge pack files"):
        load_pack(tmp_path)


# --- chunks -----------------------------------------------------------------------------------


def test_pack_chunks_carry_citation_metadata():
    pack = load_pack()
    chunks = pack_chunks()
    assert pack_chunks() == chunks  # stable between calls
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    files = {p.name for p in PACK_DIR.glob("*.yaml")}
    for c in chunks:
        assert c.kind == "pack"
        assert c.title == PACK_TITLE
        assert c.source.startswith("compel-pack/") and c.source.removeprefix("compel-pack/") in files
        assert c.module == "2.4" and c.article in (1, 6)
        assert c.heading_path == [c.section] and c.section
        assert c.text.strip()
    by_ref = {c.ref: c for c in chunks}
    for e in pack.entries:
        assert e.text in by_ref[e.id].text
    assert by_ref["debt_budget"].text.count("%") == 2
    assert "Experimentation that does not converge" in by_ref["risk_patterns:stalled_experimentation"].text
    assert set(pack.stage_questions) <= {r.split(":", 1)[1] for r in by_ref if r.startswith("stage_questions:")}
    assert by_ref["debt-register"].article_title == pack.article_title("2.4", 6)
    assert by_ref["debt-register"].module_name == "Execution Management and Delivery Excellence"


def test_chunk_id_changes_only_with_its_own_text(pack_copy: Path, tmp_path: Path):
    edited = shutil.copytree(pack_copy, tmp_path / "edited")
    f = edited / "technical.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("Mature teams set aside", "Mature teams keep"), encoding="utf-8")
    before = {c.ref: c.id for c in pack_chunks(pack_copy)}
    after = {c.ref: c.id for c in pack_chunks(edited)}
    changed = {ref for ref in before if before[ref] != after[ref]}
    assert changed == {"debt-budget"}


# --- against the real BoK -------------------------------------------------------------------


def test_sources_name_real_articles_and_sections(bok_dir: Path):
    pack = load_pack()
    problems = []
    for source in _all_sources(pack):
        path = _article_file(bok_dir, source)
        if not path.is_file():
            problems.append(f"{path.name} missing")
            continue
        lines = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
        if source.section not in lines:
            problems.append(f"{path.name}: no heading line {source.section!r}")
    assert not problems, problems


def test_article_titles_and_stage_labels_appear_in_the_bok(bok_dir: Path):
    pack = load_pack()
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in bok_dir.glob("module-2.4-*.txt"))
    for ref in pack.articles:
        assert f"Article {ref.article}: {ref.title}" in corpus, ref
    oversight = (bok_dir / "module-2.4-article-06.txt").read_text(encoding="utf-8")
    for stage in ("data_preparation", "model_development", "integration", "deployment"):
        for q in pack.stage_questions[stage]:
            assert re.search(rf"^{re.escape(q.stage_label)}:", oversight, re.M), q.stage_label


def test_no_pack_text_copies_the_bok(bok_dir: Path):
    corpus = [_norm(p.read_text(encoding="utf-8", errors="ignore")) for p in bok_dir.glob("*.txt")]
    texts = _prose(load_pack().model_dump()) + [c.text for c in pack_chunks()]
    assert len(texts) > 100
    copied = {w for t in texts if (w := _shared_run(t, corpus))}
    assert not copied, copied


def test_copy_check_catches_a_copied_sentence(bok_dir: Path):
    corpus = [_norm(p.read_text(encoding="utf-8", errors="ignore")) for p in bok_dir.glob("*.txt")]
    line = max((bok_dir / "module-2.4-article-06.txt").read_text(encoding="utf-8").splitlines(), key=len)
    assert _shared_run("In our words: " + line[:80], corpus)
    assert _shared_run(load_pack().entry("debt-register").text, corpus) is None
