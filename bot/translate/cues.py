"""Cues in an update's wording: the business effects it states, trade-offs, resolution, and who it names."""

from __future__ import annotations

import re

from bot.translate.situation import _rx

_PROBLEM = r"regress\w*|outage|incident|fail\w*|error\w*|bug\w*|broke\w*|broken|down\b|degrad\w*|drop\w*|crash\w*|issue\w*|wrong"
_RESOLVED = (
    r"\b(?:rollback (?:is )?(?:done|complete\w*)|rolled back|revert(?:ed)?|hot-?fix(?:ed)?|restored|fixed|resolved|"
    r"back to normal|(?:serving|working|running|up) again|recovered|mitigated|is back up)\b"
)
_DURATION = r"(?:sprints?|weeks?|days?|months?|quarters?)"

# Business effects the text states; they decide whether an "impact" situation needs a decision.
IMPACT_CUES: dict[str, re.Pattern[str]] = {
    "date": _rx(
        r"\b(?:won'?t|will not|can'?t|cannot|may not|might not|unlikely to) (?:be ready|make|meet|hit|have|deliver|"
        r"finish|land|ship|launch|go live|be live)\b|\bas planned\b|\bdeadline\b|\bgo-?live\b|\blaunch date\b|"
        r"\bdue date\b|\bmilestone\b|\bon time\b|\bin time\b|\bdelay\w*|\bslip\w*|\bpush(?:ed|es)? (?:back|out)\b|"
        rf"\badds? (?:about |roughly |around |another |an extra |at least )?\S+ {_DURATION}\b|"
        rf"\b(?:extra|additional|another|more) \S*\s?{_DURATION}\b|\blater than (?:planned|expected)\b|"
        r"\bbehind schedule\b|\bpostpon\w*|\breschedul\w*|\bexpir\w* (?:on|in|by|at|at the end of)\b|"
        r"\bbefore (?:the )?(?:launch|go-?live|release|roll-?out|deadline)\b|\b\S+ (?:hours?|days?|minutes?|weeks?) late\b|\blate for\b"
    ),
    "users": _rx(
        r"\b(?:users?|customers?|clients?|agents|staff|employees|managers|analysts|reps|sales(?: team)?|team|"
        r"patients|clinicians|traders|planners|stores?)\s+(?:won'?t|will not|can'?t|cannot|don'?t|do not|aren'?t|are not|"
        r"see|get|got|receive|complain\w*|notic\w*|lose|lost|are affected|were affected|affected|waiting|hit)\b|"
        r"\b(?:customer|user)-facing\b|\baffect\w* (?:users|customers|clients)\b|\b(?:they|people) (?:won'?t|will not|refuse to|don'?t want to) use\b"
    ),
    "commitment": _rx(
        r"\bagainst (?:a |the |our )?\S+ SLAs?\b|\b(?:breach|miss|violat|exceed|break)\w*\s+(?:\S+\s+){0,3}?SLAs?\b|"
        r"\bSLAs? (?:breach|miss|violation)\w*|\bcustomer-facing\b|\bcheckout\b|\bcontractual\w*|\bpenalt\w*"
    ),
    "cost": _rx(r"\bcost\w*|\bbudget\w*|\bspend\w*|\bbill\w*|\binvoice\w*|\bover ?spen\w*|[$€£]\s?\d"),
    "scope": _rx(r"\bdescop\w*|\bscope\b|\bdrop (?:the|a) (?:feature|capability)\b|\bcut (?:the |a )?(?:feature|scope)\b"),
}
TRADE_OFF = _rx(
    r"\beither\b.{3,80}\bor\b|\btrade-?offs?\b|\bchoose between\b|\bneed(?:s)? (?:a |your )?decision\b|"
    r"\bdecide (?:whether|if|between|on)\b|\bwe could (?:either )?\w+.{3,60}\bor\b|\boptions? (?:are|is)\b|"
    r"\bshould we\b|\bdo we want\b|\bversus\b|\bvs\.? "
)
RESOLVED = _rx(_RESOLVED)
PROBLEM = _rx(_PROBLEM)

# Who is named in the text, and as whom they take part in a decision.
NAMED_DECIDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_rx(r"\brisk committee\b"), "risk committee"),
    (_rx(r"\bsteer(?:ing)? ?co(?:mmittee)?\b"), "steering committee"),
    (_rx(r"\bdata owners?\b"), "data owner"),
    (_rx(r"\bproduct owners?\b"), "product owner"),
    (_rx(r"\bCISO\b|\bsecurity team\b"), "security lead"),
    (_rx(r"\blegal\b"), "legal team"),
    (_rx(r"\bDPO\b|\bprivacy office\w*\b|\bdata protection officer\b"), "data protection officer"),
    (_rx(r"\b(?:business )?sponsor\b"), "business sponsor"),
)
