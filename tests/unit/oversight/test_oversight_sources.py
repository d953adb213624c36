"""Every rule's citation names a real heading of the BoK article, and agrees with the knowledge pack."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.oversight.sources import REFS, cite
from tests.fixtures.oversight import load_demo


@pytest.mark.parametrize("name", sorted(REFS))
def test_citation_sections_are_headings_of_the_article(bok_dir, name):
    c = cite(name)
    article = bok_dir / f"module-{c.module}-article-{c.article:02d}.txt"
    if not article.exists():
        pytest.skip(f"{article.name} is not among the BoK files at {bok_dir}")
    assert c.section in article.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", sorted(n for n, r in REFS.items() if r.pack_list))
def test_pack_and_literal_citations_agree(name):
    from knowledge.pack import load_pack

    ref = REFS[name]
    (item,) = [i for i in getattr(load_pack(), ref.pack_list) if i.key == ref.pack_key]  # the pack does answer
    c = cite(name)
    assert (c.module, c.article, c.section) == (ref.module, ref.article, ref.section)
    assert (str(item.source.module), int(item.source.article), str(item.source.section)) == (c.module, c.article, c.section)


def test_citation_names_the_article():
    assert cite("feasibility").source.endswith("Technical Execution — Platform, Data, and Model Delivery")
    assert cite("feasibility").label() == "Module 2.4 · Article 6 · The EATP's Technical Oversight Model"


def test_risks_in_a_new_process(isolated_env):
    load_demo()
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "risks", "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    assert len(findings) == 30 and findings[0]["severity"] == "high"  # issue 15 added rules and demo records
    bad = subprocess.run([sys.executable, "-m", "bot.cli", "readiness", "nothing"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("error: No use case 'nothing'")
