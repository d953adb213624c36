"""Where a register line falls (debt, operational risk or compliance violation), judged from what it means.

The shared update analysis (bot/understand) files each clause by meaning and says which debt line its situation
is on; this module only weighs those issues and words the verdict. The one exact rule: a line about a use case in
production cannot be plain debt when the analysis reads it as an open problem with the live system watched badly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.oversight.wording import category_label
from bot.understand import Analysis

Category = Literal["debt", "operational_risk", "compliance_violation"]
_EXAMPLES = Path(__file__).with_name("debt_lines.yaml")
# How far the register examples' best line must lead the next before it overrides the analysis (cosine margin);
# chosen by cross-validation in benchmarks/bench_debt_judgement.py.
DEFAULT_MARGIN = 0.08
# Worse lines win: a line that is both a shortcut and a missing approval is a compliance violation.
RANK: dict[str, int] = {"debt": 0, "operational_risk": 1, "compliance_violation": 2}

_WHY: dict[str, str] = {
    "compliance_violation": "it describes work running without an approval or control that governance requires, "
    "which is never acceptable as debt",
    "operational_risk": "it describes a live system left without the watching or safety net it needs, "
    "which must be fixed now rather than scheduled",
    "debt": "it describes a shortcut taken to keep delivery moving, which is acceptable while it is visible and "
    "planned for repair",
}


class DebtJudgement(BaseModel):
    """The line a register item falls on, why, and how sure the analysis was."""

    model_config = ConfigDict(extra="forbid")

    category: Category
    reason: str
    situation: str | None = None
    confidence: float = 0.0

    def contradicts(self, stated: str | None) -> bool:
        """True when the category a person gave understates what the item is."""
        return stated is not None and RANK[stated] < RANK[self.category]


def _stands(issue, lines: dict[str, float] | None, margin: float) -> bool:
    """Whether an issue's line worse than debt holds: the analysis filed its clause clearly (a situation margin of at
    least `margin`), or the register's examples also read the line as nearer that line than plain debt. A clause
    filed by a near tie (a terse title such as "Retry missing on …", whose "missing" sits as near an approval gap
    as a missing retry) is one reader unsure; the other must then agree."""
    if lines is None or RANK[issue.debt] == 0 or issue.confidence >= margin:
        return True
    return lines.get(issue.debt, 0.0) > lines.get("debt", 0.0)


def judge(analysis: Analysis, lines: dict[str, float] | None = None, *, margin: float = 0.0) -> DebtJudgement:
    """The debt line of one register line: the worst line an open issue in its analysis falls on and that stands
    (see `_stands`), raised to the line its nearest register examples show when they lead the others by at least
    `margin`."""
    best = None
    for issue in analysis.issues:
        if issue.debt is None or issue.polarity in ("resolved", "done") or not _stands(issue, lines, margin):
            continue
        if best is None or RANK[issue.debt] > RANK[best.debt]:
            best = issue
    category = best.debt if best is not None else "debt"
    situation = best.situation if best is not None else None
    confidence = best.confidence if best is not None else 0.0
    if lines:
        ranked = sorted(lines.items(), key=lambda kv: -kv[1])
        (top, score), runner = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
        if RANK[top] > RANK[category] and score - runner >= margin:
            category, situation, confidence = top, "register_examples", round(score - runner, 4)
    return DebtJudgement(
        category=category,
        reason=f"Judged {category_label(category)}: {_WHY[category]}.",
        situation=situation,
        confidence=confidence,
    )


def judge_line(own: Analysis, whole: Analysis, own_lines: dict[str, float], whole_lines: dict[str, float], *, margin: float = 0.0) -> DebtJudgement:
    """The debt line of a register item read twice: its description alone (`own`) and with its risk column (`whole`).

    The description says what the item is; the risk column says what could follow while it stays, and for any
    shortcut that sounds alarming. So the column counts only when the description alone is not plainly a shortcut
    (its examples do not lead by `margin`), and a worse line it brings must be read by both the analysis and the
    register examples."""
    ranked = sorted(own_lines.items(), key=lambda kv: -kv[1])
    lead = ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0.0)
    if ranked[0][0] == "debt" and lead >= margin:
        return judge(own, own_lines, margin=margin)
    worse = RANK[judge(whole).category] > RANK[judge(own).category]
    top = max(whole_lines, key=whole_lines.__getitem__)
    base = whole if not worse or RANK[top] >= RANK[judge(whole).category] else own
    return judge(base, whole_lines, margin=margin)


class DebtJudge:
    """Judges register lines with the shared analysis and the register's own examples, on one embedder."""

    def __init__(self, understander, *, margin: float = DEFAULT_MARGIN, examples: dict[str, list[str]] | None = None) -> None:
        self.understander = understander
        self.margin = margin
        self._examples = examples
        self._classifier = None

    def _lines(self):
        if self._classifier is None:
            from bot.understand.classify import NearestExamples

            bank = self._examples or load_examples()
            texts = [t for lab in bank for t in bank[lab]]
            labels = [lab for lab in bank for _ in bank[lab]]
            self._classifier = NearestExamples(self.understander.embed(texts), labels, k=3, floor=-1.0)
        return self._classifier

    def line_scores(self, text: str) -> dict[str, float]:
        """Per debt line, how near the text is to its examples (mean cosine of the three nearest)."""
        clf = self._lines()
        row = clf.scores(self.understander.embed([text]))[0]
        return {lab: float(row[j]) for j, lab in enumerate(clf.labels)}

    def judge(self, description: str, risk_implication: str = "") -> DebtJudgement:
        """The line one register item falls on (see `judge_line` for how its risk column is weighed)."""
        own = register_text(description)
        if not risk_implication.strip():
            return judge(self.understander.analyse(own), self.line_scores(own), margin=self.margin)
        whole = register_text(description, risk_implication)
        return judge_line(self.understander.analyse(own), self.understander.analyse(whole), self.line_scores(own),
                          self.line_scores(whole), margin=self.margin)


def load_examples() -> dict[str, list[str]]:
    """The register's example lines per debt line (debt_lines.yaml, beside this module)."""
    import yaml

    with open(_EXAMPLES, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {lab: [str(t) for t in data.get(lab) or []] for lab in RANK}


def register_text(description: str, risk_implication: str = "") -> str:
    """The text the analysis reads for a register item: the line, then what could go wrong while it stays."""
    description = description.strip().rstrip(".")
    risk = risk_implication.strip()
    return f"{description}. {risk}" if risk else description
