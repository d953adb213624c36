"""The LLM path for stand-up summaries: claims reworded only where facts, names and plain words survive the checks."""

from __future__ import annotations

import pytest

from bot.llm.call import Caller
from bot.llm.protocol import LLMTimeout
from bot.llm.summary import LLMStandups
from bot.standup.model import Summary, check_summary
from bot.standup.summary import proper_names
from tests.fixtures.llm import DAY, ScriptedBackend, demo_standups


@pytest.fixture(scope="module")
def base():
    return demo_standups()


def _run(base, audience, draft):
    backend = ScriptedBackend(draft)
    return LLMStandups(base, Caller(backend)).summary("demo", DAY, audience), base.summary("demo", DAY, audience), backend


def _index(summary: Summary, start: str) -> int:
    # A claim is one issue of an update, so a phrase may open it or follow an earlier clause of the same issue.
    claims = list(summary.claims())
    found = next((n for n, c in enumerate(claims) if c.text.startswith(start)), None)
    return found if found is not None else next(n for n, c in enumerate(claims) if start in c.text)


def test_good_rewordings_are_kept_and_bad_ones_replaced_by_the_engines(base):
    offline = base.summary("demo", DAY, "team")
    wms, precision, ops = _index(offline, "WMS connector"), _index(offline, "precision up to"), _index(offline, "Operations process")
    draft = {"headline": "Halvorsen Freight AI Transformation is RED on Tue 03 Nov 2026: 1 red and 3 amber of 4 workstreams; "
                         "0 blocker(s) escalated; 4 decision(s) needed; 3 of 7 people reported.",
             "claims": [
                 {"n": wms, "text": "Customs broker portal now in scope for the cross-border routes; Jonas Berg has the WMS connector half built."},
                 {"n": precision, "text": "Ines Duarte lifted precision to 97 percent on the holdout."},  # invented figure
                 {"n": ops, "text": "Operations process redesign is fine."},  # lost its facts
                 {"n": 999, "text": "A claim that does not exist."},
             ]}
    result, offline, backend = _run(base, "team", draft)
    claims, before = list(result.claims()), list(offline.claims())
    assert result.backend == "openai"
    assert claims[wms].text == "Customs broker portal now in scope for the cross-border routes; Jonas Berg has the WMS connector half built."
    assert claims[precision].text == before[precision].text and "97" not in claims[precision].text
    assert claims[ops].text == before[ops].text
    assert [c.sources for c in claims] == [c.sources for c in before]  # every claim still traces to its records
    assert result.rag == offline.rag and len(claims) == len(before)
    assert set(result.model_dump()) == set(Summary.model_fields)
    request = backend.requests[0]
    assert request.prompt == "standup_summary.v1" and f"[{wms}] {list(offline.claims())[wms].text}" in request.user and "WMS connector half built" in request.user
    assert '<update id="' in request.user


def test_sponsor_version_never_gains_a_name_or_bare_jargon(base):
    offline = base.summary("demo", DAY, "sponsor")
    first = _index(offline, "Adoption and training")
    draft = {"headline": offline.headline, "claims": [
        {"n": first, "text": "Sofia Lindqvist says adoption and training is amber: waits on Delivery ETA prediction, which is slipping; people not ready for Spot pricing."},
        {"n": first + 1, "text": "Operations process redesign is amber because the ETL for Delivery ETA prediction is slipping."},
    ]}
    result, offline, _ = _run(base, "sponsor", draft)
    claims = list(result.claims())
    assert "Sofia" not in claims[first].text
    from bot.jargon import find_unexplained

    assert find_unexplained(claims[first + 1].text, base.glossary) == []
    assert "Delivery ETA prediction" in claims[first + 1].text
    proper = proper_names(base.records.data)
    assert len(check_summary(result, set(result.updates), base.glossary, (), proper)) <= len(check_summary(offline, set(offline.updates), base.glossary, (), proper))


def test_honest_status_stays(base):
    offline = base.summary("demo", DAY, "steering")
    result, _, _ = _run(base, "steering", {"headline": "Halvorsen Freight AI Transformation is on track on Tue 03 Nov 2026: 1 red and 3 amber of 4 workstreams; 0 blocker(s) escalated; 4 decision(s) needed; 3 of 7 people reported.", "claims": []})
    assert result.headline == offline.headline and "RED" in result.headline


def test_injected_ping_and_prompt_leak(base):
    from prompts import load_prompt

    offline = base.summary("demo", DAY, "team")
    wms = _index(offline, "WMS connector")
    result, _, _ = _run(base, "team", {"headline": offline.headline, "claims": [{"n": wms, "text": "<!channel> WMS connector half built (Jonas Berg) @here"}]})
    assert list(result.claims())[wms].text == "WMS connector half built (Jonas Berg)"
    leak = load_prompt("standup_summary").system.splitlines()[2]
    result, offline, _ = _run(base, "team", {"headline": offline.headline, "claims": [{"n": wms, "text": leak}]})
    assert result.model_dump() == offline.model_dump() and "rejected" in result.note


def test_failure_gives_the_engines_summary_with_a_note(base):
    backend = ScriptedBackend(LLMTimeout("slow"))
    result = LLMStandups(base, Caller(backend)).summary("demo", DAY, "team")
    assert result.model_dump() == base.summary("demo", DAY, "team").model_dump()
    assert result.note == "produced offline (the language model timed out)"


@pytest.mark.parametrize("audience", ["team", "sponsor", "steering"])
def test_every_claim_reworded_lands_on_its_own_claim_and_the_result_passes_the_summary_check(base, audience):
    from bot.standup.summary import person_names

    offline = base.summary("demo", DAY, audience)
    before = offline.model_dump()
    mark = [f"mark {a}{b}" for a in "abcdefghij" for b in "klmnopqrst"]  # no digits: the facts check refuses new numbers
    texts = [c.text for c in offline.claims()]
    claims = [{"n": n, "text": t.rstrip(".?") + f" ({mark[n]})."} for n, t in enumerate(texts)]
    # Two that must be refused for the business audiences: a name, and a bare term the glossary explains.
    claims[0] = {"n": 0, "text": "Hannah Cole says " + texts[0]}
    claims[1] = {"n": 1, "text": texts[1] + " The DAG is flaky."}
    result, again, _ = _run(base, audience, {"headline": offline.headline, "claims": claims})
    got = list(result.claims())
    for n in range(2, len(got)):
        assert got[n].text.endswith(f"({mark[n]}).") or got[n].text == texts[n], (n, got[n].text)
    assert sum(c.text.endswith(f"({mark[n]}).") for n, c in enumerate(got)) >= len(got) - 3
    if audience != "team":
        assert "Hannah" not in got[0].text and "DAG" not in got[1].text
    names = person_names(base.records.data)
    ids = {u.id for u in base.records.data.updates}
    proper = proper_names(base.records.data)
    assert check_summary(result, ids, base.glossary, names, proper) == check_summary(again, ids, base.glossary, names, proper) == []
    assert [c.sources for c in got] == [c.sources for c in again.claims()]
    assert offline.model_dump() == before  # the engine's summary is never changed in place
