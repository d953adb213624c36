"""Splitting an update into clauses and reading the exact cues in each: comparisons, durations, negation, polarity."""

from __future__ import annotations

import re

from bot.prose import word_count
from bot.understand.asked import asks
from bot.understand.facts import MONTHS, Fact, extract_facts
from bot.understand.joins import splits_at_and
from bot.understand.model import Clause

# A sentence ends at its stop, or at an emoji that closes it ("... embeddings 🎉 Aroha is retraining ...").
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(<#@])|(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF])\s+(?=[A-Z])")
# Where one clause ends and the next begins, with the link it carries. "so far", "so that" are not consequences.
_JOINS = re.compile(
    r"\s*;\s*|\s*:\s+(?=[a-z])"
    r"|,?\s+\b(?P<but>but|yet|however|although|though|whereas|while)\b\s+"
    r"|,?\s+\b(?P<so>so(?! far\b| that\b| much\b| many\b)|which(?= means| may| might| could| would| blocks| leaves| is blocking)|meaning)\b\s+"
    r"|,?\s+\b(?P<because>because|since(?= the| our| we| it| they| there))\b\s+"
    r"|,\s+(?P<and>and)\s+(?=(?:\S+\s+){3})",
    re.I,
)
_MIN_WORDS = 3
# The label an update opens with before a colon ("wind farm update: ..."): up to five words and no figure. It names
# whose work the update is about and raises nothing itself (cue "label"; the analysis files it as a note).
_LABEL_BEFORE_COLON = re.compile(r"\s*[^\W\d]+(?:[\s,/&'’.-]+[^\W\d]+){0,4}\s*")
# Facts that name what the work is about (a system, its version, a site, a ticket) rather than say what happened to it.
_NAMING_KINDS = frozenset({"name", "version", "model", "id", "ticket"})
_LABEL_WORDS = re.compile(r"[^\W\d][\w'’./&-]*|[\w./#-]*\d[\w./#-]*")


def _labels(chunk: str, facts: list, found: list[str]) -> bool:
    """The update opens with a label before its colon: up to five plain words ("wind farm update"), or up to eight
    that only name the work, its version, site or ticket ("coin-defect vision model v3.0 on Press Line B"), with no
    figure, date or exact cue of what happened (a version is all "live" says there: that the system is one in use)."""
    if not facts:
        return _LABEL_BEFORE_COLON.fullmatch(chunk) is not None
    words = chunk.split()
    return (len(words) <= 8 and set(found) <= {"live"} and all(f.kind in _NAMING_KINDS for f in facts)
            and all(_LABEL_WORDS.fullmatch(w) for w in words))


# A colon after a word that lays out a choice ("need someone to pick: X or Y", "two options: X or Y") introduces the
# choice's own courses: they stay in the clause that asks for the choice, so the ask and its options read as one.
_CHOICE_COLON = re.compile(r"\b(?:pick|choose|decide|decision|choice|options?|alternatives?|either)\s*$", re.I)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_COMPARE = re.compile(r"\b(?:against|vs\.?|versus|compared (?:with|to)|target(?:ed)?|budget(?:ed)?|forecast|goal|threshold|SLA|"
                      r"bar|baseline|benchmark|asked for|agreed|promised|committed|plan(?:ned)?|required|limit|cap|ceiling|allowance|tolerance|"
                      r"instead of|wants? (?:under|below|above|over)|needs? (?:under|below|above|over)|than)\b", re.I)
# "time" as a measure ("run time", "times out"), not in a phrase of time: "on time", "first time", "in time", "real time".
_LOWER_BETTER = re.compile(r"\b(?:error\w*|latenc\w*|MAPE|RMSE|MAE|hallucinat\w*|cost\w*|spend\w*|bill\w*|"
                           r"(?<!\bon\s)(?<!\bon-)(?<!\bfirst\s)(?<!\bin\s)(?<!\breal\s)(?<!\breal-)(?<!\bsame\s)"
                           r"(?:time|times|timings?|timeouts?)|delay\w*|"  # not "timetable", "timestamp", "timely"
                           r"takes?|took|fail\w*|defect\w*|p9\d|p50|false (?:positive|negative|alarm)s?|budget|"
                           r"(?:miss(?:es|ed)?|off|wrong) by|"  # "misses by 4%", "off by 2 days": an error
                           r"wast(?:e|ed|age)|scrap(?:ped)?|spoil(?:age|ed)|binned|unsold|write-?offs?|shrinkage|leakage|"
                           # A count or rate named for a wrong outcome: "mis-sort rate", "wrong-call rate", "false-reject
                           # rate", "misreads" (English marks a mistake with these prefixes).
                           r"mis-[a-z]+|wrong-[a-z]+|false-[a-z]+|mis(?:read|label|classif|rout|pick|ship|sort|fire|match|"
                           r"allocat|direct|key|count|scan|deliver)\w*)\b", re.I)
_BELOW = re.compile(r"\b(?:below|under|short of|less than|lower than|within|inside)\b", re.I)
_ABOVE = re.compile(r"\b(?:above|over|exceeds?|exceeding|more than|higher than)\b", re.I)
_TIME_UNIT = re.compile(r"\d\s?(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?)\b", re.I)
_MONEY = re.compile(r"[$€£¥]\s?\d|\d\s?(?:k|K)\s+(?:a|per) (?:month|year)|\b(?:costs?|spend\w*|budget\w*|bill\w*|fees?|"
                    r"charges?|expensive|invoice\w*|licen[cs]e fees?|overspen\w*|price (?:rise|increase|went up)|fees? (?:rose|went up))\b", re.I)
_AMOUNT = re.compile(r"[$€£¥]\s?\d|\b(?:USD|EUR|GBP|CHF)\s?\d|\d(?:[\d.,]*)\s?(?:k|m|bn)?\s?(?:USD|EUR|GBP|CHF|dollars|euros|pounds)\b")
_FAIRNESS = re.compile(r"\bbias(?:ed)? against\b|\bunfair\w*|\bdiscriminat\w*|"
                       r"\bprotected (?:group|attribute|characteristic)s?\b|\bdisparate\b", re.I)
_BETTER = re.compile(r"\b(?:beats?|beat|better|improv\w*|outperform\w*|up from|faster)\b", re.I)
_DURATION = re.compile(
    r"\b(?:after|for|over|in|since)\s+(?:about\s+|nearly\s+|almost\s+|the last\s+)?(?:\d+|two|three|four|five|six|seven|eight|several|many)"
    r"\s+(?:sprints?|weeks?|months?|iterations?|rounds?)\b|\b(?:\d+|two|three|four|five|six)\s+sprints? of\b",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|no|never|nothing|nobody|none|without|cannot)\b|n't\b", re.I)
# "Keeps" and "continues" say a problem persists only before what goes wrong or happens to the work ("keeps failing",
# "kept timing out", "continues to drift", "keeps growing"); before work or use ("the crews keep working through the
# list", "drivers kept to the routes", "Siobhán keeps tuning it") they say the work goes on. Closed class of verbs of
# faults, drift and things turning up.
_KEEPS_FAULT = (r"(?:fail|crash|drop|tim(?:es|ed|ing)\s+out|break|slip|grow|rising|climb|fall|miss|flap|thrash|stall|error|leak|"
                r"losing|coming|turning\s+up|popping|chang|getting|going\s+(?:down|wrong|missing|offline|over)|"
                r"running\s+(?:out|late|over|to|past)|happen|recur|drift|skip|hang|freez|degrad|wobbl|spik|balloon|creep|"
                r"showing\s+up|throw|trip|paging|alerting|flagging|mislabel|overshoot|undershoot|overestimat|underestimat|"
                r"jump|bounc|stick|slid)")
# A machine that keeps doing anything is a behaviour that persists ("the model keeps scoring on them", "the job
# kept retrying"): after a system's name, any verb.
_MACHINE = (r"(?:model|job|jobs|system|it|pipeline|bot|alert|alerts|feed|service|app|dashboard|forecast|scheduler|"
            r"autoscaler|script|sync|loader|export|import|query|queue|cache|index|sensor|camera|classifier|detector|ranker|"
            r"matcher|optimi[sz]er|recommender|assistant|engine|tool|planner|predictor|forecaster|chatbot|API|endpoint)")
_STILL = re.compile(rf"\b(?:still|again|yet|remains?|piling up|persist\w*|"
                    rf"(?:keeps?|kept|keeping|continues?\s+to|continued\s+to)\s+(?:on\s+)?{_KEEPS_FAULT}\w*)\b"
                    rf"|\b{_MACHINE}\s+(?:\w+\s+)?(?:keeps?|kept|continues?\s+to|continued\s+to)\b", re.I)
# "the site is back up" or "up again" is a fix; "waste crept back up", "returns edged up again" are figures rising
# again: the verb before it says which (a rule).
_RISING = ("crept", "creeping", "creeps", "creep", "climbed", "climbing", "climbs", "edged", "edging", "edges", "ticked",
           "ticking", "ticks", "inched", "inching", "inches", "drifted", "drifting", "went", "gone", "shot", "jumped",
           "bounced")
_ROSE = "".join(f"(?<!{v} )" for v in _RISING)
_RESOLVED = re.compile(r"\b(?:rolled back|rolled (?:the |it |them )?(?:[\w.-]+ ){0,2}back\b(?! up)|roll-?back (?:is )?(?:done|complete\w*)|reverted|restored|fixed|resolved|back to normal|"
                       r"corrected|repaired|mended|hot-?fixed|(?:pushed|shipped|deployed|applied|released|put in) (?:a |the |our )?(?:hot-?)?(?:fix|patch)\b|"
                       r"(?:switched|swapped|changed|moved|put) (?:it |them |us )?back\b(?! to (?:work|the backlog))|"
                       # A good state held since the fix just told: "scans have gone through cleanly since (then)";
                       # "stable since March" names no fix and says nothing was wrong.
                       r"(?:cleanly|clean|stable|fine|green|normal(?:ly)?|smoothly) (?:ever )?since(?=(?: then)?\s*(?:[.;,!]|$))|"
                       r"restarted(?! itself| themselves| on its own)|reloaded|re-?sent|re-?ran|re-?run|"
                       rf"(?:serving|served|works?|working|running|flowing|arriving|syncing|loading|updating|{_ROSE}up|live|current|"
                       r"correct|right|accurate|fine|healthy|green|online|available|stable|normal|complete|clean|usable) again|"
                       # Back inside its limits, and held there: "the model has been back within bounds since Mon".
                       r"back\s+(?:within|inside|in)\s+(?:its\s+|the\s+)?(?:bounds|range|limits|tolerance|spec|threshold)|"
                       rf"(?:[A-Z][A-Z0-9]{{1,9}}-\d+|incident|ticket)\s+(?:is\s+|was\s+|now\s+)?(?:closed|resolved)|{_ROSE}back up|recovered|(?:is|are) over|cleared|drained|caught up)\b", re.I)
# Words of expecting, of the future or of an obligation before a resolution ("expects it ... back to normal", "should be
# fixed", "will be restored once ...", "until it is cleared", "has to be restarted each time"), with no stop between
# them: the resolution has not happened yet.
_AWAITED = re.compile(r"\b(?:expects?|expected|expecting|hopes?|hoping|aims?|aiming|should|will|shall|'ll|going\s+to|"
                      r"has\s+to|have\s+to|must|needs?\s+to|"  # an obligation to restart or fix is no fix made
                      r"due\s+to|on\s+course\s+to|until|once)\b[^,;:.]*$", re.I)
# A condition the clause guards against ("an alert that pages us if the feed stalls again", "in case the format
# changes again"): what it says may happen, not what stands. Runs to the next comma, semicolon or clause end.
_GUARDED = re.compile(r"\b(?:if|in\s+case|whenever|should\s+(?:it|they|the|that|this))\b[^,;:.]*", re.I)
_AGAIN = re.compile(r"\bagain\b", re.I)
_BETTER_WORDS = re.compile(r"\b(?:faster|quicker|improv\w*|better|beats?|up from|(?:up|rose|risen|climbed) to(?= \d))\b", re.I)
_RISE_TO = re.compile(r"\b(?:up|rose|risen|climbed) to(?= \d)", re.I)
_BETTER_OUTRIGHT = re.compile(r"\b(?:faster|quicker|improv\w*|better|beats?)\b", re.I)
# An approval given is a step done when it takes what it approved or when ("the lab manager approved it", "approved the
# rollout yesterday"); "the EUR 7,800 that was approved" names a budget, not a step.
_DONE = re.compile(r"\b(?:signed\s+(?:it\s+|them\s+)?off|approved(?=\s+(?:it|them|the|our|its|their|a|an|this|that|on|yesterday|"
                   r"today|last|this|[A-Z]))|gave\s+(?:us\s+)?(?:the\s+|its\s+|their\s+)?(?:go-ahead|green\s+light|sign-off|OK)|"
                   r"done|complete[ds]?|finished|passed|pass|merged|deployed|shipped|delivered|reconciles?|match(?:es)?|"
                   r"set up|in place|went live|ready (?:to|for)|groomed|refined|estimated|prioriti[sz]ed|went (?:fine|well|smoothly)|patched|upgraded|bumped|submitted|published|agreed|added|moved (?!out\b|back\b)|"
                   r"(?:is|are)\s+now\s+(?!(?:stuck|blocked|delayed|late|failed|broken|capped|limited)\b)[a-z]+ed|now\s+(?:lands?|arrives?|reaches?)|"
                   r"rescheduled|migrated|refreshed|updated|rebuilt|released|launched|landed|implemented|configured|wrapped up|now (?:go|goes|runs?|works?|sends?|uses?|takes?)\b(?!\s+(?:for\s+|about\s+|over\s+|nearly\s+|almost\s+)?\d)|"
                   # A new way of working said with "now" and a verb in the present ("the camera now spots cracks at line
                   # speed", "the model now reads straight from the LIMS"); not a verb of a fault, a need, a limit, a wait or a
                   # state (a closed class), nor "now also", which is scope growing.
                   r"now\s+(?!(?:is|was|has|does|go|goes|runs|works|sends|uses|takes|needs|requires|allows|permits|limits|caps|charges|bills|restricts|fails|crashes|errors|breaks|drops|misses|stalls|"
                   r"hangs|times|loses|leaks|lags|costs|blocks|waits|looks|seems|sits|stands|says|thinks|wants|asks|expects|"
                   r"depends|relies|lacks|returns|throws|rejects|flags|overrides|duplicates|skips|ignores|shows\s+(?:errors|gaps))\b)"
                   r"[a-z]{3,}(?<!s)s)\b", re.I)
# A step said to be done by a time to come ("done by 9 Mar", "finished by Friday", "complete by end of sprint") or
# awaited ("should be done", "expects that finished") is planned, not done: the time after "by" and the verbs of
# expecting are closed classes.
_DONE_LATER = re.compile(
    # An approval under "before", "until" or "unless" has not been given: "switched on before the review signed it off".
    r"\b(?:before|until|till|unless|pending|without)\b[^,;.]*?\b(?:signed\s+(?:it\s+|them\s+)?off|approved|gave\b)"
    r"|\b(?:(?:expects?|expected|expecting|should|will|'ll|hopes?\s+to|aims?\s+to|plans?\s+to|going\s+to)\s+(?:\w+\s+){0,3}?)"
    r"(?:be\s+)?(?:done|complete[ds]?|finished|wrapped\s+up|delivered|shipped|merged|deployed|in\s+place|ready)\b"
    r"|\b(?:done|complete[ds]?|finished|wrapped\s+up|delivered|shipped|merged|deployed|in\s+place|ready|live)\s+by\s+(?:the\s+)?"
    rf"(?:end\s+of|mid|early|late|next|this|tomorrow|tonight|EOD|EOW|COB|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*|\d|{MONTHS}\w*)", re.I)
# A problem word under "no"/"zero" is good news: "no downtime", "zero pages", "no change customers can see".
_NO_PROBLEM = re.compile(r"\b(?:zero|no|nil|without\s+(?:any|a\s+single|one)|not\s+(?:a\s+single|one))\s+(?:[\w-]+\s+)?"
                         r"(?:pages?|incidents?|errors?|failures?|downtime|"
                         r"outages?|complaints?|issues?|problems?|defects?|change|impact|regressions?|blockers?|"
                         r"charges?|costs?|fees?|corrections?|mistakes?|faults?|glitches?|hiccups?|escalations?|rejects?)\b"
                         r"|\bnothing (?:is )?block\w*|\bnot blocked\b|\bunblocked\b"
                         # Nothing asked of anyone: "nothing needed from ops", "no action required from the business".
                         r"|\b(?:nothing|no\s+action)\s+(?:is\s+)?(?:needed|required|asked)\s+(?:from|of)\b"
                         r"|\bnothing (?:now |still )?stands (?:between|in (?:the|our|its) way)\b"
                         r"|\b(?:not (?:one|a single)|nobody|no one|none of (?:the|our))\b(?:\s+[\w-]+){0,3}?\s+"
                         r"(?:(?:has|have|was|were|got|been|is|are)\s+)*(?:failed|errored|dropped|crashed|timed out|paged|"
                         r"alerted|called out|complained|lost|affected)\b"
                         r"|\b(?:no|zero)\s+(?:[\w-]+\s+){0,2}(?:failed|dropped|lost|timed-out|missed|skipped)\b", re.I)
# An absence said of what happens when something goes wrong is a standing gap, not a report that nothing went wrong:
# "nobody is alerted when the job fails", "no page goes out if the feed stops" (a condition, then a verb of a fault).
_ABSENT_ON_FAULT = re.compile(
    r"\b(?:nobody|no\s+one|no|nothing|none)\b[^.;]{0,60}?\b(?:when|whenever|if|in\s+case|should)\s+(?:[\w'’-]+\s+){0,5}?"
    r"(?:fails?|failed|failing|breaks?|broke|crash\w*|dies|died|stops?|stopped|goes\s+down|went\s+down|errors?|errored|"
    r"times?\s+out|timed\s+out|hangs?|hung|stalls?|stalled|drops?|dropped|falls?\s+over|goes\s+wrong|misses|missed)\b",
    re.I)
# A figure said to hold where it was: "stayed at 120ms", "held steady". Good news unless a shortfall is said with it.
_STEADY = re.compile(r"\b(?:stay(?:ed|s)?|held|holds?|holding)\s+(?:at|under|below|within|inside|steady|flat|level|stable)\b"
                     r"|\b(?:steady|stable)\b", re.I)  # not "unchanged" or "flat": that is bad news where a rise was wanted
# Less of a measure where less is better: "cut the scoring cost by 30%", "reduced the wait".
# A measure that fell to, from or by a figure (not "dropped 3% of rows": there the figure is what was lost).
_FELL_TO = re.compile(r"\b(?:fell|fallen|dropped|declined|decreased|went\s+down|came\s+down|(?:is|are|was|were)\s+down)\s+"
                      r"(?:sharply\s+|steadily\s+|again\s+)?(?:to|from|by)\s+(?:about\s+|around\s+|~)?\d", re.I)
_REDUCED = re.compile(r"\b(?:cut|reduced|lowered|trimmed|halved|brought down|saved|shaved)\b", re.I)
# A status said outright: "on track", "on schedule" (and not "not on track").
_ON_TRACK = re.compile(r"(?<!not )\b(?:on track|on course|on schedule|ahead of schedule|on plan|as (?:planned|scheduled)|"
                       r"according to (?:the )?plan|(?:going|running) to plan)\b", re.I)
# Said to hold only for the moment ("the date is unchanged for now"): a hedge of time leaves the matter open.
_FOR_NOW = re.compile(r"\b(?:for\s+now|for\s+the\s+(?:moment|time\s+being))\b", re.I)
# Work that grows past what was scoped, said in the words English has for more of it: "it now also has to reach the
# stock system", "two more interfaces turned up", "on top of the CRM", "the third re-estimate", "grew again".
_GROWS = re.compile(r"\b(?:now\s+also|also\s+now|on\s+top\s+of|(?:another|more|extra|additional|new)\s+(?:\w+\s+)?"
                    r"(?:interfaces?|systems?|integrations?|feeds?|connectors?|sources?|endpoints?|APIs?|tables?|message\s+types?)"
                    r"\s+(?:turned\s+up|appeared|came\s+in|added|to\s+(?:connect|build|add|reach))|grew\s+again|keeps?\s+growing|"
                    r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+re-?estimate)\b", re.I)
# "Still" before a date says the date holds ("ETA for the dashboard still 18 Dec"), not that a problem persists.
_STILL_DATE = re.compile(rf"\bstill\s+(?:on\s+|for\s+|by\s+)?(?=(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS}|"
                         r"Mon|Tue|Wed|Thu|Fri|Sat|Sun|Q[1-4]|end\s+of|next\s+(?:week|wk|month|sprint)|the\s+\d{1,2}(?:st|nd|rd|th))\b)",
                         re.I)
_STILL_ON_TRACK = re.compile(rf"\b(still|yet)\s+((?:(?:very|well|firmly|fully)\s+)?(?:{_ON_TRACK.pattern.removeprefix('(?<!not )')}))", re.I)
# A drop is said with a word of change: without one, a low figure is a shortfall, not a decline.
_CHANGE = re.compile(r"\b(?:dropp\w*|drops?|fell|fall\w*|down|worse|degrad\w*|declin\w*|slid\w*|slipp\w*|regress\w*|decreas\w*|"
                     rf"lower than (?:before|last)|(?:{'|'.join(_RISING)})\s+(?:back\s+)?up|rose|spik\w*|jump\w*)\b", re.I)
# A body asking for something: a new condition exists only where someone asks for it.
_DEMAND = re.compile(r"\b(?:ask(?:s|ed)?|wants?|wanted|requires?|required|request(?:s|ed)?|expects?|insists?|must|"
                     r"needs? (?:a|an|the|us|to)|has to|have to|condition)\b", re.I)
# Going ahead before or without the approval a use needs.
_UNAPPROVED = re.compile(r"\b(?:without|before|ahead of|bypass\w*|skipp\w*)\b.{0,50}\b(?:approv\w*|sign(?:ed)?[- ]?off|signed it off|"
                         r"review\w*|consent|assessment|DPIA)\b", re.I)
# The names engineers give a deliberate shortcut: words that mean one outright, whatever the rest of the clause says.
# (Leaving staff, users doing without the tool, scope growing, faults that recur, nothing to show, nobody watching:
# those are meanings, read by the embedding from the example bank, not by cue words.)
_SHORTCUT = re.compile(r"\bhard-?(?:cod|wir)\w*|\bhacks?\b|\bhacky\b|\bworkarounds?\b|\bstop-?gaps?\b|\bquick fix\w*", re.I)
# A date that moved.
_SLIP = re.compile(r"\b(?:pushed (?:\S+ ){0,4}(?:back|out)|slipp?(?:ed|ing|s)?|postponed|delayed|moved out|late)\b"
                   r"|\b(?:moved|shifted|rescheduled)\b.{0,60}\bfrom\b.{1,30}\bto\s+(?:(?:late|early|mid|the end of|after)\s+)?"
                   r"(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Q[1-4]\b|next (?:week|month|quarter|sprint|year))", re.I)
# A date said to have moved, exactly: "from 12 March to 2 April", "to Q3 instead of Q2", "pushed to next sprint".
_DATE = (r"(?:(?:late|early|mid|the end of|after)\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
         r"|Q[1-4]\b|\d{1,2}(?:st|nd|rd|th)\b|next (?:week|month|quarter|sprint|year|release)|(?:Monday|Tuesday|Wednesday|Thursday|Friday)"
         r"|(?:week|wk|sprint)\s+\d{1,3}\b")  # a numbered week or sprint of the plan: "from week 6 to week 9"
_DATE_MOVED = re.compile(rf"\bfrom\s+(?:{_DATE}).{{0,30}}?\bto\s+(?:{_DATE})|\bto\s+(?:{_DATE})\s+(?:instead of|rather than|not)\s+(?:{_DATE})"
                         rf"|\b(?:moved|moves|shifted|shifts|pushed|postponed|delayed|deferred|slipped|slips|goes|went|rescheduled)\s+(?:\S+\s+){{0,4}}?(?:to|into|until|till)\s+(?:{_DATE})", re.I)
_SOMEONE_ELSE = re.compile(r"\b(?:team|vendor|supplier|partner|agency|contractor|provider)\b", re.I)
# A live fault said outright.
_OUTAGE = re.compile(r"\b(?:is|went|are|been) down\b(?!\s+(?:from|to|by)\b|\s+\d)|\boutage\b|\bcrash\w*|\bunavailable\b|\bnot working\b|\bfailing\b|"
                     r"\breturns? (?:\d+ )?errors?\b|\btim(?:es|ing|ed) out\b"
                     r"|\b(?:return\w*|throw\w*|serv\w*|giv\w*|answer\w*)\s+(?:(?:HTTP|an?)\s+)?[45]\d\d(?:s|\b)", re.I)
# An HTTP status code ("502s") is an error, not a time in seconds.
_HTTP_STATUS = re.compile(r"\b[45]\d\ds\b")
# Words that place a fault in the live service, where a fix or an outage means something to the business.
_LIVE = re.compile(r"\bprod(?:uction)?\b|\blive\b|\bcustomers?\b|\busers?\b|\boutage|\bincident|\broll(?:ed)? ?back|\brevert\w*|"
                   r"\bserving\b|\bhot-?fix\w*|\bdowntime\b|\bon-?call\b|\bv\d|\bversion\b|\bservice\b|\bregress\w*|\brelease\b", re.I)
# A plan for later is a note, not an issue: "the trial starts Monday".
_PLAN = re.compile(r"\b(?:starts?|begins?|kicks? off|(?:is|are) (?:scheduled|booked|planned) for|will (?:start|begin)|goes? live on)\b"
                   r"(?=.*\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|tomorrow|next|on|in)\b)", re.I)
_SHORT = re.compile(r"\b(?:below|under|short of|falls? short|only|not (?:good|accurate|reliable) enough|too (?:low|many|few|high|often)|"
                    r"miss\w*|wrong|worse|lower than|higher than|invent\w*|made-up|far from)\b", re.I)
# "may" the modal, not the month: "the 2 May release", "in May", "by May". And "risk" names a thing as often as it
# raises one: a risk map, score, model or register, a high-risk class, at-risk customers (hyphenated before its noun)
# are things the work is about, not a risk the update raises.
_RISK = re.compile(r"\b(?:(?<!\d )(?<!in )(?<!by )(?<!of )(?<!from )(?<!until )(?<!early )(?<!late )(?<!mid-)may(?! \d)|might|could)\b"
                   r"|(?<!-)\brisk\w*\b(?!-)(?![ -](?:maps?|scores?|scoring|models?|class(?:es)?|registers?|ratings?|profiles?|"
                   r"bands?|levels?|matrix|matrices|logs?|appetite|engines?|assessments?|teams?|committees?|categor(?:y|ies)|"
                   r"tiers?|flags?|groups?|areas?|zones?|segments?)\b)", re.I)
# "instead of" before a figure compares the figure with its old value ("6 minutes instead of 40", "-2C instead of
# -5C"): no option.
_OPTION = re.compile(r"\beither\b|\binstead\b(?!\s+of\s+(?:about\s+|around\s+|roughly\s+)?[~≈+\-−±]?[$€£¥]?\d)|^we (?:can|could)\b|\bwould fix\b|\bcould fix\b|\bor (?:a|an|the|we|to)\b"
                     r"|\bneeds? (?:\S+ ){0,3}or\b"
                     # A choice laid out after the word that asks for it: "pick: X or Y", "decide whether to X or Y".
                     r"|\b(?:pick|choose|decide|options?|choice|alternatives?)\b\s*(?::|between|whether to|is to|are to)?\s+[^.;]*?\bor\b", re.I)


# Measures where more is better, so a figure above its bound is good news.
_HIGHER_BETTER = re.compile(r"\b(?:accura\w*|recall|precision|F1|AUC|uptime|availability|coverage|conversion|hit rate|on[- ]time|"
                            r"match rate|success rate|throughput|agreement)\b", re.I)
# A share the system catches or handles ("catches 94% of weave faults", "answers 68% of leave questions"): more of
# it is better, whatever it is a share of. Closed class of verbs of catching, handling and taking up.
_CATCH_VERBS = (r"catch(?:es)?|caught|detect(?:s|ed)?|spot(?:s|ted)?|IDs|identif(?:ies|ied)|answer(?:s|ed)|resolv(?:es|ed)|"
                r"handl(?:es|ed)|prevent(?:s|ed)|intercept(?:s|ed)|confirm(?:s|ed)|accept(?:s|ed)|fix(?:es|ed)|recover(?:s|ed)|"
                r"automat(?:es|ed)")
_CAUGHT_SHARE = re.compile(rf"\b(?:{_CATCH_VERBS})\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|roughly\s+|~)?"
                           r"\d[\d.,]*\s?%\s+of\b", re.I)
# The same verbs as participles naming what a measure counts ("rejects caught before packing", "calls answered").
CAUGHT_COUNT = re.compile(r"\b(?:caught|detected|spotted|identified|answered|resolved|handled|prevented|intercepted|"
                          r"confirmed|accepted|fixed|recovered|automated)\b", re.I)
_MEASURE_OF = re.compile(r"(?:\s+(?:rates?|levels?|scores?|counts?))?\s+of\b", re.I)
_BOUND_BEFORE = re.compile(r"\b(?:below|under|within|inside|less than|lower than|above|over|more than|higher than)"
                           r"(?:\s+(?:the|a|an|its|our|their))?\s*$", re.I)
_BOUND_WORD = re.compile(r"\b(?:below|under|within|inside|less than|lower than)\b", re.I)
_INCOME = re.compile(r"\b(?:revenue|income|sales|savings?|saved|profit|margin|earn\w*)\b", re.I)
_SPAN_OF_TIME = re.compile(r"\b(?:sprints?|weeks?|days?|months?|years?|quarters?)\b", re.I)


# A figure written in words with its unit ("six hours", "twelve minutes") is as much a figure as "6 hours".
_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen twenty").split()
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_VALUE = {**{w: float(n) for n, w in enumerate(_SMALL)}, **{w: float(n) for w, n in _TENS.items()}}
_WORD_FIGURE = re.compile(rf"^(?P<word>{'|'.join(_WORD_VALUE)})\s+\S", re.I)


def _is_number(f: Fact) -> bool:
    # "after 5 sprints" says how long, not how well: it is never one side of a comparison
    figure = bool(_NUMBER.search(f.text)) or bool(_WORD_FIGURE.match(f.text))
    return f.kind in {"number", "percent", "money", "ratio"} and figure and not _SPAN_OF_TIME.search(f.text)


def _unit(f: Fact) -> float | None:
    """How many milliseconds (or units) one of the figure's units is; None for a bare number with no unit of its own."""
    low = f.text.lower()
    word = _WORD_FIGURE.match(low)
    if word:  # "six hours" reads as "6 hours"
        low = "6" + low[word.end("word"):]
    if re.search(r"\d\s?ms\b|milliseconds?", low):
        return 1.0
    if re.search(r"\d\s?s\b|\bsecs?\b|seconds?", low):
        return 1000.0  # seconds against milliseconds: "1.2s against a 300ms budget"
    if re.search(r"\d\s?(?:h|hrs?|hours?)\b", low):
        return 3_600_000.0
    if re.search(r"\d\s?(?:mins?|minutes?)\b", low):
        return 60_000.0
    return None


def _value(f: Fact, unit: float | None = None) -> float:
    """The figure's size in its smallest unit; a bare number takes the unit of the figure it is set against
    ("4 minutes instead of 25")."""
    m = _NUMBER.search(f.text)
    word = None if m else _WORD_FIGURE.match(f.text)
    value = float(m.group().replace(",", "")) if m else _WORD_VALUE[word.group("word").lower()] if word else 0.0
    value *= _unit(f) or unit or 1.0
    if re.search(r"\d\s?k\b", f.text.lower()):
        value *= 1000
    return value


def _bound(text: str, numbers: list[Fact]) -> str | None:
    """One figure with a bound word just before it ("under 0.5%", "within 200ms"), on a measure whose good side is known."""
    lower = bool(_LOWER_BETTER.search(text)) or bool(_TIME_UNIT.search(text))
    if not lower and not _HIGHER_BETTER.search(text):
        return None  # "more than 2,000 tickets" says nothing good or bad until the measure is known
    for f in numbers:
        at = text.find(f.text)
        m = _BOUND_BEFORE.search(text[max(0, at - 40) : at]) if at >= 0 else None
        if m:
            return "better" if bool(_BELOW.search(m.group())) == lower else "worse"
    return None


# A figure that moved, said exactly: "from 2.4s to 900ms" (old, then new), "to 0.2% from 1.1%" and "40 minutes, down
# from 3 hours" (new, then old). The verdict is the values' and the measure's good side, never the verb's.
_FROM_BEFORE = re.compile(r"\bfrom\s*(?:about\s+|around\s+|roughly\s+)?$", re.I)
_TO_BETWEEN = re.compile(r"^\s*(?:[\w%]+\s+){0,3}?(?:to|down to|up to)\s*(?:about\s+|around\s+|roughly\s+)?$", re.I)
_TO_BEFORE = re.compile(r"\bto\s*(?:about\s+|around\s+|roughly\s+)?$", re.I)
_FROM_BETWEEN = re.compile(r"\bfrom\s*(?:about\s+|around\s+|roughly\s+)?$", re.I)


_WAS_BETWEEN = re.compile(r"(?:\(|,|;|\bwhere|\bwhen|\bwhereas)\s*(?:it\s+|this\s+|they\s+)?(?:was|were|previously|before|formerly|"
                          r"used to (?:take|be|run|need)|took|needed)\s*(?:about\s+|around\s+)?$", re.I)
# A measure moved by a share, said with the direction: "down 40%", "dropped by 60%", "up 25%".
_BY_SHARE = re.compile(r"\b(?P<down>down|dropped|drops?|fell|falls?|cut|reduced|lowered|decreased|shrank|shrunk)"
                       r"|\b(?P<up>up|rose|rises?|grew|grows?|increased|climbed|jumped)\b", re.I)
_SHARE_AFTER = re.compile(r"^\s*(?:by\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|over\s+)?$", re.I)
# A target said to be met, with or without its figure: "hit the 99.5% uptime target", "met the latency goal".
_MET = re.compile(r"\b(?:hit|hits|met|meets?|meeting|reached|reaches|beat|beats|beating|exceeded|exceeds|cleared|clears)\s+"
                  r"(?:\S+\s+){0,4}?(?:target|goal|SLA|bar|threshold|budget)s?\b", re.I)
_EXCEED = re.compile(r"\bexceed\w*", re.I)


def _met(text: str) -> bool:
    """A target said to be met ("met the 98% availability target"). Going past a bound is good news only on a measure
    where more is better: latency or a cost that exceeds its SLA or budget has missed it. A budget, an SLA or a
    threshold is a ceiling unless the measure is one where more is better ("uptime exceeded its SLA")."""
    found = _MET.search(text)
    if not found:
        return False
    if _EXCEED.match(found.group(0)):
        if _direction(text, False):
            return False
        ceiling = re.search(r"\b(?:budget|SLA|threshold)s?\b", found.group(0), re.I)
        return not ceiling or bool(_HIGHER_BETTER.search(text))
    return True


def _by_share(text: str, numbers: list[Fact]) -> str | None:
    """'better' or 'worse' for a measure said to have moved by a share ("cost per prediction is down 40%")."""
    for f in numbers:
        if f.kind != "percent" and "%" not in f.text:
            continue
        at = text.find(f.text)
        head = text[max(0, at - 30) : at] if at >= 0 else ""
        verbs = list(_BY_SHARE.finditer(head))
        if not verbs or not _SHARE_AFTER.match(head[verbs[-1].end() :]):
            continue
        lower_better = _direction(text, False)
        if lower_better is None:
            return None
        return "better" if bool(verbs[-1].group("down")) == lower_better else "worse"
    return None


def _moved(text: str, first: Fact, second: Fact) -> tuple[bool, bool] | None:
    """(moved, new first) when the two figures are a measure's old and new values; None when they are not."""
    at, bt = text.find(first.text), text.find(second.text)
    if at < 0 or bt <= at:
        return None
    before, between = text[max(0, at - 30) : at], text[at + len(first.text) : bt]
    if _FROM_BEFORE.search(before) and _TO_BETWEEN.match(between):
        return True, False  # "from 91% to 97%"
    if _WAS_BETWEEN.search(between):
        return True, True  # "8% (was 14%)", "8%, previously 14%"
    if _FROM_BETWEEN.search(between) and (_TO_BEFORE.search(before) or re.search(r"\b(?:down|up)\s+from\s*", between, re.I)
                                          or re.search(r"\b(?:was|is|now|at|to)\b", before, re.I)):
        return True, True  # "fell to 0.2% from 1.1%", "40 minutes, down from 3 hours"
    return None


def _direction(text: str, spend: bool, near: tuple[int, int] | None = None) -> bool | None:
    """True where less of the measure is better, False where more is, None where the clause does not say which.

    With `near` (the span of the figures compared), the measure named nearest that span decides: in "defect
    clustering dropped from 0.88 to 0.74 precision" the figures are precision, where more is better, though a word
    of a lower-is-better measure ("defect") sits earlier in the clause. A time unit on a figure, or two sums of money,
    are the figures' own measure and decide first."""
    if _TIME_UNIT.search(text) or spend:
        return True
    if _CAUGHT_SHARE.search(text):
        return False  # a share caught or handled: more is better
    lower = [m.span() for m in _LOWER_BETTER.finditer(text)]
    higher = [m.span() for m in _HIGHER_BETTER.finditer(text)]
    if near is None or not (lower and higher):
        return True if lower else False if higher else None
    # A measure said "of" something is the one the clause reports ("accuracy of the defect detector", "error rate of
    # the recall model"), wherever it sits; only without one does nearness decide.
    headed = [(a, b) for a, b in lower + higher if _MEASURE_OF.match(text, b)]
    if len({(a, b) in lower for a, b in headed}) == 1:
        return headed[0] in lower

    def gap(span: tuple[int, int]) -> int:
        return max(near[0] - span[1], span[0] - near[1], 0)

    return min(map(gap, lower)) <= min(map(gap, higher))  # a tie keeps the lower-is-better reading, as before


def _span(text: str, first: Fact, second: Fact) -> tuple[int, int] | None:
    """Where the two figures compared sit in the clause, from the first one's start to the second one's end."""
    at = text.find(first.text)
    bt = text.find(second.text, max(at, 0))
    return None if at < 0 or bt < 0 else (min(at, bt), max(at + len(first.text), bt + len(second.text)))


def comparison(text: str, facts: list[Fact]) -> str | None:
    """'worse' when two figures are set against each other and the first is on the wrong side, 'better' the other way.

    One figure counts too when a bound word sits just before it on a measure whose good side is known. Two figures
    that are a measure's old and new values ("from 2.4s to 900ms", "down from 3 hours") compare the new with the old.
    """
    numbers = [f for f in facts if _is_number(f)]
    shared = _by_share(text, numbers)
    if shared:
        return shared
    if len(numbers) < 2:
        found = _bound(text, numbers) if numbers else None
        return found or ("better" if _met(text) and not _NEGATED.search(text) else None)
    first, second = numbers[0], numbers[1]
    # A figure that moved names its old and new values side by side ("6 routes, error down to 2.8 min from 7.5 min"):
    # that pair is the one compared, wherever it sits among the clause's figures.
    if _moved(text, first, second) is None:
        pair = next(((x, y) for x, y in zip(numbers[1:], numbers[2:]) if _moved(text, x, y) is not None), None)
        if pair is not None:
            first, second = pair
        elif len(numbers) > 2 and (said := _COMPARE.search(text)) is not None:
            # A figure set against its bound ("hit F1 0.93 on the 1890-1930 ledgers (target 0.90)"): the figure
            # last before the comparing word and the first after it, whatever other figures the clause holds.
            at = {id(n): text.find(n.text) for n in numbers}
            before = [n for n in numbers if 0 <= at[id(n)] < said.start()]
            after = [n for n in numbers if at[id(n)] >= said.end()]
            if before and after:
                # Of the same kind as the bound if one is ("94% of faults on line 3 vs 86%": the share, not the line).
                alike = [n for n in before if n.kind == after[0].kind]
                first, second = (alike or before)[-1], after[0]
    # Two sums of money set against each other are a spend against its plan unless the words say it is income.
    spend = all(f.kind == "money" for f in (first, second)) and not _INCOME.search(text)
    units = _unit(first), _unit(second)
    a, b = _value(first, units[1]), _value(second, units[0])
    moved = _moved(text, first, second)
    if moved is not None:
        lower_better = _direction(text, spend, _span(text, first, second))
        new, old = (a, b) if moved[1] else (b, a)
        if lower_better is None or new == old:
            return None  # "went from 11 to 3" says nothing good or bad until the measure's good side is known
        return "better" if (new < old) == lower_better else "worse"
    if not _COMPARE.search(text):
        return _bound(text, numbers)
    lower_better = bool(_direction(text, spend, _span(text, first, second)))
    # A word between the figures says the direction outright: "0.71, below the 0.75 we committed to".
    between = text[text.find(first.text) : text.find(second.text)]
    if _BELOW.search(between) or _ABOVE.search(between):
        return "better" if bool(_BELOW.search(between)) == lower_better else "worse"
    if a == b:
        return None
    worse = a > b if lower_better else a < b
    if _BETTER.search(text):
        return "better"
    return "worse" if worse else "better"


def cues(text: str, facts: list[Fact]) -> list[str]:
    """The exact cues in one clause, by name."""
    found = ["asks"] if asks(text) else []  # an explicit ask, read by the one reader of asks (bot.understand.asked)
    compared = comparison(text, facts)
    if compared:
        found.append(f"compared_{compared}")
    if _DURATION.search(text):
        found.append("duration")
    if _TIME_UNIT.search(_HTTP_STATUS.sub(" ", text)):
        found.append("time_figure")
    if any(f.kind == "money" for f in facts) or _AMOUNT.search(text):
        found.append("amount")  # a sum of money written as one, exactly: the situation model's feature
    if _NO_PROBLEM.search(text) and not _ABSENT_ON_FAULT.search(text):
        found.append("no_problem")
        text = _NO_PROBLEM.sub(" ", text)  # the "no" of "no downtime" is not a negation of the clause
    if _MONEY.search(text):
        found.append("money")  # after the absences: "at no extra charge" says nothing is spent
    if _RESOLVED.search(text):
        # "expects it back to normal by Friday", "should be fixed once the patch lands": a fix awaited, not made.
        awaited = all(_AWAITED.search(text, 0, m.start()) for m in _RESOLVED.finditer(text))
        text = _RESOLVED.sub(" ", text)  # "serving again" is resolution, not "again" as in "failed again"
        found.append("awaited" if awaited else "resolved")
    # "rose to", "up to" is better news only for a measure where more is better: "latency up to 900ms" is not.
    # Nor is "up from" where the figures themselves say the measure went the wrong way ("cost went up from $2,100").
    if _BETTER_WORDS.search(text) and not (_RISE_TO.search(text) and not _BETTER_OUTRIGHT.search(text)
                                           and (_LOWER_BETTER.search(text) or _TIME_UNIT.search(text))) \
            and not (compared == "worse" and not _BETTER_OUTRIGHT.search(text)):
        found.append("better")
    if _REDUCED.search(text) and (_LOWER_BETTER.search(text) or _TIME_UNIT.search(text)) and "better" not in found:
        found.append("better")  # less of a measure where less is better
    elif _FELL_TO.search(text) and _direction(text, False) is True and "better" not in found and compared != "worse":
        found.append("better")  # "offcut waste dropped to 7.8%": a measure the rules know is better low fell to a figure
    if _STEADY.search(text):
        found.append("steady")
    if "compared_better" in found:
        text = _BOUND_WORD.sub(" ", text)  # "stayed under 0.5%" is inside its bound, not short of it
    # "a check that stops the load if it happens again": a guard against a repeat, not a fault that keeps coming back.
    text = _GUARDED.sub(lambda m: _AGAIN.sub(" ", m.group()), text)
    # "still on track for 19 Dec", "still as planned": a plan that holds, not a problem that persists.
    text = _STILL_ON_TRACK.sub(lambda m: m.group(2), text)
    text = _STILL_DATE.sub(" ", text)
    done_text = _DONE_LATER.sub(" ", text)  # "done by 9 Mar", "should be finished": a step to come, not one done
    for name, rx in (("negated", _NEGATED), ("still", _STILL), ("risk", _RISK), ("option", _OPTION), ("done", _DONE), ("plan", _PLAN), ("short", _SHORT), ("fairness", _FAIRNESS), ("on_track", _ON_TRACK), ("change", _CHANGE),
                     ("live", _LIVE), ("demand", _DEMAND), ("outage", _OUTAGE),
                     ("unapproved", _UNAPPROVED), ("shortcut", _SHORTCUT), ("slip", _SLIP), ("for_now", _FOR_NOW)):
        if rx.search(done_text if name == "done" else text):
            found.append(name)
    if _DATE_MOVED.search(text):
        found.append("date_moved")
    if _GROWS.search(text):
        found.append("grows")
    if "slip" in found and "done" in found and not _DONE.search(_SLIP.sub(" ", text)):
        found.remove("done")  # "moved the launch from May to July" is a date that moved, not a step done
    if "date_moved" in found and "done" in found and not _DONE.search(_DATE_MOVED.sub(" ", done_text)):
        found.remove("done")  # "the launch moved to next sprint": the same, said with the new date alone
    return found


# A clause that opens on a verb has no subject of its own: it goes on about the clause before ("...; blocking the extract").
_SUBJECTLESS = re.compile(r"^(?:(?!(?:no|some|any|every)thing\b|morning|evening|string|thing|king|ceiling|building|meeting|"
                          r"pricing|ing\b)\w+ing|adds|needs|means|blocks|requires|takes|costs|leaves|puts|makes|affects|delays|"
                          r"pushes|stops|prevents|breaks|causes|risks|hurts)\b", re.I)


# A clause whose subject points back ("it needs ...", "this means ...") is about what the clause before said.
_POINTS_BACK = re.compile(r"^(?:it|this|that|which)\s+(?!is\s+(?:also|another|a\s+separate)\b)\w+", re.I)


def continues(clause: Clause) -> bool:
    """True when the clause goes on about the one before: no subject of its own, or the update's own way out of it."""
    if clause.link in {"", ";", "and", "but"} and _SUBJECTLESS.match(clause.text) is not None:
        return True
    if clause.link in {"", ";", "and"} and _POINTS_BACK.match(clause.text) is not None:
        return True
    # "...; we can rent machines meanwhile": a proposed option belongs with the problem it answers.
    return "option" in clause.cues and "negated" not in clause.cues and "still" not in clause.cues


# A remedy, then "but" and what it costs: "rolling back fixes it but removes the discount" is a trade-off stated.
_REMEDY = re.compile(r"\b(?:fix\w*|roll(?:ing|s|ed)? ?back|revert\w*|restor\w*|switch\w* (?:it )?off|turn\w* (?:it )?off|solv\w*)\b", re.I)
_COST_OF_IT = re.compile(r"\b(?:remov\w*|los[est]\w*|lost|drop\w*|break\w*|delay\w*|push\w* back|costs?|takes? away|"
                         r"without|means? (?:losing|giving up|waiting))\b", re.I)


# Two courses laid out side by side: "we could launch in April with English only, or wait until June", "either we
# drop to daily runs or someone approves the spend". A course after "or" opens on a word that is no figure, date or
# quantity ("or Monday", "or so", "or more" lay out no second course).
_TWO_COURSES = re.compile(
    r"\b(?:either\b[^.;]+?|(?:we|they|you|the\s+team|[A-Z][a-z]+)\s+(?:could|can|might)\s+[^.;]+?)(?:,\s*|\s+)or\s+(?:else\s+)?"
    r"(?!(?:a|an|the|so|later|sooner|earlier|more|less|fewer|not|never|both|whatever|something|anything|other|two|three|"
    r"this|next|last|early|late|mid|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*)\b)"
    r"[a-z]\w*")


def trade_offs(clauses: list[Clause]) -> set[str]:
    """Texts of clauses that state a remedy and, after "but", what it costs the business, or that lay out two courses
    side by side (_TWO_COURSES): a choice put to it."""
    out: set[str] = {c.text for c in clauses if _TWO_COURSES.search(c.text)}
    for before, after in zip(clauses, clauses[1:]):
        if after.link == "but" and _REMEDY.search(before.text) and _COST_OF_IT.search(after.text):
            out |= {before.text, after.text}
    return out


# How often something happens, said exactly: "twice a week", "3 times a day", "every other Monday", "each time".
_RECURS = re.compile(
    r"\b(?:once|twice|three times|\d+ times|a few times|several times|many times|a couple of times)\s+(?:a|an|per|every|each)\s+"
    r"(?:day|night|week|month|hour|shift|run|sprint)\b"
    r"|\bevery (?:other |second |few |single )?(?:day|night|morning|week|month|run|release|deploy\w*|time|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\beach time\b|\bagain and again\b|\bover and over\b|\b(?:most|some) (?:days|nights|mornings|weeks)\b", re.I)


def recurs(text: str) -> bool:
    """True when the clause says how often something happens ("times out twice a week", "dies every other Monday")."""
    return _RECURS.search(text) is not None


def slip_is_elsewhere(text: str) -> bool:
    """True when the clause names another team or a supplier as the one that is late."""
    return _SOMEONE_ELSE.search(text) is not None


def split(text: str, glossary=None) -> list[Clause]:
    """The update's clauses in order, each with its facts and cues; a fragment too short to stand joins its neighbour."""
    pieces: list[tuple[int, int, str]] = []  # start, end, link
    for sent in _sentences(text):
        s0, s1 = sent
        pos, link = s0, ""
        joins = list(_JOINS.finditer(text, s0, s1))
        for n, m in enumerate(joins):
            upto = joins[n + 1].start() if n + 1 < len(joins) else s1
            if m.group("and") and not splits_at_and(text[pos : m.start()], text[m.end() : upto]):
                continue  # "between 2 and 9 pods", "the EU, US, and APAC stores": one statement, not two
            if m.group(0).strip() == ":" and _CHOICE_COLON.search(text, pos, m.start()):
                continue  # "... to pick: X or Y": the choice and its courses are one clause
            pieces.append((pos, m.start(), link))
            link = _link(m)
            pos = m.end()
        pieces.append((pos, s1, link))
    merged: list[list] = []
    carry: tuple[int, str] | None = None  # a fragment too short to stand, waiting to open the next clause
    for start, end, link in pieces:
        if carry is not None:
            start, link = carry
            carry = None
        if len(text[start:end].split()) < _MIN_WORDS:
            if merged and link not in {"", ";"}:
                merged[-1][1] = end
                merged[-1][2] = text[merged[-1][0] : end]
            else:
                carry = (start, link)
            continue
        merged.append([start, end, text[start:end], link])
    if carry is not None:
        if merged:
            merged[-1][1] = len(text.rstrip())
            merged[-1][2] = text[merged[-1][0] : merged[-1][1]]
        else:
            merged.append([carry[0], len(text), text[carry[0] :], carry[1]])
    out = []
    for start, end, chunk, link in merged:
        chunk = chunk.strip().rstrip(".;:,!?").strip()
        if not chunk:
            continue
        facts = extract_facts(chunk, glossary)
        found = cues(chunk, facts)
        if not out and text.startswith(":", end) and len(merged) > 1 and _labels(chunk, facts, found):
            found = ["label"]
        if out and link == ";" and set(found) <= {"time_figure", "money", "amount"} and _TARGET_CLAUSE.match(chunk):
            # "recall is now 0.91; the target was 0.85": the target said in a clause of its own is the figure's bound.
            prev = out[-1]
            if not any(c.startswith("compared_") for c in prev.cues):
                both = comparison(f"{prev.text} against {chunk}", [*prev.facts, *facts])
                if both:
                    out[-1] = prev.model_copy(update={"cues": [f"compared_{both}", *prev.cues]})
        out.append(Clause(text=chunk, start=start, link=link, facts=facts, cues=found))
    return out


# A clause that only states a bound: "the target was 0.85", "our goal is 250ms".
_TARGET_CLAUSE = re.compile(r"^(?:the|our|its|their|a)?\s*(?:\w+\s+){0,2}?(?:target|goal|SLA|bar|threshold|budget|limit)\s+"
                            r"(?:was|is|were|are|of|set at|stands at)\s+\S*\d\S*(?:\s+\S+)?$", re.I)


def _link(m: re.Match[str]) -> str:
    for name in ("but", "so", "because", "and"):
        if m.group(name):
            return name
    return ";"


# Slack sentences often start in lower case ("... ends 31 Dec. nobody's been named"): after a full stop, a lower-case
# word starts a sentence too, unless the word before the stop is an abbreviation that takes one ("e.g.", "approx.").
_LOWER_START = re.compile(r"(?<=[.!?])\s+(?=[a-z])")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|incl|excl|esp|ca|cf|viz|resp|no|nos|fig|ref|dept|est)\.$", re.I)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    breaks = [*_SENTENCE.finditer(text),
              *(m for m in _LOWER_START.finditer(text) if text[m.start() - 1] != "." or not _ABBREVIATION.search(text, 0, m.start()))]
    for m in sorted(breaks, key=lambda m: m.start()):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# --- a figure that moved on a measure the rules have no word for -----------------------------------------------------
