"""The offline translation engine: categories, decisions, pillars, facts and jargon on updates it has never seen."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import InputError
from bot.jargon import find_unexplained
from bot.translate import Translation, build_translator, check_facts, extract_facts, translation_problems
from bot.translate.cite import PASSAGES
from knowledge.glossary import Glossary, GlossaryEntry
from knowledge.types import Citation

KEYS = ["summary", "impact", "options", "decision", "pillars", "category", "stage", "terms", "citations", "issues"]


def leaked(t: Translation, glossary) -> list[str]:
    return [h.term for text in t.business_texts() for h in find_unexplained(text, glossary)]


# Updates written for these tests, in the style engineers post; none is in the development set.
UNSEEN = [
    ("Still waiting on the DBA team to grant read access to the Salesforce replica, request open since Monday.",
     "access or dependency", False, {"technology"}),
    ("GPU spend on the training cluster hit $48k this month, roughly 2x the budget.", "cost", True, {"technology"}),
    ("About 35% of the supplier records have missing tax codes, so the invoice matching model can't use them.",
     "data quality", True, {"technology"}),
    ("Claims triage model went to the pilot branch without the DPIA sign-off from privacy.",
     "governance or compliance", True, {"governance"}),
    ("Most underwriters are still using their old spreadsheets; usage of the pricing assistant is flat at 12 weekly users.",
     "adoption", True, {"people"}),
    ("Fraud API p99 latency is 1.8s against a 300ms SLA, checkout calls time out at peak.", "performance gap", True, {"technology"}),
    ("Legal hasn't signed the MSA with the labelling vendor yet, purchase order is stuck.", "access or dependency", False, set()),
    ("Finished the feature engineering for churn v1.4 and merged PR #212; on track for the sprint 9 demo.",
     "progress", False, {"technology"}),
    # An outage the team is restoring asks no business choice until the update puts one (understand5's decision rule).
    ("Scoring service is down since 09:10, every request returns 500 errors; customers can't see offers.",
     "incident", False, {"technology"}),
    ("Integration with the core banking system keeps growing: 3 new integration points this sprint, bigger than we estimated.",
     "delay", True, {"technology"}),
    ("Fourth sprint of experiments and the demand forecast is stuck at 71% accuracy against a target of 80%.",
     "quality gap", True, {"technology"}),
    ("The churn model has been live for a month with no monitoring at all.", "quality gap", True, {"technology"}),
    ("UAT slipped by 2 weeks because the test environment was not ready, go-live moves to 14 March.", "delay", True, set()),
    ("Churn model AUC is 0.71 on the holdout, below the 0.75 we committed to in the business case.", "quality gap", True, set()),
    ("The data science team lost 2 of its 5 engineers this quarter and hiring is frozen.", "delay", True, {"people"}),
    ("Call-centre agents keep overriding the next-best-action suggestions, override rate is 62%.", "adoption", True, {"people"}),
    ("We need prod access to the SAP HANA views; INC-20931 has been with the Basis team for 3 weeks.",
     "access or dependency", False, {"technology"}),
    ("Retraining is done, but monitoring is not in place yet for the pricing model in production.", "quality gap", True, set()),
    ("Label quality is poor: 18% of the sampled invoices were tagged with the wrong category by the vendor.",
     "data quality", True, set()),
    ("Moved the nightly ETL from 1am to 3am to avoid the backup window; no impact expected.", "progress", False, set()),
    ("k8s cluster upgrade to 1.29 done over the weekend, no downtime.", "progress", False, {"technology"}),
    ("We skipped the bias testing to make the go-live date; the model has been scoring loan applications since Monday.",
     "governance or compliance", True, {"governance"}),
    ("Model card and bias report are done and submitted to the model risk team for review.", "progress", False, set()),
    ("Customer service reps say the summarisation tool misses key details, so they rewrite every summary by hand.",
     "adoption", True, {"people"}),
    ("Only 40% of the product catalogue has images tagged, the visual search can't launch on 1 June without the rest.",
     "data quality", True, {"technology"}),
    ("Azure OpenAI costs were \u20ac18k in March against a \u20ac6k budget because of long prompts.", "cost", True, {"technology"}),
    ("The chatbot gives wrong refund amounts in about 1 in 20 answers; we turned it off for refunds.", "quality gap", True, set()),
    ("Labelling vendor delivered only 2,000 of the 10,000 labelled claims promised for this week.",
     "access or dependency", True, set()),
    ("Stand-up: fixed 4 bugs, code review pending on PR-431, nothing blocking.", "progress", False, set()),
    ("The demand forecast is still in experimentation after 4 sprints and has not beaten the naive baseline.",
     "quality gap", True, set()),
    ("Invoice OCR model accuracy is 91%, target was 95%; the remaining 9% still need manual keying.", "quality gap", True, set()),
]


# Two of these the analysis still files wrongly (see the closing note of issue 11): a request "with the Basis team
# for 3 weeks" reads as lost capacity, and "only 40% ... tagged" as an adoption gap. They stay here as known failures.
# Third round (meaning from the bank, no fitted cue words): "still in experimentation after 4 sprints" reads as an
# incident, a known failure too.
_WEAK = {16, 24, 26}
UNSEEN_CASES = [pytest.param(*u, marks=pytest.mark.xfail(reason="known weak reading", strict=True)) if i in _WEAK else u
                for i, u in enumerate(UNSEEN)]


@pytest.mark.parametrize(("text", "category", "decision", "pillars"), UNSEEN_CASES, ids=[u[1] + str(i) for i, u in enumerate(UNSEEN)])
def test_unseen_updates(translator, glossary, text, category, decision, pillars):
    t = translator.translate(text)
    assert t.category == category
    if decision is not None:
        assert (t.decision is not None) == decision
    assert pillars <= set(t.pillars)
    assert check_facts(text, t.business_text(), glossary).ok, check_facts(text, t.business_text(), glossary)
    assert leaked(t, glossary) == []
    if t.decision:
        assert t.options, "a decision comes with its options"


def test_dev_set_targets(translator, glossary, eval_dir):
    cases = yaml.safe_load((eval_dir / "translate_dev.yaml").read_text(encoding="utf-8"))["cases"]
    for case in cases:
        t = translator.translate(case["text"])
        text = t.business_text()
        assert all(k in text for k in case["keep"]), case["text"]
        assert check_facts(case["text"], text, glossary).ok
        assert leaked(t, glossary) == []
        if case["jargon"]:  # a case term may stay when the text explains it (a product name); never bare
            mini = Glossary([GlossaryEntry(term=j, plain="a term of the case", domain="org") for j in case["jargon"]])
            assert [h.surface for part in t.business_texts() for h in find_unexplained(part, mini)] == [], case["text"]
        assert set(case["pillars"]) <= set(t.pillars), case["text"]
        assert (t.decision is not None) == case["decision"], case["text"]


def test_translation_has_exactly_the_documented_keys(translator):
    t = translator.translate("Batch scoring now needs 7 hours to finish, too slow for the sales team, who expected the churn flags by 8am.")
    dumped = t.model_dump(mode="json")
    assert list(dumped) == KEYS
    assert set(dumped["citations"][0]) == {"source", "module", "article", "section", "quote", "score"}
    assert dumped["decision"].startswith("Decision needed from the business sponsor")
    assert {"term": "Batch scoring", "meaning": t.terms[0].meaning} == dumped["terms"][0]


def test_resolved_problem_needs_no_decision_but_an_open_one_does(translator):
    fixed = translator.translate("Payments model v3.1 caused a spike in false declines; rolled back to v3.0, back to normal.")
    assert fixed.category == "incident" and fixed.decision is None and fixed.options == []
    broken = translator.translate("Payments model v3.1 is down in prod, customers can't pay by card.")
    assert broken.category == "incident" and broken.decision is None  # being restored: no choice put to the business
    torn = translator.translate("Payments model v3.1 is down in prod; we either roll back and lose the new fraud rules "
                                "or keep it down until the patch lands tonight.")
    assert torn.category == "incident" and torn.decision is not None


def test_named_decision_body_takes_part_in_the_decision(translator):
    t = translator.translate("The steering committee wants the CRM integration; it adds about 3 sprints to the plan.")
    assert "steering committee" in t.decision


def test_stage_is_told_only_when_clear(translator):
    assert translator.translate("Model retraining on the new data finished; drift is gone in production.").stage == "production"
    assert translator.translate("Thanks all, good week.").stage is None


def test_citations_name_module_article_section_and_a_short_quote(translator, bok_dir):
    t = translator.translate("The discount rules are hard-coded in the checkout service for now; we owe it a proper settings screen.")
    c = t.citations[0]
    assert (c.module, c.article, c.section) == ("2.4", 6, "Technical Debt Management")
    assert c.source == "compel-pack#debt-register"  # the knowledge pack's own words, not the licensed text
    article = (bok_dir / f"module-{c.module}-article-{c.article:02d}.txt").read_text(encoding="utf-8")
    assert c.section in article.splitlines(), "the cited section heading stands in the article"
    assert 20 < len(c.quote) < 300


def test_every_cited_section_exists_in_the_bok(bok_dir):
    for p in PASSAGES.values():
        headings = (bok_dir / p.source).read_text(encoding="utf-8").splitlines()
        assert p.section in headings, p.section


def test_retrieved_passage_replaces_the_gloss_only_from_the_same_section(glossary):
    real = Citation(source="module-2.4-article-06.txt", module="2.4", article=6, section="Technical Debt Management", quote="real words")
    other = Citation(source="module-2.4-article-06.txt", module="2.4", article=6, section="Platform Deployment", quote="elsewhere")
    text = "The discount rules are hard-coded in the checkout service for now; we owe it a proper settings screen."
    assert build_translator(glossary, retrieve=lambda q: [other, real]).translate(text).citations[0].quote == "real words"
    assert build_translator(glossary, retrieve=lambda q: [other]).translate(text).citations[0].kind == "pack"

    def broken(q):
        raise RuntimeError("index not built")

    assert build_translator(glossary, retrieve=broken).translate(text).citations[0].kind == "pack"


@pytest.mark.parametrize("text", ["", "   \n\t ", None])
def test_empty_updates_are_refused(translator, text):
    with pytest.raises(InputError, match="empty"):
        translator.translate(text)


def test_a_long_update_is_refused_with_the_limit(translator):
    with pytest.raises(InputError) as exc:
        translator.translate("word " * 10_000)
    assert "50,000" in exc.value.message and "4,000" in exc.value.message


def test_emoji_only_is_refused(translator):
    with pytest.raises(InputError, match="no words"):
        translator.translate(":tada: :rocket:")


def test_slack_markup_is_read_as_slack_users_write_it(translator):
    text = (
        "<!here> *Heads up*: <@U024BE7LH> says the `nightly_load` DAG failed again :warning: "
        "see <https://jira.example.com/browse/DATA-42|DATA-42> and <#C123ABC|data-eng>; &lt;urgent&gt;"
    )
    t = translator.translate(text)
    s = t.summary
    assert "<@U024BE7LH>" in s  # Slack shows the mention as the person's name
    assert "DATA-42" in s and "https://" not in s and "#data-eng" in s
    assert "<!here>" not in s and ":warning:" not in s and "`" not in s and "*Heads" not in s
    assert t.category == "incident" and "again" not in t.summary.lower().split("the details given")[0]


def test_other_languages_are_named_and_their_facts_kept(translator, glossary):
    text = "Das Modell v2.1 ist seit 3 Tagen nicht verfügbar und wir warten auf die Freigabe von CHG-4411."
    t = translator.translate(text)
    assert "not in English" in t.summary and "German" in t.summary
    assert check_facts(text, t.business_text(), glossary).ok
    assert t.decision is None


def test_fact_extraction_finds_ids_versions_dates_money_and_names():
    facts = {f.text for f in extract_facts(
        "Firewall NET-5120 for Oracle ERP; model v2.3 at 0.81 AUC, 35% nulls, $48k, due 14 March 2027 at 8am, 1 in 5 runs, two weeks"
    )}
    assert {"NET-5120", "Oracle", "ERP", "v2.3", "0.81", "35%", "$48k", "14 March 2027", "8am", "1 in 5", "two weeks"} <= facts
    assert "Firewall" not in facts  # a capitalised first word is not a name


def test_facts_check_catches_lost_and_invented_numbers():
    report = check_facts("Precision fell from 0.81 to 0.62 on v2.3.", "Precision fell from 0.81 to 0.6 on v2.3 in 3 days.")
    assert "0.62" in report.missing and {"0.6", "3"} <= set(report.added)
    assert not report.ok
    assert check_facts("Ready in two weeks.", "Ready in two weeks.").ok


def test_with_a_glossary_jargon_is_not_a_fact_but_names_and_ids_still_are(glossary):
    source = "The Airflow DAG for the Oracle Atlas load failed again, see NET-5120."
    assert {"DAG", "Oracle", "Atlas", "NET-5120"} <= {f.text for f in extract_facts(source)}
    facts = {f.text for f in extract_facts(source, glossary)}
    assert "DAG" not in facts and {"Oracle", "Atlas", "NET-5120"} <= facts
    assert not check_facts(source, "The chain of data jobs for the load failed, see NET-5120.", glossary).ok


def test_unknown_backend_names_the_choices(glossary):
    with pytest.raises(InputError, match="offline"):
        build_translator(glossary, backend="nope")


_FRAGMENTS = st.sampled_from([
    "the Airflow DAG", "batch scoring", "p95 latency", "the SLA", "PR #88", "CHG-1234", "v4.2", "0.91", "45%", "3 sprints",
    "the firewall change request", "label leakage", "Snowflake", "is flaky", "dropped", "is pending", "takes 6 hours",
    "the audit board wants", "to show the sponsor", "users can't log in", "$12k over budget", "rolled back", "k8s pods OOMKilled",
    "we", "and", "so", "after", "because", ";", ",",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_FRAGMENTS, min_size=1, max_size=25))
def test_any_update_keeps_its_facts_and_leaks_no_jargon(translator, glossary, parts):
    text = " ".join(parts)
    try:
        t = translator.translate(text)
    except InputError:
        return
    assert check_facts(text, t.business_text(), glossary).ok
    assert leaked(t, glossary) == []


def test_every_template_sentence_is_plain_and_numberless(glossary):
    from bot.understand import situations
    from bot.understand.facts import numbers_in

    bad = []
    for s in situations().values():
        for text in (s.lead, *s.leads.values(), s.lead_alone, s.partial, s.risky, s.meaning, *s.options, s.question, s.who):
            if text and (find_unexplained(text, glossary) or numbers_in(text)):
                bad.append((s.name, text))
    for p in PASSAGES.values():
        if numbers_in(p.gloss):
            bad.append((p.section, p.gloss))
    assert bad == []


def test_without_the_knowledge_pack_the_builtin_gloss_is_cited(glossary, monkeypatch):
    import bot.translate.cite as cite

    monkeypatch.setattr(cite, "_pack_entry", lambda entry_id: None)
    t = build_translator(glossary).translate("The discount rules are hard-coded in the checkout service for now; we owe it a proper settings screen.")
    c = t.citations[0]
    assert c.source == "module-2.4-article-06.txt" and c.quote == PASSAGES["debt"].gloss


def test_a_long_update_keeps_every_fact_across_summary_and_impact(translator, glossary):
    text = (
        "Top-ten hit rate went from 0.81 to 0.62 when the product list was reorganised; leaked labels in last year's data are our guess. "
        "Retraining needs 3 days on 4 GPUs. Ticket ML-311 tracks it."
    )
    t = translator.translate(text)
    assert "our guess" not in t.summary  # the summary is composed, not the engineer's sentence passed on
    assert check_facts(text, t.business_text(), glossary).ok
    assert "ML-311" in t.business_text() and "0.81" in t.summary


def test_translation_problems_is_the_backend_independent_check(translator, glossary):
    text = "Batch scoring now needs 7 hours to finish, too slow for the sales team, who expected the churn flags by 8am."
    good = translator.translate(text)
    assert translation_problems(text, good, glossary) == []
    bad = good.model_copy(update={"summary": "Batch scoring is slow, taking 9 hours.", "options": []})
    problems = translation_problems(text, bad, glossary)
    assert "fact missing: 7 hours" in problems and "number not in the update: 9" in problems
    assert "unexplained jargon in summary: Batch scoring" in problems
    assert "a decision is asked for without the options to choose from" in problems


def test_foreign_text_keeps_its_words_and_explains_terms_in_brackets(translator, glossary):
    text = "Le modèle est prêt pour la production, nous avons fini les tests et le taux d'erreur est de 2%."
    t = translator.translate(text)
    assert "French" in t.summary and "la production (" in t.summary  # as written: the word itself is not swapped
    assert "live use" not in t.summary
    assert check_facts(text, t.business_text(), glossary).ok and leaked(t, glossary) == []


def test_a_term_hint_alone_files_the_category_without_claiming_a_situation(translator):
    t = translator.translate("Precision on the holdout for v2 is 0.91 this week.")
    assert t.category == "quality gap"  # the term hints at it
    assert t.summary.startswith("A status note from the team.")  # a figure with no target is no shortfall
    assert "0.91" in t.summary and t.decision is None


def test_a_review_still_with_its_reviewer_is_no_new_requirement(translator):
    t = translator.translate("The DPIA for the claims model is with the DPO.")
    assert t.category == "governance or compliance"
    assert "new condition" not in t.summary  # nobody asked for anything new


@pytest.mark.parametrize("text", [
    "Partial-delivery handling added; precision up to 93 percent on the holdout.",
    # In our own words: a measure said to have gone the good way is progress, not a gap or a drop.
    "Matching accuracy improved to 91 percent on this week's invoices.",
    "Recall climbed to 88 percent once the new sample was labelled.",
    "Impact assessment template for customer-facing models published; the drafting assessment is first in the queue.",
    "Labelling guide agreed with two senior adjusters.",
])
def test_plain_progress_words_read_as_progress(translator, text):
    t = translator.translate(text)
    assert t.category == "progress" and t.decision is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["two", "Twenty", "five", "tenant", "half", "halfway", "x2", "three_", "-", " ", ".", "HUNDRED",
                                 "dozens", "ten", "7", "weeks", "é", "sevens", "million"]), max_size=12))
def test_number_words_by_token_match_the_regex(parts):
    from bot.understand.facts import _NUMBER_WORD, number_words, numbers_in

    text = "".join(parts)
    assert number_words(text) == {w.lower() for w in _NUMBER_WORD.findall(text)}
    assert number_words(text) <= numbers_in(text)


def test_a_number_word_inside_a_longer_word_is_no_fact():
    facts = {f.text for f in extract_facts("The tenant table moved halfway; ten tables and twenty-five rows left.")}
    assert {"ten", "twenty-five rows"} <= facts
    assert not any(f in {"tenant", "half"} for f in facts) and "ten" in facts
    assert sum(1 for f in extract_facts("The tenant moved halfway.") if f.kind == "number") == 0


def test_a_sentence_ending_in_a_semicolon_or_colon_ends_with_a_full_stop(translator):
    for text in ("Spoke to the sales managers in Oslo;", "Next steps agreed with the sales team:"):
        t = translator.translate(text)
        assert t.summary.endswith(".") and ";." not in t.summary and ":." not in t.summary
        assert t.decision is None
    assert "Oslo" in translator.translate("Spoke to the sales managers in Oslo;").summary
