"""Retrieval quality over ../shared/eval/retrieval_dev.yaml: BM25 only, dense only and the shipped retriever.

Run: python benchmarks/bench_retrieval.py [--eval PATH] [--bok DIR] [--show-misses]

A hit is the expected file and one of the expected section headings. Ranks count distinct
(file, section) pairs, the way a reader sees citations; knowledge-pack passages never count as hits.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import SHARED, isolated_settings, table, verdict  # noqa: E402

TARGETS = {"hit@1": 0.90, "hit@3": 0.97}


def ranked_sections(chunks, order) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for i in order:
        key = (chunks[i].source, chunks[i].section)
        if key not in seen:
            seen.append(key)
    return seen


def evaluate(cases, rank_fn) -> dict:
    """rank_fn(question) -> (list of (source, section) best first, abstained)."""
    hit1 = hit3 = rr = 0.0
    in_scope = out_scope = abstain_ok = wrong_abstain = 0
    misses = []
    for case in cases:
        ranked, abstained = rank_fn(case["q"])
        if case.get("abstain"):
            out_scope += 1
            abstain_ok += abstained
            if not abstained:
                misses.append((case["q"], "answered an out-of-scope question", ranked[:1]))
            continue
        in_scope += 1
        wrong_abstain += abstained
        want = {(case["source"], s) for s in case["sections"]}
        rank = next((n for n, key in enumerate(ranked, 1) if key in want), None)
        if abstained:
            rank = None
        hit1 += rank == 1
        hit3 += rank is not None and rank <= 3
        rr += 1.0 / rank if rank else 0.0
        if rank != 1:
            misses.append((case["q"], f"rank {rank}" + (" (abstained)" if abstained else ""), ranked[:3]))
    return {
        "hit@1": hit1 / in_scope,
        "hit@3": hit3 / in_scope,
        "MRR": rr / in_scope,
        "abstain": f"{abstain_ok}/{out_scope} out-of-scope abstained, {wrong_abstain}/{in_scope} in-scope abstained",
        "abstain_ok": abstain_ok == out_scope and wrong_abstain == 0,
        "misses": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=SHARED / "eval" / "retrieval_dev.yaml")
    parser.add_argument("--bok", type=Path, default=SHARED / "bok")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if not args.eval.exists() or not args.bok.is_dir():
        print(f"needs {args.eval} and {args.bok}: the development set and the BoK articles", file=sys.stderr)
        return 2
    cases = yaml.safe_load(args.eval.read_text())["cases"]

    from bot.services import Services
    from knowledge.text import terms

    services = Services(isolated_settings())
    services.index.index_paths([args.bok])
    retriever = services.index.retriever()
    corpus = retriever.corpus
    chunks = corpus.chunks
    bok = np.array([c.kind in ("bok", "doc") for c in chunks])

    def bm25_only(q):
        scores = np.where(bok, corpus.bm25(terms(q)), 0)
        order = [i for i in np.argsort(-scores) if scores[i] > 0]
        return ranked_sections(chunks, order), not order

    def dense_only(q):
        sims = np.where(bok, corpus.dense.similarities(services.index.embed_query(q), bok), -np.inf)
        order = list(np.argsort(-sims))
        return ranked_sections(chunks, order), float(sims[order[0]]) < 0.3

    def shipped(q):
        result = services.answerer.retrieve(q)
        return ranked_sections([h.chunk for h in result.hits], range(len(result.hits))), result.abstained

    results = {name: evaluate(cases, fn) for name, fn in [("BM25 only", bm25_only), ("dense only", dense_only), ("shipped (hybrid)", shipped)]}
    rows = []
    for name, r in results.items():
        rows.append([name, f"{r['hit@1']:.2f}", f"{r['hit@3']:.2f}", f"{r['MRR']:.2f}", r["abstain"]])
    ship = results["shipped (hybrid)"]
    rows.append([
        "target (shipped)", f"≥ {TARGETS['hit@1']:.2f} {verdict(ship['hit@1'] >= TARGETS['hit@1'])}",
        f"≥ {TARGETS['hit@3']:.2f} {verdict(ship['hit@3'] >= TARGETS['hit@3'])}", "",
        f"all out-of-scope abstained, none in-scope {verdict(ship['abstain_ok'])}",
    ])
    table(f"Retrieval quality, {len(cases)} dev questions ({len(chunks)} passages indexed)",
          ["retriever", "hit@1", "hit@3", "MRR", "abstention"], rows)
    if args.show_misses:
        for name, r in results.items():
            for q, why, top in r["misses"]:
                print(f"[{name}] {why}: {q}\n      top: {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