# Verbs that say a quantity moved, and which way. Those that also take the measure as their object ("cut warp breaks
# by 18%", "lifted bookings by 7%") are in _TAKES_OBJECT; the others name the measure before them ("scrap fell by 6%").
_DOWN_VERBS = ("cut", "cuts", "reduced", "reduces", "lowered", "lowers", "halved", "halves", "trimmed", "decreased",
               "decreases", "declined", "declines", "fell", "falls", "dropped", "drops", "shrank", "shrunk", "slid", "eased")
_UP_VERBS = ("rose", "rises", "risen", "grew", "grows", "increased", "increases", "climbed", "climbs", "jumped", "doubled",
             "doubles", "tripled", "lifted", "lifts", "raised", "raises", "boosted", "boosts", "soared")
_MOVE = re.compile(rf"\b(?:(?P<down>{'|'.join(_DOWN_VERBS)}|(?:came|went|is|are|was|were)\s+down)"
                   rf"|(?P<up>{'|'.join(_UP_VERBS)}|(?:went|is|are|was|were)\s+up))\b", re.I)
_TAKES_OBJECT = frozenset({"cut", "cuts", "reduced", "reduces", "lowered", "lowers", "halved", "halves", "trimmed",
                           "decreased", "decreases", "doubled", "doubles", "tripled", "lifted", "lifts", "raised", "raises",
                           "boosted", "boosts", "increased", "increases"})
