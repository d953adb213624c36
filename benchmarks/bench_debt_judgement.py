"""Debt judgement quality: debt, operational risk or compliance violation, judged from a register line's meaning.

Measured on the demo program's register and on the own-words development cases (tests/data/debt_judgement.yaml):
on the whole set, and by 5-fold cross-validation where the one fitted knob (the margin by which the register
examples may override the shared analysis) is chosen on four folds and measured on the fifth.
The own unseen set (tests/data/debt_judgement_unseen.yaml, terse register titles written before the change below) is
measured only, never used to choose the knob.

Why "Retry missing on scoring job" was filed as a compliance violation (2026-12-02): the shared analysis filed its one
clause as a governance gap by a cosine margin of 0.011 (a near tie: "missing" sits as near "approval missing" as
"retry missing"), with no exact cue behind it, and the judgement took the worst line of any open issue however
unsure; the register examples read the line nearest operational risk (0.314), then debt (0.293), compliance last
(0.252), but were consulted only to raise a line, never to doubt one. Now a worse line filed by a margin under the
override margin stands only when the register examples also score it above plain debt (`_stands`).
Measured (dev 5-fold CV / dev whole / demo / own unseen): before 98% / 100% / 100% / 90%; shipped 98% / 100% / 100% / 93%.
Not adopted: requiring the examples' agreement for every worse line, however clearly filed: the same figures
(98% / 100% / 100% / 93%), but it would let the examples overrule the analysis's exact cues (an unapproved launch).
Still misjudged on the unseen set: "Timeouts not configured for the weather feed call" (debt, judged operational risk)
and "Rollback path untested for the live pricing model" (operational risk, judged debt).
Run: .venv/bin/python -m benchmarks.bench_debt_judgement
"""

from __future__ import annotations

import sys

import yaml

from benchmarks.common import ROOT, table, verdict

FOLDS = 5
MARGINS = (0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.15)
TARGET = 0.85
# The demo files "Reply quality monitoring dashboard postponed until after go-live" as debt; for a use case that
# is live, a missing quality monitor is an operational risk, which is what the judgement should say.
DEMO_TRUTH = {"debt-002": "operational_risk"}


def _unseen() -> list[dict]:
    """The own unseen set (tests/data/debt_judgement_unseen.yaml): measured, never used to choose a knob."""
    rows = yaml.safe_load((ROOT / "tests" / "data" / "debt_judgement_unseen.yaml").read_text(encoding="utf-8"))
    return [{"text": c["text"], "risk": c.get("risk", ""), "category": c["category"]} for c in rows]


def _cases() -> tuple[list[dict], list[dict]]:
    own = yaml.safe_load((ROOT / "tests" / "data" / "debt_judgement.yaml").read_text(encoding="utf-8"))
    demo = yaml.safe_load((ROOT / "knowledge" / "demo" / "program.yaml").read_text(encoding="utf-8"))["debt"]
    demo_cases = [
        {"id": d["id"], "text": d["description"], "risk": d.get("risk_implication", ""),
         "category": DEMO_TRUTH.get(d["id"], d["category"]), "filed": d["category"]}
        for d in demo
    ]
    return [{"text": c["text"], "risk": c.get("risk", ""), "category": c["category"]} for c in own], demo_cases


def _scored(judge, cases: list[dict]) -> list[tuple]:
    """Per case: (description's analysis, whole line's analysis, their example scores, truth), computed once and
    reused for every margin (the description and the whole line are the same text when there is no risk column)."""
    from bot.oversight.debt_judgement import register_text

    out = []
    for c in cases:
        own, whole = register_text(c["text"]), register_text(c["text"], c["risk"])
        u = judge.understander
        out.append((u.analyse(own), u.analyse(whole), judge.line_scores(own), judge.line_scores(whole), c["category"]))
    return out


def _verdict(row: tuple, margin: float) -> str:
    from bot.oversight.debt_judgement import judge, judge_line

    own, whole, own_lines, whole_lines, _ = row
    if own.text == whole.text:
        return judge(own, own_lines, margin=margin).category
    return judge_line(own, whole, own_lines, whole_lines, margin=margin).category


def _accuracy(rows: list[tuple], margin: float) -> float:
    return sum(_verdict(r, margin) == r[-1] for r in rows) / max(1, len(rows))


def cross_validate(rows: list[tuple]) -> tuple[float, list[float]]:
    """Held-out accuracy with the margin chosen on the other four folds (ties: the smallest margin)."""
    right, chosen = 0, []
    for n in range(FOLDS):
        train = [r for i, r in enumerate(rows) if i % FOLDS != n]
        test = [r for i, r in enumerate(rows) if i % FOLDS == n]
        best = max(MARGINS, key=lambda m: (_accuracy(train, m), -m))
        chosen.append(best)
        right += round(_accuracy(test, best) * len(test))
    return right / len(rows), chosen


def main() -> int:
    from bot.config import Settings
    from bot.oversight.debt_judgement import DEFAULT_MARGIN, DebtJudge, judge
    from bot.understand import Understander
    from knowledge.glossary import load_glossary

    own, demo = _cases()
    judger = DebtJudge(Understander(load_glossary(Settings().glossary)))
    unseen = _unseen()
    own_rows, demo_rows, unseen_rows = _scored(judger, own), _scored(judger, demo), _scored(judger, unseen)
    cv, chosen = cross_validate(own_rows)
    whole = _accuracy(own_rows, DEFAULT_MARGIN)
    analysis_only = sum(judge(r[1]).category == r[-1] for r in own_rows) / len(own_rows)
    demo_acc = _accuracy(demo_rows, DEFAULT_MARGIN)
    unseen_acc = _accuracy(unseen_rows, DEFAULT_MARGIN)
    table(
        "Debt judgement (debt / operational risk / compliance violation)",
        ["set", "cases", "accuracy", "target", "verdict"],
        [
            ["own-words dev cases, 5-fold CV", len(own_rows), f"{cv:.0%}", f">= {TARGET:.0%}", verdict(cv >= TARGET)],
            [f"own-words dev cases, whole set (margin {DEFAULT_MARGIN})", len(own_rows), f"{whole:.0%}", f">= {TARGET:.0%}", verdict(whole >= TARGET)],
            ["own-words dev cases, shared analysis alone", len(own_rows), f"{analysis_only:.0%}", "-", "-"],
            ["demo register", len(demo_rows), f"{demo_acc:.0%}", "100%", verdict(demo_acc == 1.0)],
            ["own unseen set (terse lines, not tuned on)", len(unseen_rows), f"{unseen_acc:.0%}", f">= {TARGET:.0%}", verdict(unseen_acc >= TARGET)],
        ],
    )
    print(f"margins chosen per fold: {', '.join(map(str, chosen))}")
    misses = [
        (c.get("id", ""), c["text"], r[-1], _verdict(r, DEFAULT_MARGIN))
        for c, r in zip(own + demo + unseen, own_rows + demo_rows + unseen_rows)
        if _verdict(r, DEFAULT_MARGIN) != r[-1]
    ]
    if misses:
        table("Misjudged lines", ["id", "line", "truth", "judged"], [list(m) for m in misses])
    return 0


if __name__ == "__main__":
    sys.exit(main())
