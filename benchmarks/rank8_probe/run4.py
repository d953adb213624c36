exec(open("benchmarks/rank8_probe/an.py").read())
def order2(r, w, var, drop):
    sig = r["sig"]; live = sig.live
    z = {k: _zscore(v, live) for k, v in sig.per.items()}
    wt = {"chunk": 1.0, "sentence": 1.0}
    wt[drop] = 1.0 - w
    s = wt["chunk"] * z["chunk"] + wt["sentence"] * z["sentence"] + 0.75 * z["bm25"] + 0.25 * z["pack_bm25"] + r["lay_add"]
    ms = r[var]; ms = np.where(np.isnan(ms), np.nanmin(ms), ms)
    s = s + w * _zscore(ms, live)
    s = np.where(live, s, -np.inf)
    return [key_of[x] for x in np.argsort(-s) if live[x] and x in key_of]
for var in ("ms_p", "ms_b", "ms_idf"):
    for drop in ("chunk", "sentence"):
        for w in (0.5, 1.0):
            res = []
            for name, (cs, rs) in sets.items():
                sc = score(cs, [Outcome(order2(r, w, var, drop), r["evidence"] < 0.35) for r in rs])
                res.append(f"{name} {sc['hit@1']:.3f}/{sc['hit@3']:.3f}/{sc['MRR']:.3f}")
            print(f"{var} shift {drop} w={w}: " + " | ".join(res))
        cases, rows = sets["dev"]
        outs, idx, picks = [], [], []
        for test in folds(cases):
            train = [i for i in range(len(cases)) if i not in set(test)]
            sub = [cases[i] for i in train]
            w = max((0.0, 0.25, 0.5, 0.75, 1.0), key=lambda w: score(sub, [Outcome(order2(rows[i], w, var, drop), False) for i in train])["MRR"])
            picks.append(w); idx += test
            outs += [Outcome(order2(rows[i], w, var, drop), rows[i]["evidence"] < 0.35) for i in test]
        sc = score([cases[i] for i in idx], outs)
        print(f"   CV {sc['hit@1']:.3f}/{sc['hit@3']:.3f}/{sc['MRR']:.3f} picks {picks}")