# Verbs that say a quantity moved even with no figure beside them ("bookings doubled in May").
_MOVED_ALONE = frozenset({"halved", "halves", "doubled", "doubles", "tripled", "fell", "falls", "rose", "rises", "dropped",
                          "drops", "declined", "declines", "grew", "grows", "climbed", "climbs", "shrank", "soared", "jumped"})
# Where the measure named after a verb ends: "cut warp breaks | by 18% over six weeks".
_OBJECT_END = re.compile(r"\s+(?:by|from|to|in|over|during|since|across|at|on|for|after|this|last|per cent|percent)\b|[,;:(]|\s+\d", re.I)
# A figure beside the move: a share ("by 18%"), old and new values ("from nine to two"), a new value ("cut to 2"), or
# a bare one with nothing after it that it counts ("fell 7% in May", not "raised 27 alerts" or "dropped 3% of rows").
_MOVE_FIGURE = re.compile(r"\bby\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+)?(?:\d[\d.,]*\s*(?:%|per\s?cent|points?)|"
                          r"a (?:third|quarter|half|fifth|tenth)|half|a fifth)|\bfrom\s+\S+\s+(?:\S+\s+)?to\s+\S+"
                          r"|^\s*(?:down\s+|up\s+)?to\s+[$€£]?\d"
                          r"|^\s*(?:about\s+|around\s+|nearly\s+|almost\s+)?\d[\d.,]*\s*(?:%|per\s?cent|points?)?"
                          r"(?=\s*$|\s*[,;:.)]|\s+(?:in|on|at|over|during|since|across|after|last|this|from|to|between|against|"
                          r"year|week|month|day)\b)", re.I)
