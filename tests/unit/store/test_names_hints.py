"""An unknown use case names what it may have meant: a near miss, a name holding the words typed, or the known ones by name."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.errors import NotFoundError
from store.names import KNOWN_SHOWN, find_use_case


@dataclass
class Case:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)


CASES = [Case("uc-claims", "Insurance claim photo review", ["photo review"]), Case("uc-quote", "Freight quote pricing"),
         Case("uc-hr", "Leave request triage")]


def _refusal(wanted: str, cases=CASES) -> str:
    with pytest.raises(NotFoundError) as exc:
        find_use_case(cases, "Prog", wanted)
    return exc.value.message


def test_words_inside_a_long_name_point_to_it():
    assert _refusal("claim photo").endswith("Closest: Insurance claim photo review.")
    assert _refusal("quote pricing").endswith("Closest: Freight quote pricing.")


def test_a_short_fragment_is_not_enough_to_suggest():
    assert "Closest" not in _refusal("re")


def test_the_known_list_gives_names_and_stays_one_line():
    assert _refusal("payroll") == ("No use case 'payroll' in Prog. Known: Insurance claim photo review, Freight quote pricing, "
                                   "Leave request triage.")
    many = [Case(f"uc-{n:03d}", f"Model {n}") for n in range(40)]
    line = _refusal("payroll", many)
    assert "\n" not in line and line.count("Model ") == KNOWN_SHOWN and "uc-" not in line and line.endswith("and 30 more (`compel status` lists them all).")


def test_an_exact_name_or_alias_still_finds_the_case():
    assert find_use_case(CASES, "prog", "photo review").id == "uc-claims"
    assert find_use_case(CASES, "prog", "LEAVE REQUEST TRIAGE").id == "uc-hr"
