"""Ways of reading decisions and pillars measured beside the shipped ones (bot.understand), each figure per set.

1. An update-level decision model: a logistic regression over the whole update's and each clause's meaning (nearness
   to the bank's "choice:yes" against its "choice:no" examples: the clauses' highest and mean, and the mean clause
   vector's), the situation prior of its open issues, and exact cues (an ask, an option laid out, a date moved, a
   figure on the wrong side of its bound, money, a fix, work done, risk, negation, "still"). Fitted on the bank's
   choice examples (as one-clause updates) plus four folds of dev, scored on the fifth (5-fold CV), against today's
   per-clause rule (bot.understand.analyse.Understander._issue). Unseen columns are shown for the fit on all of dev.
2. Pillars by the clause's meaning, a second way: a pillar where at least m of the k nearest situation examples'
   situations name it, added to the shipped pillars (situation defaults, named bodies, glossary terms, the nearest
   "pillar:" examples). Recall and precision per set; the shipped reading without its meaning pillars beside it.

Measured by understand7 (2026-12-02), not shipped: the decision model reaches 97 % on dev CV against the rule's
100 % (one dev update lost in every setting of C); the pillar vote leaves dev recall at 100 % and lowers dev precision
from 74 % to 71 %. Unseen figures are information only; nothing here was chosen on them.

Run: python benchmarks/bench_understand_methods.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from bot.understand import Understander  # noqa: E402
from bot.understand.bank import CHOICE_PREFIX, bank, bank_vectors, situation_rows, situations  # noqa: E402
from knowledge.glossary import load_glossary  # noqa: E402

DEV = [ROOT.parent / "shared" / "eval" / "translate_dev.yaml", ROOT.parent / "shared" / "eval" / "translate_more_dev.yaml"]
UNSEEN = {name or "own": ROOT / "tests" / "data" / f"translate_unseen{name and '_' + name}.yaml"
          for name in ("", "new", "blind", "t5", "u5", "u6", "c6", "u7")}
PRIOR = {True: 1.0, "if_choice": 0.5, False: 0.0}
CUES = ("asks", "option", "date_moved", "slip", "compared_worse", "money", "amount", "resolved", "done", "risk", "negated", "still")


def _cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def decision_features(u: Understander, text: str) -> tuple[np.ndarray, bool]:
    """One update's decision features and the shipped rule's answer."""
    known = situations()
    a = u.analyse(text)
    clauses = u._split(text)
    model_texts = [u._model_text(c.text) for c in clauses]
    near = u._meaning_choice(u.embed(model_texts))
    mean = u.embed(model_texts).mean(0)
    whole = u._meaning_choice((mean / (np.linalg.norm(mean) + 1e-9))[None, :])[0]
    cues = {q for c in clauses for q in c.cues}
    open_ = [i for i in a.issues if i.polarity == "open"]
    prior = max([PRIOR[known[i.situation].decision] for i in open_] or [0.0])
    return np.array([max(near), float(np.mean(near)), whole, prior, float(bool(open_)),
                     *(float(q in cues) for q in CUES)]), a.decision


def decision_model(u: Understander) -> list[tuple[str, str, str]]:
    """Per set: the update-level model's and the rule's decision accuracy."""
    from sklearn.linear_model import LogisticRegression

    def rows(cases):
        got = [decision_features(u, c["text"]) for c in cases]
        return np.array([g[0] for g in got]), np.array([g[1] for g in got]), np.array([bool(c["decision"]) for c in cases])

    b = bank()
    choice = [{"text": t, "decision": lab == CHOICE_PREFIX + "yes"} for t, lab in zip(b.texts, b.labels) if lab.startswith(CHOICE_PREFIX)]
    xb, _, yb = rows(choice)
    xd, rd, yd = rows([c for p in DEV for c in _cases(p)])
    out = []
    for c_reg in (0.3, 1.0, 3.0):
        pred = np.zeros(len(yd), bool)
        for n in range(5):
            test = np.arange(len(yd)) % 5 == n
            fit = LogisticRegression(C=c_reg, max_iter=2000).fit(np.vstack([xb, xd[~test]]), np.concatenate([yb, yd[~test]]))
            pred[test] = fit.predict(xd[test])
        out.append((f"dev 5-fold CV (C={c_reg})", f"{np.mean(pred == yd):.0%}", f"{np.mean(rd == yd):.0%}"))
    fit = LogisticRegression(C=1.0, max_iter=2000).fit(np.vstack([xb, xd]), np.concatenate([yb, yd]))
    out.append(("dev whole set", f"{np.mean(fit.predict(xd) == yd):.0%}", f"{np.mean(rd == yd):.0%}"))
    for name, path in UNSEEN.items():
        if path.is_file():
            x, r, y = rows(_cases(path))
            out.append((f"{name} unseen ({len(y)})", f"{np.mean(fit.predict(x) == y):.0%}", f"{np.mean(r == y):.0%}"))
    return out


def pillar_methods(u: Understander) -> list[tuple[str, ...]]:
    """Per set: pillar recall/precision, shipped, shipped without meaning pillars, shipped plus the situation vote."""
    known = situations()
    rows, labels = situation_rows(np.asarray(bank_vectors(u.embed), np.float32), bank().labels)
    bare = Understander(u.glossary)
    bare.classifier  # built, then its meaning pillars taken away
    bare._pillar_classifier = None

    def vote(text: str, k: int = 5, m: int = 3) -> set[str]:
        got: set[str] = set()
        for sims in u.embed([u._model_text(c.text) for c in u._split(text)]) @ rows.T:
            votes: dict[str, int] = {}
            for i in np.argsort(-sims)[:k]:
                for p in known[labels[i]].pillars:
                    votes[p] = votes.get(p, 0) + 1
            got |= {p for p, n in votes.items() if n >= m}
        return got

    def rate(reader, cases, extra=None) -> str:
        found = reader.analyse_many([c["text"] for c in cases])
        hit = total = named = 0
        for a, c in zip(found, cases):
            p = set(a.pillars) | (extra(c["text"]) if extra else set())
            hit, total, named = hit + len(set(c["pillars"]) & p), total + len(c["pillars"]), named + len(p)
        return f"{hit / total:.0%} / {hit / max(1, named):.0%}"

    sets = {"dev (36)": [c for p in DEV for c in _cases(p)]}
    sets |= {f"{n} unseen": _cases(p) for n, p in UNSEEN.items() if p.is_file()}
    return [(name, rate(u, cases), rate(bare, cases), rate(u, cases, vote)) for name, cases in sets.items()]


def main() -> int:
    u = Understander(load_glossary())
    print("Decision right: update-level model | per-clause rule (shipped)")
    for name, model, rule in decision_model(u):
        print(f"  {name:28} {model:>6} | {rule:>6}")
    print("Pillar recall / precision: shipped | without meaning pillars | shipped + nearest-situation vote (k=5, m=3)")
    for name, *cells in pillar_methods(u):
        print(f"  {name:16} " + " | ".join(f"{c:>11}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