# Where the measure before the verb begins: after a word that opens a clause of its own ("rolled back v3 after
# click-through fell": the measure is "click-through").
_SUBJECT_START = re.compile(r".*\b(?:after|when|as|since|because|while|once|until|that|which|where|if|though|although|"
                            r"whereas|so)\s+|.*[,;:]\s*", re.I | re.S)
# Words that open a subject but are not the measure, and auxiliaries before the verb.
_LEAD = re.compile(r"^(?:(?:and|but|so|while|whereas|then|also|now|the|a|an|our|their|its|this|that|these|those|total|overall)\s+)+", re.I)
_AUX = re.compile(r"(?:\s+(?:has|have|had|was|were|is|are|been|already|also|now|just|nearly|almost|more than|all but))+$", re.I)
_FROM_TO = re.compile(r"\bfrom\s+(?P<a>[\d.,]+|[a-z]+)\b.{0,20}?\bto\s+(?P<b>[\d.,]+|[a-z]+)\b", re.I)
_MEASURE_MAX_WORDS = 7
# Where a measure's name ends before a place or a group it is counted at: "gas used per batch | at the glass kiln".
_PLACE_AFTER = re.compile(r"\s+(?:at|in|on|across|throughout|for)\s+(?:the|our|their|all|each|every|both|this|that)\b.*$",
                          re.I | re.S)
