import pickle, sys, numpy as np
sys.path.insert(0, "/work/wt-rank8")
from benchmarks.bench_retrieval import folds, score, Outcome, _pick, THRESHOLDS
from knowledge.retrieve import _zscore
D = pickle.load(open("/tmp/rank8_rows.pkl", "rb"))
key_of = D["key_of"]
sets = {"dev": (D["cases"], D["dev"]), "own": (D["own_cases"], D["own"]), "own6": (D["own6_cases"], D["own6"])}

def order(r, w, var):
    sig = r["sig"]; live = sig.live
    z = {k: _zscore(v, live) for k, v in sig.per.items()}
    s = z["chunk"] + z["sentence"] + 0.75 * z["bm25"] + 0.25 * z["pack_bm25"] + r["lay_add"]
    if w:
        ms = r[var]; ms = np.where(np.isnan(ms), np.nanmin(ms), ms)
        s = s + w * _zscore(ms, live)
    s = np.where(live, s, -np.inf)
    return [key_of[x] for x in np.argsort(-s) if live[x] and x in key_of]

def ev(r, stat, a, pen=0.075):
    cov = np.sort(r["cov"])
    st = {"min": cov[0], "min2": cov[:2].mean(), "mean": cov.mean(), "none": 0.0,
          "idfmean": float((r["idf"] / r["idf"].sum()) @ r["cov"]) if r["idf"].sum() > 0 else cov.mean()}[stat]
    return r["evidence"] + a * st

# 1) ranking with full refusal (shipped threshold 0.35) -> CV by weight in folds, with shipped evidence & thresholds tuned
def cv_full(var, wgrid, stat="none", agrid=(0.0,)):
    cases, rows = sets["dev"]
    outs, idx, picks = [], [], []
    for test in folds(cases):
        train = [i for i in range(len(cases)) if i not in set(test)]
        sub = [cases[i] for i in train]
        w = max(wgrid, key=lambda w: score(sub, [Outcome(order(rows[i], w, var), False) for i in train])["MRR"])
        best = max(((_pick(sub, [ev(rows[i], stat, a) for i in train]), a) for a in agrid), key=lambda x: x[0][1])
        (t, _), a = best
        picks.append((w, a, t))
        idx += test
        outs += [Outcome(order(rows[i], w, var), ev(rows[i], stat, a) < t) for i in test]
    return score([cases[i] for i in idx], outs), picks

def whole(var, w, stat="none", a=0.0, t=None):
    res = {}
    cases, rows = sets["dev"]
    if t is None:
        t = _pick(cases, [ev(r, stat, a) for r in rows])[0]
    for name, (cs, rs) in sets.items():
        res[name] = score(cs, [Outcome(order(r, w, var), ev(r, stat, a) < t) for r in rs])
    return res, t

def f(r): return f"{r['hit@1']:.3f}/{r['hit@3']:.3f}/{r['MRR']:.3f} in-ref {r['in_refused']:.1%} oos-ref {r['out_refused']:.0%}"
