exec(open("benchmarks/rank8_probe/an.py").read())
print("shipped reproduction:")
r, t = whole("ms_b", 0.0, t=0.35)
for k, v in r.items(): print("  ", k, f(v))
r, p = cv_full("ms_b", (0.0,)); print("   CV", f(r), p)
for var in ("ms_p", "ms_w", "ms_b", "ms_idf"):
    for grid in ((0.0, 0.25, 0.5, 0.75, 1.0), (0.0, 0.5)):
        r, p = cv_full(var, grid)
        print(var, grid, "CV", f(r), [x[0] for x in p])
    for w in (0.25, 0.5, 0.75, 1.0):
        r, t = whole(var, w, t=0.35)
        print(f"   {var} w={w} whole: " + " | ".join(f"{k} {f(v)}" for k, v in r.items()))
