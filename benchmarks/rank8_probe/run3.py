exec(open("benchmarks/rank8_probe/an.py").read())
def auc(ins, outs):
    ins, outs = np.asarray(ins), np.asarray(outs)
    return float(np.mean([(i > o) + 0.5 * (i == o) for i in ins for o in outs]))
def stat(r, s):
    cov = np.sort(r["cov"])
    return {"min": cov[0], "min2": cov[:2].mean(), "mean": cov.mean(), "ev": r["evidence"], "q25": np.quantile(cov, .25),
            "idfmean": float((r["idf"] / r["idf"].sum()) @ r["cov"]) if r["idf"].sum() > 0 else cov.mean(),
            "idfmin": float(r["cov"][np.argmax(r["idf"])]),
            "topsec": float(np.nanmax(r["ms_b"])),
            }[s]
for s in ("ev", "min", "min2", "q25", "mean", "idfmean", "idfmin", "topsec"):
    line = []
    for name, (cs, rs) in sets.items():
        ins = [stat(r, s) for c, r in zip(cs, rs) if not c.get("abstain")]
        outs = [stat(r, s) for c, r in zip(cs, rs) if c.get("abstain")]
        line.append(f"{name} AUC {auc(ins, outs):.2f}")
    print(f"{s:8s}", "  ".join(line))
# residual: OOS not refused by shipped evidence (ev >= 0.35) vs in-scope with ev >= 0.35
print("\nAmong questions the shipped evidence lets through (ev >= 0.35): AUC of each stat, in vs out")
for s in ("min", "min2", "q25", "mean", "idfmean", "idfmin", "topsec"):
    line = []
    for name, (cs, rs) in sets.items():
        ins = [stat(r, s) for c, r in zip(cs, rs) if not c.get("abstain") and r["evidence"] >= 0.35]
        outs = [stat(r, s) for c, r in zip(cs, rs) if c.get("abstain") and r["evidence"] >= 0.35]
        line.append(f"{name} n_out {len(outs)} AUC {auc(ins, outs) if outs else float('nan'):.2f}")
    print(f"{s:8s}", "  ".join(line))
# convex mixes, threshold over a finer wider grid
import benchmarks.bench_retrieval as B
B.THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.10, 0.80, 0.005))
from benchmarks.bench_retrieval import _pick as P2
print("\nconvex mix (1-a)*ev + a*stat, threshold tuned in folds (wider grid)")
for s in ("min2", "mean", "idfmean", "topsec"):
    for a in (0.0, 0.2, 0.4, 0.6, 1.0):
        cases, rows = sets["dev"]
        e = [(1 - a) * r["evidence"] + a * stat(r, s) for r in rows]
        refused = {}
        for test in folds(cases):
            train = [i for i in range(len(cases)) if i not in set(test)]
            t = P2([cases[i] for i in train], [e[i] for i in train])[0]
            for i in test: refused[i] = e[i] < t
        nin = sum(not c.get("abstain") for c in cases)
        cv_in = sum(refused[i] for i, c in enumerate(cases) if not c.get("abstain")) / nin
        cv_out = sum(refused[i] for i, c in enumerate(cases) if c.get("abstain")) / (len(cases) - nin)
        t = P2(cases, e)[0]
        res = []
        for name, (cs, rs) in sets.items():
            ee = [(1 - a) * r["evidence"] + a * stat(r, s) for r in rs]
            ni = [x < t for x, c in zip(ee, cs) if not c.get("abstain")]
            no = [x < t for x, c in zip(ee, cs) if c.get("abstain")]
            res.append(f"{name} in {np.mean(ni):.1%} oos {np.mean(no):.0%}")
        print(f"  {s:8s} a={a}: CV in {cv_in:.1%} oos {cv_out:.0%} | whole t={t:.3f} " + " | ".join(res))
