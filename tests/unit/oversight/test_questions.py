"""Stage questions: quoted from the indexed article when it is indexed, else the pack's paraphrase, then findings'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.records import DEMO_FILE as DEMO
from bot.config import Settings
from bot.errors import InputError
from bot.oversight import evaluate
from bot.oversight.questions import parse_stage, questions_for_stage, questions_for_use_case, quote_after
from store.io import read_program
from tests.fixtures.oversight import load_demo

ARTICLE = "module-2.4-article-06.txt"
SECTION = "The EATP's Technical Oversight Model"
LABELS = {
    "data_preparation": "During data preparation",
    "model_development": "During model development",
    "integration": "During integration",
    "deployment": "During deployment",
}


@pytest.fixture
def article(bok_dir: Path) -> str:
    return (bok_dir / ARTICLE).read_text(encoding="utf-8")


@pytest.fixture
def indexed(article: str):
    """A fake of KnowledgeIndex.section_text over the real article: the section's text, or None."""
    lines = article.splitlines()

    def section_text(module: str, article_no: int, section: str) -> str | None:
        if (module, article_no) != ("2.4", 6) or section not in lines:
            return None
        start = lines.index(section) + 1
        body = []
        for line in lines[start:]:
            if line and len(line) < 60 and not line.endswith((".", ":", "?", '"')) and not line.startswith("-"):
                break  # the next heading
            body.append(line)
        return "\n".join(body)

    return section_text


@pytest.mark.parametrize("stage,label", sorted(LABELS.items()))
def test_quote_after_finds_the_articles_question(article, stage, label):
    quote = quote_after(article, label)
    assert quote and quote.endswith("?") and quote in article
    assert not quote.startswith('"')


def test_quote_after_needs_the_lead_in_form():
    text = 'Work that only runs in production is not yet delivered.\nDuring testing: "Is it tested?"'
    assert quote_after(text, "In production") is None
    assert quote_after(text, "During testing") == "Is it tested?"
    assert quote_after("During testing: no question here.", "During testing") is None


@pytest.mark.parametrize("stage", sorted(LABELS))
def test_stage_questions_are_quoted_when_the_article_is_indexed(indexed, article, stage):
    qs = questions_for_stage(stage, indexed).questions
    assert qs[0].origin == "bok"
    assert qs[0].text in article and qs[0].citation.quote == qs[0].text
    assert (qs[0].citation.module, qs[0].citation.article, qs[0].citation.section) == ("2.4", 6, SECTION)
    assert qs[0].citation.source == "COMPEL BoK Module 2.4, Article 6: Technical Execution — Platform, Data, and Model Delivery"
    assert all(q.origin == "bok" for q in qs)  # one quote replaces every paraphrase of the same lead-in


def test_stage_questions_fall_back_to_the_pack():
    qs = questions_for_stage("integration").questions
    assert qs and all(q.origin == "pack" for q in qs)
    assert all(q.citation.kind == "pack" and "knowledge pack" in q.citation.label() for q in qs)
    assert qs[0].citation.section == SECTION


def test_production_has_no_lead_in_so_the_pack_answers(indexed):
    qs = questions_for_stage("production", indexed).questions
    assert qs and all(q.origin == "pack" for q in qs)


@pytest.mark.parametrize("raw,key", [("Model Development", "model_development"), ("data-preparation", "data_preparation"), ("integration", "integration")])
def test_parse_stage(raw, key):
    assert parse_stage(raw) == key


def test_unknown_stage_lists_the_stages():
    with pytest.raises(InputError, match="use one of: data preparation, model development, integration"):
        parse_stage("testing")


def test_use_case_questions_follow_its_findings():
    data = read_program(DEMO)
    findings = evaluate(data, Settings())
    qs = questions_for_use_case(data.use_case("uc-eta"), findings)
    assert qs.stage == "model_development" and qs.use_case == "uc-eta"
    origins = [q.origin for q in qs.questions]
    assert origins.index("finding") > 0 and set(origins[origins.index("finding"):]) == {"finding"}
    texts = [q.text for q in qs.questions]
    assert any("fourth sprint of experimentation" in t and "0.71 against a target of 0.80" in t for t in texts)
    assert {q.rule for q in qs.questions if q.origin == "finding"} == {"feasibility_risk", "cross_pillar_impact", "open_risk"}


def test_clean_use_case_gets_only_stage_questions():
    data = read_program(DEMO)
    qs = questions_for_use_case(data.use_case("uc-invoice"), evaluate(data, Settings()))
    assert qs.questions and {q.origin for q in qs.questions} == {"pack"}


# --- the CLI ----------------------------------------------------------------------------------


def test_cli_questions_for_a_stage_json(capsys):
    assert main(["questions", "--stage", "data preparation", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["stage"] == "data_preparation" and out["use_case"] is None
    q = out["questions"][0]
    assert set(q) == {"text", "origin", "citation", "rule"}
    assert q["citation"]["section"] == SECTION


def test_cli_questions_for_a_use_case_by_alias(capsys):
    load_demo()
    assert main(["questions", "--use-case", "eta"]) == 0
    out = capsys.readouterr().out
    assert "Delivery ETA prediction" in out and "fourth sprint of experimentation" in out


def test_cli_unknown_use_case_names_the_closest(capsys):
    load_demo()
    assert main(["questions", "--use-case", "route optimization"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Closest: Route optimisation." in err and "uc-" not in err and err.count("\n") == 1


@pytest.mark.parametrize("args", [[], ["--stage", "integration", "--use-case", "eta"]])
def test_cli_needs_exactly_one_of_stage_or_use_case(capsys, args):
    assert main(["questions", *args]) == 2
    assert "exactly one" in capsys.readouterr().err


def test_cli_unknown_stage(capsys):
    assert main(["questions", "--stage", "testing"]) == 2
    assert "Unknown stage" in capsys.readouterr().err