# How a quantity moved, after its verb: "fell sharply", "rose again last week".
_ADVERB = re.compile(r"^(?:sharply|steadily|slightly|further|again|steeply|fast|quickly|a (?:lot|little|bit)|noticeably|"
                     r"markedly|overnight|week on week|month on month|year on year)\b", re.I)
# A measure is a noun phrase: a verb of its own in it means the move verb was read where it is none.
_VERB_IN = re.compile(r"\b(?:is|are|was|were|has|have|had|be|been|will|would|can|could|should|did|does|do)\b|\d$", re.I)
_PRONOUN = re.compile(r"^(?:we|they|it|he|she|i|you|someone|everyone|nobody)$", re.I)


# A figure's move written with an arrow, the measure's name just before it: "WAPE 23.4% -> 16.8%", "churn 4.1 → 3.2".
_ARROW = re.compile(r"(?P<measure>(?:[^\W\d][\w@/'’-]*\s+){0,3}[^\W\d][\w@/'’-]*)\s+(?P<a>\d[\d.,]*)\s?%?\s*(?:->|→|=>|⇒)\s*"
                    r"(?P<b>\d[\d.,]*)\s?%?(?![\d.])")


_ARROW_VERB = re.compile(r"\b(?:went|goes|gone|go|became|becomes|got|gets|moved|moves|changed|changes)$", re.I)
_PERIOD_AFTER = re.compile(r"\s*(?:working\s+)?(?:days?|weeks?|wks?|months?|mos?|sprints?|quarters?|years?|yrs?|hours?|hrs?|"
                           r"minutes?|mins?|seconds?|secs?)\b", re.I)


