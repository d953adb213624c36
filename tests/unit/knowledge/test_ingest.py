"""The BoK parser and chunker, on the real articles and on small ones the tests write."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import InputError, NotFoundError
from knowledge.ingest import chunk_document, discover, is_heading, parse_document, read_document
from tests.fixtures.foundation import ARTICLE, MARKDOWN, write_corpus


def test_bok_shape_title_article_sections_footer():
    doc = parse_document(ARTICLE, "module-9.1-article-02.txt")
    assert doc.kind == "bok"
    assert (doc.module, doc.module_name, doc.article, doc.article_total) == ("9.1", "Testing the Parser", 2, 5)
    assert [s.heading for s in doc.sections] == ["Introduction", "Gardening Practice", "Bicycle Maintenance"]
    assert doc.xrefs[("9.1", 4)] == "Advanced Wheel Truing"
    assert all("rights reserved" not in line for s in doc.sections for line in s.lines)


def test_chunks_carry_citation_metadata_and_spans():
    doc = parse_document(ARTICLE, "a.txt")
    chunks = chunk_document(doc)
    garden = next(c for c in chunks if c.section == "Gardening Practice")
    assert garden.module == "9.1" and garden.article == 2 and garden.kind == "bok"
    assert garden.heading_path == ["Gardening Practice"]
    assert "compost" in garden.text and garden.context_text().startswith("Testing the Parser > Gardening Practice\n")
    assert ARTICLE[garden.start : garden.start + 20] == garden.text[:20]
    assert not any("rights reserved" in c.text for c in chunks)


def test_chunk_ids_are_stable_content_hashes():
    a = chunk_document(parse_document(ARTICLE, "a.txt"))
    b = chunk_document(parse_document(ARTICLE, "a.txt"))
    assert [c.id for c in a] == [c.id for c in b]
    changed = chunk_document(parse_document(ARTICLE.replace("Tomatoes", "Peppers"), "a.txt"))
    assert {c.id for c in a} ^ {c.id for c in changed} != set()
    assert {c.id for c in a if c.section == "Bicycle Maintenance"} <= {c.id for c in changed}


def test_long_sections_split_with_heading_kept():
    body = " ".join(f"Sentence number {i} talks about milestones and sprint reviews." for i in range(80))
    text = ARTICLE.replace("Tomatoes need sun, water and patience before they ripen in late summer.", body)
    chunks = [c for c in chunk_document(parse_document(text, "a.txt")) if c.section == "Gardening Practice"]
    assert len(chunks) > 2
    assert all(len(c.text) <= 1200 and c.heading_path == ["Gardening Practice"] for c in chunks)


def test_markdown_document_uses_its_own_headings():
    doc = parse_document(MARKDOWN, "notes.md")
    assert doc.kind == "doc" and doc.title == "Field Notes on Beekeeping"
    assert [s.heading for s in doc.sections] == ["Introduction", "Swarming"]


@pytest.mark.parametrize(
    "line,heading",
    [("Technical Debt Management", True), ("The EATP's Technical Oversight Model", True),
     ("This sentence ends with a full stop.", False), ("- Platform provisioning", False),
     ("During integration: \"Have all points been found?\"", False)],
)
def test_heading_rule(line, heading):
    assert is_heading(line, "next line") is heading


def test_real_bok_articles_parse(bok_dir: Path):
    doc = parse_document(read_document(bok_dir / "module-2.4-article-06.txt"), "module-2.4-article-06.txt")
    headings = [s.heading for s in doc.sections]
    assert doc.module == "2.4" and doc.article == 6 and doc.article_total == 10
    for expected in ("Technical Debt Management", "The EATP's Technical Oversight Model", "Machine Learning Operations Execution", "Looking Ahead"):
        assert expected in headings
    assert doc.xrefs[("2.4", 3)] == "AI Use Case Delivery Management"
    chunks = chunk_document(doc)
    assert not any("©" in c.text for c in chunks)
    news = parse_document(read_document(bok_dir / "news-ai-project-management-three-levels.txt"), "news.txt")
    assert news.kind == "doc" and "Key Takeaways" in [s.heading for s in news.sections]


def test_bad_files(tmp_path: Path):
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    with pytest.raises(InputError, match="not UTF-8"):
        read_document(tmp_path / "latin1.txt")
    with pytest.raises(InputError, match="empty"):
        read_document(tmp_path / "empty.txt")
    with pytest.raises(InputError, match="not a readable PDF|no extractable text"):
        read_document(tmp_path / "broken.pdf")
    with pytest.raises(NotFoundError, match="does not exist"):
        discover([tmp_path / "missing"])


def test_discover_keys_relative_to_folder(tmp_path: Path):
    write_corpus(tmp_path / "c")
    (tmp_path / "c" / ".hidden.txt").write_text("x")
    assert [k for _, k in discover([tmp_path / "c"])] == ["module-9.1-article-02.txt", "notes.md"]


def test_pdf_is_read_through_pypdf(tmp_path: Path):
    from tests.fixtures.foundation import minimal_pdf

    pdf = tmp_path / "handbook.pdf"
    pdf.write_bytes(minimal_pdf(["Release Checklist", "Every release needs a rollback plan and an owner."]))
    text = read_document(pdf)
    doc = parse_document(text, pdf.name)
    assert "rollback plan" in text
    assert [s.heading for s in doc.sections] == ["Release Checklist"]


def test_a_quoted_question_of_two_sentences_stays_whole():
    from knowledge.text import sentences

    text = 'During review: "Is the plan sound? If not, who fixes it?" Then the meeting ends. A note follows.'
    assert sentences(text) == ['During review: "Is the plan sound? If not, who fixes it?"', "Then the meeting ends.", "A note follows."]
