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