def _arrow_move(text: str) -> tuple[str, str, bool] | None:
    """(way, measure, True) for a move written with an arrow; the values say which way."""
    m = _ARROW.search(text)
    if m is None:
        return None
    a, b = _amount(m.group("a")), _amount(m.group("b"))
    if a is None or b is None or a == b:
        return None
    measure = _LEAD.sub("", _SUBJECT_START.sub("", m.group("measure")).strip(" ,;:")).strip()
    if not _names_measure(measure) or _ARROW_VERB.search(measure) or _PERIOD_AFTER.match(text, m.end()):
        return None  # "est. went 3 -> 8 weeks": a span of time that grew, which the rules read, not a measure's name
    return ("down" if b < a else "up"), measure, True


def _amount(word: str) -> float | None:
    """A figure's value, in digits or in words ("nine")."""
    said = word_count(word)
    if said is not None:
        return float(said)
    try:
        return float(word.rstrip(".,").replace(",", ""))
    except ValueError:
        return None


# What the team built, as the subject of a verb that moves a measure: "the route optimiser cut delivery distance by
# 8.5%", "the recommendation emails lifted repeat orders by 7%", "we trimmed idle time by a third". A team reports the
# effect its own work was made for, so the move is good news whatever the measure. Not where the subject is a fault
# or an outside change ("the outage cut bookings by 5%", "the price change lifted returns"). Closed classes of the
# things teams build and of faults.
_OURS = re.compile(r"\b(?:model|models|system|tool|assistant|bot|chatbot|forecasts?|forecaster|optimi[sz]er|planner|scheduler|"
                   r"detector|classifier|engine|app|emails?|recommendations?|recommender|camera|pipeline|dashboard|predictor|"
                   r"matcher|ranker|retrain|roll-?out|pilot|trial|automation|we|our\s+[\w-]+)\b", re.I)
