"""Charts beside the text (PNG bytes): completion against its line, debt share against its band, status per workstream."""

from __future__ import annotations

import io
import logging

from bot.reports.model import SprintPoint, SprintReview, SteeringUpdate
from bot.prose import date_text

log = logging.getLogger(__name__)

_RAG_COLOUR = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828"}


def _pyplot():
    # Imported lazily and on the file-only backend: a report without a chart never pays for matplotlib.
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    _pyplot().close(fig)
    return buf.getvalue()


def _trend_axes(axes, points: list[SprintPoint], line: float, low: float, high: float) -> None:
    done, share = axes
    xs = [p.sprint for p in points]
    shown = [p for p in points if p.completion is not None]  # a running sprint has no completion yet
    done.bar([p.sprint for p in shown], [p.completion * 100 for p in shown],
             color=["#1565c0" if p.completion >= line else "#ef6c00" for p in shown])
    done.axhline(line * 100, color="#333333", linestyle="--", linewidth=1, label=f"{line:.0%} line")
    done.set_title("Completed of committed")
    done.set_xlabel("Sprint")
    done.set_ylabel("%")
    done.set_ylim(0, 110)
    done.set_xticks(xs)
    done.legend(loc="upper left", fontsize="small")
    known = [(p.sprint, p.debt_share * 100) for p in points if p.debt_share is not None]
    share.axhspan(low * 100, high * 100, color="#a5d6a7", alpha=0.5, label=f"budget {low:.0%} to {high:.0%}")
    if known:
        share.plot([k[0] for k in known], [k[1] for k in known], marker="o", color="#4e342e", label="debt remediation")
    share.set_title("Capacity spent on debt")
    share.set_xlabel("Sprint")
    share.set_ylabel("%")
    share.set_ylim(0, max([high * 100 + 5, *(k[1] + 5 for k in known)]))
    share.set_xticks(xs)
    share.legend(loc="best", fontsize="small")


def review_chart(review: SprintReview) -> bytes:
    """The sprint review's chart: completion per sprint with the line, and debt share against its band."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained")
    _trend_axes(axes, review.trend, review.completion_line, review.debt.low, review.debt.high)
    fig.suptitle(f"{review.program_name}: sprints 1 to {review.sprint}")
    return _png(fig)


def steering_chart(update: SteeringUpdate, line: float) -> bytes:
    """The steering update's chart: completion and debt share over the last sprints, and each workstream's status at each sprint end."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(15, 3.8), layout="constrained", gridspec_kw={"width_ratios": [1, 1, 1.2]})
    _trend_axes(axes[:2], update.trend, line, update.debt.share.low, update.debt.share.high)
    grid = axes[2]
    names = [w.name for w in update.workstreams]
    for x, p in enumerate(update.trend):
        for y, name in enumerate(names):
            rag = p.rag.get(name)
            if rag:
                grid.scatter(x, y, s=380, color=_RAG_COLOUR[rag], marker="s")
    grid.set_xticks(range(len(update.trend)), [str(p.sprint) for p in update.trend])
    grid.set_yticks(range(len(names)), names)
    grid.set_xlabel("Sprint (status at its end)")
    grid.set_title("Status per workstream")
    grid.set_xlim(-0.6, max(len(update.trend) - 0.4, 0.6))
    grid.set_ylim(-0.6, len(names) - 0.4)
    fig.suptitle(f"{update.program_name}: steering update to {date_text(update.as_of, year=True)}")
    return _png(fig)
