"""Finding citations carry the BoK passage they rest on, with its score, read from the indexed article."""

from __future__ import annotations

import json

from bot.cli import main
from bot.oversight.quotes import best_passage
from tests.fixtures.oversight import load_demo


def test_best_passage_picks_the_sentence_sharing_most_terms():
    section = "Budgets are set each quarter. A missing approval is a breach, never a shortcut. Teams meet weekly."
    quote, score = best_passage(section, "Running without approval is a breach")
    assert quote == "A missing approval is a breach, never a shortcut." and 0 < score <= 1
    assert best_passage("", "anything") == ("", 0.0)


def test_risks_json_quotes_the_indexed_passage(indexed_data_dir, bok_dir, capsys):
    load_demo()
    assert main(["risks", "--json", "--rule", "compliance_violation", "--rule", "debt_budget"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    article = " ".join((bok_dir / "module-2.4-article-06.txt").read_text(encoding="utf-8").split())
    assert findings
    for f in findings:
        quote = f["citation"]["quote"]
        assert quote and f["citation"]["score"] > 0
        assert quote.rstrip(" …") in article  # the article's own words, cut cleanly
