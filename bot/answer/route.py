"""Evidence beside the intent bank's router: is the program's records' text, or the BoK's, the nearer match?

The router (bot/answer/intent.py) reads the question alone, fitted on a bank whose method questions are cleaner than
the ones people type in a program's channel ("the model has been nearly done for three sprints, should I worry?"
reads like a status question). Two more readings of the same question vector, both about the texts rather than the
wording, move its score:

- how much nearer the program's indexed records (stand-ups, decisions, debt, findings) are than the BoK and the pack
  (best dense similarity of each, their difference less an offset, times a weight);
- the scope model (knowledge/scope.py): a question that reads strongly like one no text answers (a salary, the
  weather, a vendor's price) is not the records' to answer either, so it goes to the BoK side, which says plainly
  what it does not cover.

A use case's, a person's or a record's name in the question (bot/answer/names.py, exact) keeps the program side: the
evidence can then only add to the router's score. Knobs chosen leave-one-set-out over the own program question sets
and the retrieval sets, the scope model refitted without the set left out, under the rule that no training program
set loses more than one question and the bank's program questions no more than four (benchmarks/bench_route.py's
docstring has the figures).
"""

from __future__ import annotations

RECORD_WEIGHT = 0.25  # weight of (records' best similarity - BoK's best similarity - RECORD_OFFSET) in the router's score
RECORD_OFFSET = 0.15  # how much nearer the records must be before they add to the program side (since the router took its terms at 0.5, bench_route's all-sets pick is 0.10: 306 against 305 of 342, one question, so left)
SCOPE_VETO = 1.5  # a scope score above this (the texts leave it open) keeps a question without names off the records


def evidence(records: float | None, bok: float, scope: float | None, named: bool, weight: float = RECORD_WEIGHT,
             offset: float = RECORD_OFFSET, veto: float = SCOPE_VETO) -> float:
    """What the texts add to the router's score (negative: towards the BoK); -inf when the question is out of scope.

    `records` is None when the program's records are not indexed (then only the scope model speaks)."""
    if not named and scope is not None and scope > veto:
        return float("-inf")
    moved = weight * (records - bok - offset) if records is not None else 0.0
    return max(moved, 0.0) if named else moved


def about_the_program(margin: float, records: float | None, bok: float, scope: float | None, named: bool) -> bool:
    """Whether the records answer the question: the router's margin (bot/answer/intent.py, 0 at its threshold) with the
    texts' evidence added."""
    return margin + evidence(records, bok, scope, named) > 0
