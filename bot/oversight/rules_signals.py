"""The four technical risk patterns of the oversight model: feasibility, data, integration, progress."""

from __future__ import annotations

from collections.abc import Iterator

from bot.config import Settings
from bot.oversight.findings import Finding, ev
from bot.oversight.sources import cite
from bot.oversight.wording import clip
from bot.oversight.view import ProgramView, ordinal
from knowledge.text import plural
from bot.prose import date_text

_HIGH_QUALITY = {"high", "critical"}


def _fmt(value: float) -> str:
    """0.8 -> '0.80', 12.0 -> '12': targets read the way people write them."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}" if abs(value) < 10 else f"{value:g}"


def feasibility_risk(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Model development for more than the allowed sprints without reaching the success criteria."""
    for uc in view.data.use_cases:
        if uc.stage != "model_development" or uc.milestones.model_viability_demonstrated.status == "met":
            continue
        since = uc.stage_since()
        if since is None:
            continue
        sprints_in = view.current_sprint - since + 1
        unmet = [c for c in uc.success_criteria if not c.met]
        if sprints_in <= settings.experiment_max_sprints or (uc.success_criteria and not unmet):
            continue
        evidence = [ev("stage_history", uc.id, since, f"entered model development in sprint {since}")]
        measured = []
        for c in unmet:
            trail = ", ".join(f"{_fmt(m.value)} (sprint {m.sprint})" for m in sorted(c.history, key=lambda m: m.sprint))
            latest = "not yet measured" if c.latest is None else f"latest {_fmt(c.latest)}"
            evidence.append(ev("success_criterion", c.metric, c.measured_sprint, f"target {_fmt(c.target)}, {latest}" + (f"; history {trail}" if trail else "")))
            if c.latest is not None:
                measured.append(f"{c.metric} measured {_fmt(c.latest)} against a target of {_fmt(c.target)}")
        gap = "; ".join(measured) or "no measurement against the success criteria yet"
        questions = [
            f"This is the {ordinal(sprints_in)} sprint of experimentation ({gap}): what is the team's hypothesis for the gap, and what is its plan to close it?",
            "What result by the end of the next sprint would show the model is viable, and what would make us rescope or stop?",
        ]
        yield Finding(
            rule="feasibility_risk",
            title="Feasibility risk",
            severity="high" if sprints_in > 2 * settings.experiment_max_sprints else "medium",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"{uc.name} has been in model development for {sprints_in} sprints (since sprint {since}) without "
                f"converging on its targets ({gap}). Experimentation running past {settings.experiment_max_sprints} sprints "
                "may point to a problem with feasibility rather than tuning."
            ),
            evidence=evidence,
            citation=cite("feasibility"),
            questions=questions,
        )


def unrealistic_data_assumptions(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Data preparation that turns up new quality findings in sprint after sprint."""
    for uc_id, findings in view.quality_by_use_case.items():
        uc = view.use_cases.get(uc_id)
        if uc is None or uc.milestones.data_preparation_complete.status == "met":
            continue
        sprints = sorted({f.sprint for f in findings})
        if len(sprints) < settings.quality_finding_sprints:
            continue
        severe = any(f.severity in _HIGH_QUALITY for f in findings)
        yield Finding(
            rule="unrealistic_data_assumptions",
            title="Unrealistic data assumptions",
            severity="high" if severe or len(sprints) > settings.quality_finding_sprints else "medium",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"Data preparation for {uc.name} has turned up new quality findings in {len(sprints)} sprints "
                f"({', '.join(map(str, sprints))}), {len(findings)} in all. When the data keeps surprising the team, "
                "the use case may have been scoped on assumptions about the data that do not hold."
            ),
            evidence=[ev("data_quality", f.id, f.sprint, f"{f.severity}: {f.description}") for f in findings],
            citation=cite("data_assumptions"),
            questions=[
                f"Is {uc.name}'s data good enough for what the use case promises, or do these findings change its scope or feasibility?",
                "Does the business sponsor know, and who decides whether to narrow the scope?",
            ],
        )


def integration_complexity(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Integration points still being added after integration started."""
    for uc in view.data.use_cases:
        if uc.stage not in ("integration", "deployment") or uc.milestones.integration_testing_passed.status == "met":
            continue
        started = min((e.sprint for e in uc.stage_history if e.stage == "integration"), default=None)
        if started is None:
            continue
        added = [(p, p.added_sprint if p.added_sprint is not None else view.sprint_for(p.added)) for p in uc.integration_points]
        new = [(p, s) for p, s in added if s is not None and s > started]
        if len(new) < settings.integration_new_points:
            continue
        before = len(added) - len(new)
        yield Finding(
            rule="integration_complexity",
            title="Unanticipated architectural complexity",
            severity="high" if len(new) >= before else "medium",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"Integration of {uc.name} started in sprint {started} with {plural(before, 'integration point')}; "
                f"{len(new)} more have been added since. Integration scope that keeps growing suggests architectural "
                "complexity the roadmap did not anticipate."
            ),
            evidence=[ev("stage_history", uc.id, started, "integration started")]
            + [ev("integration_point", p.name, s, f"added {date_text(p.added, year=True)}") for p, s in new],
            citation=cite("integration_complexity"),
            questions=[
                f"Have all of {uc.name}'s integration points been found now, or are more still emerging?",
                "Does the integration effort still match the original estimate, and if not, what changes in the plan?",
            ],
        )


def progress_without_advancement(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Progress reported sprint after sprint while no milestone is met and nothing is demonstrated."""
    for uc_id, per_sprint in view.progress_claims.items():
        uc = view.use_cases.get(uc_id)
        if uc is None or uc.demonstrated or uc.stage == "production":
            continue
        last_met = view.last_milestone_sprint(uc)
        claims = {s: u for s, u in per_sprint.items() if s > last_met}
        if len(claims) < settings.progress_sprints:
            continue
        sprints = sorted(claims)
        since = f"since it last met a milestone in sprint {last_met}" if last_met else "without meeting a single milestone"
        yield Finding(
            rule="progress_without_advancement",
            title="Progress without advancement",
            severity="high" if len(claims) > settings.progress_sprints else "medium",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"Stand-ups reported progress on {uc.name} in {len(claims)} sprints ({', '.join(map(str, sprints))}) "
                f"{since}, and nothing working has been demonstrated. Activity that does not move a milestone may not "
                "be converging on delivery."
            ),
            evidence=[ev("standup_update", claims[s].id, s, f"{claims[s].author}: {clip(claims[s].text, 120)}") for s in sprints],
            citation=cite("progress_without_advancement"),
            questions=[
                f"What can the {uc.name} team show working today, rather than describe?",
                "Which milestone will the next sprint close, and what evidence will show it is closed?",
            ],
        )
