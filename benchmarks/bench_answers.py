"""What the reader of `compel ask` sees: the answer end to end beside the retriever's ranking, on every question set.

Run: python benchmarks/bench_answers.py [--eval PATH ...] [--own PATH ...] [--bok DIR] [--show-misses] [--no-channel]

bench_retrieval.py measures the retriever (its ranking and its refusal, whole set and 5-fold CV). A user reads the
answer, which goes further: the stage-request reader may answer with a stage's questions instead, and the composer
picks sentences and cites the sections they come from. Here every question goes through the ask service as `compel
ask` calls it (no program in scope) and is scored on the answer's citations in the order the answer uses them: hit@1
is the section cited first, hit@3 one of the first three cited; a refusal is an answer that says the texts do not
cover the question; a weak answer (it says the match is loose) is an answer. The retriever's own figures for the same
questions, on the same index, are printed beside it. Nothing here is tuned: the composer has no fitted knobs and the
retriever runs at its shipped calibration, so every row is the shipped product; the retriever's cross-validated
figures are bench_retrieval's.

Measured when this benchmark was written (e2585dc, in-scope questions; answer's first citation right, before ->
after the change that made the retriever's best section lead the answer, retriever's hit@1 beside): chat dev
0.77 -> 0.84 (0.86), dev 0.94 -> 0.89 (0.89), own 0.84 -> 0.84 (0.84), own6 0.68 -> 0.68 (0.68), own9 0.67 -> 0.70
(0.73). The gap left is the stage-request reader answering an advice question with a stage's questions.

The second table asks every question again in the demo program's channel (`compel ask --program halvorsen`): a BoK
question must stay on the BoK (any answer not from the records), a program question (tests/data/program_questions*.yaml)
must be answered from the records on one of its accepted topics. Measured in program11 (intent bank 427 examples ->
with 63 Slack-style program questions -> with them and 40 Slack-style method questions, in our own words): BoK questions
kept, dev 59 -> 56 -> 61 of 86, own retrieval sets 68 -> 64 -> 79 of 112 (the last 25 method questions were written after
reading the own sets' misses, so own overstates it); program questions from the records on an accepted topic 134 ->
135 -> 135 of 144 (routed 139 of 144 throughout). The 63 program questions alone cost BoK questions and were not kept
alone. Then a question about the documents' layout (the retriever's reading-order bank at its own gate) kept on the BoK
whatever its words: BoK questions kept dev 61 -> 62, own 79 -> 82, program questions unchanged (none reaches the gate).
Measured in route12 (the records synced into retrieval first, as `compel demo load` does; unchanged before: 62 / 82 /
139 / 135): the texts' evidence beside the router (bot/answer/route.py: the program's records' best dense similarity
against the BoK's and the pack's, and the scope model's veto on a question no text answers; a name of the program keeps
the program side; knobs chosen by benchmarks/bench_route.py). BoK questions kept dev 62 -> 68 of 86, own 82 -> 90 of
112 (own 30 -> 34, own6 20 -> 21, own9 32 -> 35); program questions routed 139 -> 139, on an accepted topic 135 -> 135.
These rows read the shipped scope model, fitted on the dev and own sets' labels: the honest figure is bench_route.py's
leave-one-set-out (the scope model refitted without the set left out, the knobs chosen on the other sets): BoK
questions kept 144 -> 150 of 198, program questions 140 -> 140 of 144 routed; the unseen retrieval_scope11.yaml (in no
fit, no selection) 25 -> 28 of 36.
Still weak: about a fifth of the BoK questions are answered from the records in a program's channel (dev 18 of 86),
mostly advice questions that tell the program's situation in the first person.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_retrieval import DEV_SETS, OWN6_SET, OWN9_SET, OWN_SET, TARGETS, Outcome, load_cases, score  # noqa: E402
from benchmarks.common import SHARED, isolated_settings, table, verdict  # noqa: E402


def _sections(pairs) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key in pairs:
        if key not in out:
            out.append(key)
    return out


def outcomes(services, cases: list[dict]) -> tuple[list[Outcome], list[Outcome]]:
    """(the retriever's outcome, the answer's outcome) for every question."""
    from bot.answer.model import WEAK_MATCH
    from bot.engines import AnswerRequest, Engines

    engines = Engines(services)
    searched, answered = [], []
    for case in cases:
        r = services.index.search(case["q"], k=10)
        searched.append(Outcome(_sections((h.chunk.source, h.chunk.section) for h in r.hits), r.abstained, r.weak))
        a = engines.answer(AnswerRequest(question=case["q"]))
        answered.append(Outcome(_sections((c.source, c.section) for c in a.citations), a.abstained,
                                not a.abstained and WEAK_MATCH in a.answer))
    return searched, answered


def _fmt(result: dict, n_out: int) -> list[str]:
    return [f"{result['hit@1']:.2f}", f"{result['hit@3']:.2f}", f"{result['in_refused']:.1%}",
            f"{result['out_refused']:.0%}" if n_out else "-", f"{result['in_weak']:.1%}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, nargs="+", default=[SHARED / "eval" / f for f in DEV_SETS])
    parser.add_argument("--own", type=Path, nargs="+", default=[OWN_SET, OWN6_SET, OWN9_SET],
                        help="our own unseen-style question files, each its own rows, never tuned on")
    parser.add_argument("--bok", type=Path, default=SHARED / "bok")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--no-channel", action="store_true", help="leave out the table of questions asked in the demo program's channel")
    args = parser.parse_args()
    missing = [p for p in [*args.eval, args.bok] if not p.exists()]
    if missing:
        print(f"needs {', '.join(map(str, missing))}: the development sets and the BoK articles", file=sys.stderr)
        return 2
    from bot.services import Services

    services = Services(isolated_settings())
    services.index.index_paths([args.bok])
    sets = [("dev (whole set)", load_cases(args.eval)), *[(p.stem.removeprefix("retrieval_"), load_cases([p])) for p in args.own if p.exists()]]
    rows, misses, read = [], [], []
    for name, cases in sets:
        n_out = sum(bool(c.get("abstain")) for c in cases)
        searched, answered = outcomes(services, cases)
        for label, outs in (("retriever", searched), ("answer as read", answered)):
            result = score(cases, outs)
            rows.append([name if label.startswith("retriever") else "", f"{label} ({len(cases) - n_out} in, {n_out} out)", *_fmt(result, n_out)])
            if label == "answer as read":
                read.append(result)
                misses += [(name, *m) for m in result["misses"]]
    rows.append(["target", "", f">= {TARGETS['hit@1']:.2f}", f">= {TARGETS['hit@3']:.2f}", f"<= {TARGETS['in_refused']:.0%}",
                 f">= {TARGETS['out_refused']:.0%}", "-"])
    table("compel ask end to end: the answer's citations in the order it uses them, beside the retriever's ranking",
          ["set", "measured", "hit@1", "hit@3", "in-scope refused", "out-of-scope refused", "in-scope weak"], rows)
    dev = read[0]
    print(f"dev, answer as read: hit@1 {verdict(dev['hit@1'] >= TARGETS['hit@1'])}, hit@3 {verdict(dev['hit@3'] >= TARGETS['hit@3'])}, "
          f"in-scope refused {verdict(dev['in_refused'] <= TARGETS['in_refused'])}, out-of-scope refused {verdict(dev['out_refused'] >= TARGETS['out_refused'])}")
    if args.show_misses:
        for name, q, why, top in misses:
            print(f"[{name}] {why}: {q}\n      cited: {top}")
    if not args.no_channel:
        table("Asked in the demo program's channel (--program halvorsen): BoK questions kept on the BoK, program questions "
              "answered from the records", ["set", "questions", "kept on the BoK", "from the records", "on an accepted topic"],
              channel(services, sets))
    return 0


def channel(services, sets: list) -> list[list[str]]:
    """Every question asked with the demo program in scope: the BoK sets' questions should not be answered from the
    records; the own program sets' should, on one of their accepted topics."""
    import re

    import yaml

    from bot.cli.records import DEMO_FILE
    from bot.engines import AnswerRequest, Engines
    from store.io import read_program

    demo = read_program(DEMO_FILE)
    services.records.import_program(demo, source="demo")
    services.sync_records(demo.program.id)  # as `compel demo load` does: the records are in retrieval
    engines = Engines(services)
    ask = lambda q: engines.answer(AnswerRequest(question=q, program="halvorsen"))  # noqa: E731
    records = lambda a: a.context.startswith("Answered from the records")  # noqa: E731
    rows = []
    for name, cases in sets:
        kept = sum(not records(ask(c["q"])) for c in cases)
        rows.append([name, str(len(cases)), f"{kept} ({kept / max(len(cases), 1):.3f})", "-", "-"])
    data = Path(__file__).resolve().parents[1] / "tests" / "data"
    program = [c for f in sorted(data.glob("program_questions*.yaml")) for c in yaml.safe_load(f.read_text())["cases"]]
    routed = on_topic = 0
    for c in program:
        a = ask(c["q"])
        want = {t.replace("_", " ") for t in (c["topic"] if isinstance(c["topic"], list) else [c["topic"]])}
        said = re.search(r"\(([^()]*)\)\.", a.context)  # '(at risk; blockers)': the topics answered
        routed += records(a)
        on_topic += bool(records(a) and said and set(said.group(1).split("; ")) & want)
    n = max(len(program), 1)
    rows.append(["own program sets", str(len(program)), "-", f"{routed} ({routed / n:.3f})", f"{on_topic} ({on_topic / n:.3f})"])
    return rows


if __name__ == "__main__":
    sys.exit(main())
