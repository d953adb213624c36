"""rank8's probe: token-level late interaction (ColBERT-style MaxSim) with the MiniLM token states, as a ranking signal
and as abstention evidence, measured under the bench's 5-fold CV. Scratch measurement code, not the product.

Run: python benchmarks/maxsim_probe.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.bench_retrieval import (  # noqa: E402
    DEV_SETS, OWN6_SET, OWN_SET, SHARED, folds, load_cases, ranked_sections, score, Outcome,
)
from benchmarks.common import isolated_settings  # noqa: E402
from knowledge.text import STOPWORDS  # noqa: E402


def content_rows(text: str, enc) -> list[int]:
    """Rows of the encoding that are word pieces of content words (no specials, punctuation, stop words)."""
    rows = []
    words = {}
    for row, (wid, (a, b)) in enumerate(zip(enc.word_ids, enc.offsets)):
        if wid is None:
            continue
        words.setdefault(wid, [a, b, []])
        words[wid][1] = b
        words[wid][2].append(row)
    for a, b, rs in words.values():
        w = text[a:b].lower()
        if not any(ch.isalnum() for ch in w) or w in STOPWORDS or len(w) < 2:
            continue
        rows.extend(rs)
    return rows


class TokenStates:
    """Token states from the packed graph's last hidden states (the same forward pass that gives the mean-pooled vector)."""

    def __init__(self, model) -> None:
        from knowledge.onnx_forward import OnnxEncoder
        from knowledge.onnx_graph import PACKED_GRAPH_PATH

        self.model = model
        self.enc = OnnxEncoder(model)
        self.session = self.enc._session(PACKED_GRAPH_PATH)

    def states(self, text: str, content: bool = True, words_out: list | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(unit token states of the content word pieces, the mean-pooled unit vector)."""
        m = self.model
        with m._lock:
            enc = m.tokenizer.encode(text)
        ids = np.asarray(enc.ids, dtype=np.int64)
        n = len(ids)
        hidden = m.embed_tokens(ids, np.arange(n))[None]
        mask = np.ones((1, n, n), dtype=np.int32)
        x = self.session.run(None, {"hidden": hidden, "block_mask": mask})[0][0]
        pooled = x.mean(0)
        pooled /= np.linalg.norm(pooled)
        rows = content_rows(text, enc) if content else list(range(1, n - 1))
        if words_out is not None:
            spans = {}
            for wid, (a, b) in zip(enc.word_ids, enc.offsets):
                if wid is not None:
                    spans.setdefault(wid, [a, b])[1] = b
            words_out.extend(text[slice(*spans[enc.word_ids[r]])].lower() for r in rows)
        t = x[rows] if rows else x[1:2]
        t = t / np.linalg.norm(t, axis=1, keepdims=True)
        return t.astype(np.float32), pooled


def main() -> int:
    from bot.services import Services

    cases = load_cases([SHARED / "eval" / f for f in DEV_SETS])
    own = load_cases([OWN_SET])
    own6 = load_cases([OWN6_SET])
    services = Services(isolated_settings())
    t0 = time.perf_counter()
    services.index.index_paths([SHARED / "bok"])
    print(f"index {time.perf_counter() - t0:.1f}s")
    retriever = services.index.retriever()
    corpus = retriever.corpus
    chunks = corpus.chunks
    from knowledge.embeddings import local_embedder
    from knowledge.retrieve import window_texts

    ts = TokenStates(local_embedder())
    t0 = time.perf_counter()
    # token matrix per chunk: passage text (as embedded) and, separately, its sentence windows
    tok_pass, own_pass, tok_win, own_win = [], [], [], []
    drift = []
    for i, c in enumerate(chunks):
        if c.kind not in ("bok", "doc", "pack"):
            continue
        t, pooled = ts.states(c.context_text())
        drift.append(float(pooled @ corpus.dense.matrix[i]))
        tok_pass.append(t)
        own_pass.append(np.full(len(t), i))
        for s in window_texts(c):
            t, _ = ts.states(s)
            tok_win.append(t)
            own_win.append(np.full(len(t), i))
    P, Po = np.vstack(tok_pass), np.concatenate(own_pass)
    W, Wo = np.vstack(tok_win), np.concatenate(own_win)
    print(f"token states {time.perf_counter() - t0:.1f}s; passage tokens {len(P)}, window tokens {len(W)}; "
          f"pooled parity min cos {min(drift):.5f}")
    sec = np.array([retriever.section_of(i) for i in range(len(chunks))])
    is_pack = np.array([c.kind == "pack" for c in chunks])

    def maxsim_per_section(qt: np.ndarray, T: np.ndarray, To: np.ndarray, rep: np.ndarray, n_sec: int):
        sims = qt @ T.T  # q x m
        keep = rep[To]
        sims = sims[:, keep]
        owners = sec[To[keep]]
        order = np.argsort(owners, kind="stable")
        owners_s = owners[order]
        starts = np.flatnonzero(np.r_[True, owners_s[1:] != owners_s[:-1]])
        best = np.maximum.reduceat(sims[:, order], starts, axis=1)  # q x sections present
        out = np.full(n_sec, np.nan)
        out[owners_s[starts]] = best.mean(0)
        # per query token: best over whole corpus (abstention evidence)
        return out, sims.max(1)

    def collect(qs):
        """Per question: the shipped per-section signals plus maxsim variants and token coverage."""
        mask = retriever.mask()
        rows = []
        for q in qs:
            sig = retriever.signals(q, mask)
            wl: list = []
            qt, _ = ts.states(q, words_out=wl)
            from knowledge.text import stem
            idf = np.array([corpus.idf(stem(w)) for w in wl]) if wl else np.ones(len(qt))
            ranking = retriever.rank(q, mask)
            lay = retriever.layout()
            lay_add = np.zeros(len(sig.live))
            if lay is not None:
                from knowledge.retrieve import _direction, _zscore as _z
                sims_l = lay[0] @ sig.qvec
                if float(sims_l.max()) >= 0.45:
                    lay_add = 2.0 * _z(retriever.section_roles()[_direction(sims_l, lay[1])], sig.live)
            n_sec = len(sig.live)
            rep = sig.rep
            ms_p, cov_p = maxsim_per_section(qt, P, Po, rep, n_sec)
            ms_w, cov_w = maxsim_per_section(qt, W, Wo, rep, n_sec)
            both = np.vstack([P, W]), np.concatenate([Po, Wo])
            ms_b, cov_b = maxsim_per_section(qt, *both, rep, n_sec)
            sims_all = qt @ both[0][rep[both[1]]].T
            best_sec = np.full((len(qt), n_sec), -1.0)
            np.maximum.at(best_sec.T, sec[both[1][rep[both[1]]]], sims_all.T)
            w_idf = idf / idf.sum() if idf.sum() > 0 else np.full(len(qt), 1 / len(qt))
            ms_idf = np.where(best_sec.max(0) > -1, w_idf @ best_sec, np.nan)
            rows.append(dict(sig=sig, ms_p=ms_p, ms_w=ms_w, ms_b=ms_b, ms_idf=ms_idf, cov=cov_b, ntok=len(qt), idf=idf,
                             words=wl, evidence=ranking.evidence, unknown=len(ranking.unknown), lay_add=lay_add,
                             best_sec=best_sec.astype(np.float32)))
        return rows

    t0 = time.perf_counter()
    dev_rows = collect([c["q"] for c in cases])
    own_rows = collect([c["q"] for c in own])
    own6_rows = collect([c["q"] for c in own6])
    print(f"collected {time.perf_counter() - t0:.1f}s")
    import pickle
    key_of0 = {}
    for i, c in enumerate(chunks):
        if c.kind != "pack":
            key_of0.setdefault(int(sec[i]), (c.source, c.section))
    with open("/tmp/rank8_rows.pkl", "wb") as fh:
        pickle.dump({"dev": dev_rows, "own": own_rows, "own6": own6_rows, "key_of": key_of0,
                     "cases": cases, "own_cases": own, "own6_cases": own6}, fh)

    if "--collect" in sys.argv:
        return 0
    from knowledge.retrieve import _zscore, Calibration

    cal = Calibration()

    def order_for(row, q, w, variant, mode="add"):
        sig = row["sig"]
        live = sig.live
        per = dict(sig.per)
        z = {k: _zscore(v, live) for k, v in per.items()}
        ms = row[variant]
        ms = np.where(np.isnan(ms), np.nanmin(ms), ms)
        zm = _zscore(ms, live)
        s = z["chunk"] + z["sentence"] + cal.lexical_weight * z["bm25"] + cal.pack_lexical_weight * z["pack_bm25"]
        if mode == "add":
            s = s + w * zm
        elif mode == "alone":
            s = zm
        elif mode == "replace_sentence":
            s = s - z["sentence"] + zm
        # layout questions as shipped
        lay = retriever.layout()
        if lay is not None and cal.layout_weight > 0:
            sims = lay[0] @ sig.qvec
            if float(sims.max()) >= cal.layout_gate:
                from knowledge.retrieve import _direction

                s = s + cal.layout_weight * _zscore(retriever.section_roles()[_direction(sims, lay[1])], live)
        s = np.where(live, s, -np.inf)
        secs = [int(x) for x in np.argsort(-s) if live[x]]
        # map section -> (source, section) via its first rep chunk
        return secs

    key_of = {}
    for i, c in enumerate(chunks):
        if not is_pack[i]:
            key_of.setdefault(int(sec[i]), (c.source, c.section))

    def ranked(secs):
        return [key_of[s] for s in secs if s in key_of]

    def evaluate(cs, rows, w, variant, mode="add"):
        outs = [Outcome(ranked(order_for(r, c["q"], w, variant, mode)), False) for c, r in zip(cs, rows)]
        return score(cs, outs)

    print("\nRanking (no refusals; in-scope only). hit@1 / hit@3 / MRR")
    for variant in ("ms_p", "ms_w", "ms_b"):
        for mode, ws in (("alone", (1,)), ("replace_sentence", (1,)), ("add", (0.0, 0.25, 0.5, 0.75, 1.0, 1.5))):
            for w in ws:
                line = []
                for cs, rows in ((cases, dev_rows), (own, own_rows), (own6, own6_rows)):
                    r = evaluate(cs, rows, w, variant, mode)
                    line.append(f"{r['hit@1']:.3f}/{r['hit@3']:.3f}/{r['MRR']:.3f}")
                print(f"  {variant} {mode:16s} w={w:<4} dev {line[0]}  own {line[1]}  own6 {line[2]}")

    # CV over the maxsim weight (ranking by MRR on train folds)
    print("\n5-fold CV, weight chosen on four folds by MRR")
    for variant in ("ms_p", "ms_w", "ms_b"):
        grid = (0.0, 0.25, 0.5, 0.75, 1.0)
        outs, order_idx, picks = [], [], []
        for test in folds(cases):
            train = [i for i in range(len(cases)) if i not in set(test)]
            def mrr(w):
                return score([cases[i] for i in train],
                             [Outcome(ranked(order_for(dev_rows[i], cases[i]["q"], w, variant)), False) for i in train])["MRR"]
            w = max(grid, key=mrr)
            picks.append(w)
            order_idx += test
            outs += [Outcome(ranked(order_for(dev_rows[i], cases[i]["q"], w, variant)), False) for i in test]
        r = score([cases[i] for i in order_idx], outs)
        print(f"  {variant}: CV {r['hit@1']:.3f}/{r['hit@3']:.3f}/{r['MRR']:.3f}, picks {picks}")

    # abstention evidence: per-question token coverage stats
    print("\nAbstention: coverage of the question's content tokens (best cosine to any corpus token)")
    def stats(cov):
        s = np.sort(cov)
        return {"min": s[0], "min2": s[:2].mean(), "mean": s.mean(), "q25": np.quantile(s, 0.25)}
    for name, cs, rows in (("dev", cases, dev_rows), ("own", own, own_rows), ("own6", own6, own6_rows)):
        for stat in ("min", "min2", "q25", "mean"):
            ins = [stats(r["cov"])[stat] for c, r in zip(cs, rows) if not c.get("abstain")]
            outs_ = [stats(r["cov"])[stat] for c, r in zip(cs, rows) if c.get("abstain")]
            # fraction of OOS below the 2nd percentile of in-scope (what a <=2% in-scope refusal could refuse)
            thr = np.quantile(ins, 0.02) if ins else 0
            sep = np.mean([o < thr for o in outs_]) if outs_ else float("nan")
            print(f"  {name:5s} {stat:5s} in {np.mean(ins):.3f} [{np.min(ins):.3f}..{np.max(ins):.3f}]  "
                  f"out {np.mean(outs_) if outs_ else float('nan'):.3f} "
                  f"[{(np.min(outs_) if outs_ else float('nan')):.3f}..{(np.max(outs_) if outs_ else float('nan')):.3f}]  "
                  f"OOS below in-scope 2nd pct: {sep:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
