"""Whether an "and" joins two statements or only two parts of one: an exact rule on figures and verbs."""

from __future__ import annotations

import re

# A figure, with its unit or sign: "2", "9 pods", "3.5%", "$40k", "v1.2".
_FIGURE_END = re.compile(r"(?:[$€£¥]?\d[\d.,]*\s?(?:%|k|K|m|M|ms|s|x)?|\bv\d[\w.]*)\s*$")
_FIGURE_START = re.compile(r"^\s*(?:[$€£¥]?\d|v\d)")
# Words that make what follows a statement of its own: the closed class of auxiliaries, modals and the copula, a
# subject pronoun, a negated auxiliary, or a regular past tense ("-ed").
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|does|do|did|can|could|will|would|may|might|must|should|shall|"
    r"we|they|it|he|she|I|nobody|someone|everyone|nothing|"
    r"went|came|took|got|gets|ran|runs|fell|rose|broke|made|makes|found|left|kept|keeps|began|built|sent|put|set|"
    r"hit|cut|held|told|said|saw|gave|grew|lost|paid|sold|spent|met|led|needs|wants|looks|seems|works|fails|"
    r"\w+n't|\w{3,}ed)\b",
    re.I,
)


def joins_figures(before: str, after: str) -> bool:
    """True when "and" sits between two figures ("between 2 and 9 pods", "3.1% and 4%"): a range or a list, never a cut."""
    return bool(_FIGURE_END.search(before)) and bool(_FIGURE_START.match(after))


def has_verb(text: str) -> bool:
    """True when the words carry a verb of their own (by the closed class above), so they can stand as a statement."""
    return _VERB.search(text) is not None


def splits_at_and(before: str, after: str) -> bool:
    """True when an "and" between `before` and `after` may start a new part: never inside a range or a list of
    figures, and only where what follows says something of its own (has a verb)."""
    return not joins_figures(before, after) and has_verb(after)
