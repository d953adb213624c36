exec(open("benchmarks/rank8_probe/an.py").read())
for stat in ("min", "min2", "mean", "idfmean"):
    for a in (0.1, 0.25, 0.5, 1.0):
        r, p = cv_full("ms_b", (0.0,), stat, (a,))
        w, t = whole("ms_b", 0.0, stat, a)
        print(f"{stat:7s} a={a:<4} CV in-ref {r['in_refused']:.1%} oos-ref {r['out_refused']:.0%} hit1 {r['hit@1']:.3f} | whole t={t:.2f}: "
              + " | ".join(f"{k} in {v['in_refused']:.1%} oos {v['out_refused']:.0%}" for k, v in w.items()))
    r, p = cv_full("ms_b", (0.0,), stat, (0.0, 0.1, 0.25, 0.5, 1.0))
    print(f"{stat} a in folds: CV in-ref {r['in_refused']:.1%} oos-ref {r['out_refused']:.0%} picks {[(x[1], float(x[2])) for x in p]}")
