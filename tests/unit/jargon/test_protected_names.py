"""Protected names (compose9): a glossary term inside a record's, use case's or person's name is part of the name."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.jargon import explain, find_unexplained, plain_rewrite, plain_where_needed
from bot.translate import build_translator
from knowledge.glossary import load_glossary

DEMO = Path(__file__).resolve().parents[3] / "knowledge" / "demo" / "program.yaml"


def _demo_names() -> list[str]:
    """The demo program's use-case, workstream, milestone and integration-point names."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    names = [uc["name"] for uc in data["use_cases"]] + [w["name"] for w in data["workstreams"]]
    names += [m["name"] for m in data.get("platform_milestones", [])]
    names += [p["name"] for uc in data["use_cases"] for p in uc.get("integration_points", [])]
    return names


def test_every_demo_use_case_name_survives_the_drop_ins_and_the_brackets():
    glossary = load_glossary()
    names = _demo_names()
    guarded = glossary.protecting(names)
    built_on_terms = [n for n in names if glossary.find(n)]
    assert built_on_terms, "the demo has names that hold glossary terms: the test must meet at least one"
    for name in names:
        text = f"Before {name} goes to production, the sponsor wants the ETL checked."
        for out in (plain_where_needed(text, guarded), plain_rewrite(text, guarded), explain(text, guarded)):
            assert name in out, (name, out)
            assert "production" not in out.replace(name, "") or "(" in out  # the term outside the name is still treated
        assert find_unexplained(plain_where_needed(text, guarded), guarded) == []
    # Without protection the drop-ins do rename some of them: the mechanism is what keeps them.
    assert any(n not in plain_rewrite(f"Before {n} goes live.", glossary) for n in built_on_terms)


def test_names_match_whole_and_with_a_possessive():
    guarded = load_glossary().protecting(["Feature store serving production traffic"])
    text = "The feature store serving production traffic's owner asked for an ETL review; the feature store itself is fine."
    out = plain_rewrite(text, guarded)
    assert "feature store serving production traffic's owner" in out
    assert "the feature store itself" not in out  # a bare use of the term, outside the name, is still reworded


def test_the_translator_keeps_a_protected_name_and_explains_terms_outside_it():
    glossary = load_glossary()
    name = "Model registry behind single sign-on"
    translator = build_translator(glossary, names=[name])
    t = translator.translate(f"{name} slipped to 14 March because the ETL for the audit tables failed twice.")
    text = t.business_text()
    assert name in text, text
    assert "14 March" in text