_FAULT = re.compile(r"\b(?:outage|bug|failure|fault|change|incident|strike|delay|price|prices|storm|weather|error|glitch|"
                    r"downtime|issue|problem|crash|shortage|backlog|competitor)s?\b", re.I)


def ours_moved(text: str) -> bool:
    """True when the team's own work is the subject of the verb that moved the measure (see _OURS)."""
    verbs = [m for m in _MOVE.finditer(text) if m.group(0).lower() in _TAKES_OBJECT]
    if not verbs:
        return False
    subject = _SUBJECT_START.sub("", text[: verbs[-1].start()])
    return bool(_OURS.search(subject)) and not _FAULT.search(subject)


def movement(text: str) -> tuple[str, str, bool] | None:
    """(way, measure, with a figure) for a clause saying a measure moved whose good side no exact rule knows.

    way is "up" or "down"; measure is the words that name what moved ("warp breaks" in "cut warp breaks by 18%",
    "fuel use per tonne" in "fuel use per tonne fell by 4%"), for the meaning of the measure to say whether that is
    good news. None when nothing moved, when the clause names a measure the rules read themselves (a time, money, an
    error rate, accuracy) or when no measure can be told from the words."""
    if _TIME_UNIT.search(text) or _MONEY.search(text) or _AMOUNT.search(text) or _direction(text, False) is not None:
        return None
    verbs = list(_MOVE.finditer(text))
    if not verbs:
        return _arrow_move(text)
    verb = verbs[-1]
    way = "down" if verb.group("down") else "up"
    after = text[verb.end() :]
    figured = bool(_MOVE_FIGURE.search(after))
    span = _FROM_TO.search(after)
    if span:
        a, b = _amount(span.group("a")), _amount(span.group("b"))
        if a is not None and b is not None and a != b:
            way = "down" if b < a else "up"  # the values say which way, whatever the verb
    if not figured and re.match(r"\s*(?:about\s+|around\s+)?[$€£]?\d", after):
        return None  # "raised 27 alerts", "dropped 3% of rows": the figure counts what the verb made or lost
    end = _OBJECT_END.search(after)
    named_after = (after[: end.start()] if end else after).strip()
    said = verb.group(0).lower()
    if said in _TAKES_OBJECT and named_after:
        if not figured:
            return None  # "the team cut the scope" is a choice made, not a measure that moved
        measure = named_after
    else:
        if named_after and not _ADVERB.match(named_after):
            return None  # "we dropped the feature": what follows the verb is its object, so nothing moved by itself
        if not figured and said not in _MOVED_ALONE:
            return None
        measure = _AUX.sub("", _SUBJECT_START.sub("", text[: verb.start()]).strip())
    measure = _LEAD.sub("", _PLACE_AFTER.sub("", measure.strip(" ,;:"))).strip()
    if not _names_measure(measure):
        return None  # "timing out for depots with more than 400 drops": a verb before it, so "drops" is no move
    return way, " ".join(measure.split()[-_MEASURE_MAX_WORDS:]), figured


def _names_measure(measure: str) -> bool:
    """The words can name a measure: some words, no negation, not a pronoun, no verb of their own."""
    return bool(measure.split()) and not (_NEGATED.search(measure) or _PRONOUN.match(measure) or _VERB_IN.search(measure))
