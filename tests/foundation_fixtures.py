"""Small articles the tests write themselves, in the BoK's shape but in our own words."""

from __future__ import annotations

from pathlib import Path

ARTICLE = """COMPEL Certification Body of Knowledge — Module 9.1: Testing the Parser
Article 2 of 5
An opening paragraph explains why a parser for tests is worth having. It has two sentences.
Gardening Practice
Tomatoes need sun, water and patience before they ripen in late summer.
The gardener checks the soil each morning and records what was watered.
- a bullet about compost heaps and worms
- a bullet about pruning the side shoots
Bicycle Maintenance
A chain should be cleaned and oiled every few hundred kilometres to keep shifting smooth.
See Article 4: Advanced Wheel Truing for spoke tension.
© Example Org — all rights reserved.
"""

MARKDOWN = """# Field Notes on Beekeeping

Bees need a queen, workers and a dry hive.

## Swarming

A colony swarms in spring when the hive becomes crowded.
"""


def write_corpus(folder: Path) -> Path:
    """A two-file corpus: one BoK-shaped article and one Markdown document."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "module-9.1-article-02.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    return folder


def minimal_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF whose text layer holds the given lines (Helvetica, one line each)."""
    text_ops = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 11 Tf 14 TL 40 780 Td {text_ops} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
