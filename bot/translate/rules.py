"""The situations an engineer update can describe, with their cues and their business wording, as data.

Every sentence here is plain English, carries no number and no glossary term: tests hold it to that. The table is
in two files (risk and waiting situations in rules_risk.py, delivery situations here); the order is the tie order.
"""

from __future__ import annotations

from bot.translate.cues import IMPACT_CUES, RESOLVED
from bot.translate.rules_risk import RISK_SITUATIONS
from bot.translate.situation import FALLBACK, OPT_TIME, Decides, Situation, _rx

__all__ = ["BY_NAME", "FALLBACK", "SITUATIONS", "Decides", "Situation"]

_DELIVERY_SITUATIONS: tuple[Situation, ...] = (
    Situation(
        name="metric_drop",
        category="quality gap",
        cues=_rx(r"\b(?:precision|recall|accuracy|AUC|F1|MAPE|RMSE|error rate|hit rate|conversion\w*|click-?through|CTR|"
                 r"quality|performance)\b.{0,60}\b(?:dropp\w*|drops?|fell|fall\w*|declin\w*|decreas\w*|degrad\w*|down|worse|"
                 r"regress\w*)\b|\b(?:dropp\w*|fell|declin\w*|decreas\w*|down) from \S+ to \S+"),
        unless=RESOLVED,
        weight=2.5,
        decides="always",
        lead="The system's results have got worse.",
        impact="People relying on its output get poorer results until this is fixed, which can cost sales, time or trust, and past figures may have looked better than reality.",
        options=(
            "Keep the current version in use while the team finds and fixes the cause, and tell the people affected.",
            "Switch back to the previous version until the fix is proven.",
            "Pause its use for the affected cases until quality recovers.",
        ),
        question="whether to keep the current version in use, switch back, or pause it while the cause is fixed",
        who="product owner, with the business sponsor",
        cite=("oversight_target",),
    ),
    Situation(
        name="below_target",
        category="quality gap",
        cues=_rx(r"\b(?:below|under|short of|miss\w*) (?:the |our )?target\b|\bnot converg\w*|\bcan'?t get (?:above|past|beyond)\b|"
                 r"\bstuck at\b|\bplateau\w*|\bstill not (?:good|accurate) enough\b|\bno viable\b|"
                 r"\bbelow (?:the |our )?(?:\S+ )?(?:(?:that )?we (?:committed|agreed|promised|need\w*)|target|threshold|bar|minimum|required|agreed)\b|"
                 r"\b(?:target|goal) (?:was|is|of) \S+|\b(?:not|n't|never) (?:yet )?(?:beaten|beat|outperform\w*|better than)\b.{0,30}\bbaseline\b|"
                 r"\bstill in (?:experimentation|experiments|the experiment\w* phase)\b|\bafter \S+ sprints\b.{0,60}\b(?:still|not yet|no)\b"),
        unless=_rx(r"\b(?:met|beat|exceeded|hit|reached|above) (?:the |our )?(?:target|goal)\b|\bon target\b"),
        weight=2.5,
        decides="always",
        lead="The system is not reaching the quality the business case needs.",
        impact="If it keeps falling short, the use case may not be feasible as scoped; more time spent trying has a cost and no guaranteed result.",
        options=(
            "Give the team a short, fixed extra period with a clear test of success.",
            "Lower the quality bar where the business can live with it.",
            "Stop and put the effort into another use case.",
        ),
        question="whether to continue for a fixed period, accept a lower bar, or stop",
        who="business sponsor",
        cite=("oversight_risk",),
    ),
    Situation(
        name="wrong_outputs",
        category="quality gap",
        cues=_rx(r"\b(?:wrong|incorrect|inaccurate|made-up|nonsense|bad)\b (?:\w+ ){0,3}(?:answers?|amounts?|results?|predictions?|"
                 r"recommendations?|outputs?|scores?|figures?|numbers?|forecasts?|prices?|categories|labels?|summar\w+)\b|\bhallucinat\w*|"
                 r"\bmiss(?:es|ed)? (?:key|important|critical) (?:details?|facts?|cases?|information)\b"),
        unless=RESOLVED,
        weight=2.5,
        decides="always",
        lead="The system is giving some wrong answers.",
        impact="People acting on wrong output can make costly or embarrassing mistakes, and trust in the tool suffers.",
        options=(
            "Keep it in use with a person checking its output for now.",
            "Switch it off for the affected cases until the fix is proven.",
            "Accept the error rate where the business can live with it, and tell users.",
        ),
        question="whether to keep it in use with checks, switch it off for the affected cases, or accept the error rate",
        who="product owner, with the business sponsor",
        cite=("oversight_target",),
    ),
    Situation(
        name="supplier_shortfall",
        category="access or dependency",
        cues=_rx(r"\b(?:vendor|supplier|partner|contractor|third[- ]party|agency|outsourc\w*)\b.{0,60}\b(?:only|late|missed|short|behind|"
                 r"not delivered|hasn'?t delivered|failed to deliver|delivered \S+ of)\b|\bdelivered only\b|\bonly delivered\b"),
        weight=2.5,
        decides="always",
        lead="A supplier is not delivering what was promised.",
        impact="Work that depends on the delivery falls behind, and the contract may need attention.",
        options=(
            "Escalate with the supplier and hold them to the agreed dates.",
            "Find another source or do part of the work in-house.",
            "Move the plan to what the supplier can really deliver.",
        ),
        question="whether to escalate with the supplier, find another source, or move the plan",
        who="business sponsor",
        cite=("escalation",),
    ),
    Situation(
        name="too_slow",
        category="performance gap",
        cues=_rx(r"\blatenc\w*|\bslow\w*|\btak(?:es|ing|en)? \S+ (?:ms|milliseconds?|seconds?|mins?|minutes?|hours?|hrs?|h)\b|"
                 r"\btook \S+ (?:minutes?|hours?|seconds?)\b|\btoo long\b|\btime\w* out\b|\btimeouts?\b|\bSLAs?\b|\bp9\d\b|"
                 r"\bthroughput\b|\breal-?time\b|\bresponse times?\b|\bbottleneck\w*|\bruns? for \S+ (?:hours?|minutes?)\b|\blag\b|"
                 r"\b(?:loads?|runs?|responds?|returns?|renders?|finishes|completes) in \S+ (?:ms|seconds?|secs?|minutes?|mins?|hours?)\b"),
        weight=2.0,
        lead="Part of the system is too slow for the way the business wants to use it.",
        impact="Results will not be ready when people expect them, so they either wait or work from older information.",
        options=(
            "Invest in making it faster, at the cost of more engineering time or computing spend.",
            "Accept results on a schedule instead of on demand, and adjust the business routine to when they arrive.",
            "Narrow what is processed so it finishes in time.",
        ),
        question="whether to invest in speed or change the business routine to work with results on a schedule",
        who="business sponsor, with the product owner",
        cite=("translation",),
    ),
    Situation(
        name="cost_over",
        category="cost",
        cues=_rx(r"\bcost\w*|\bbudget\w*|\bspend\w*|\bbill\w*|\binvoice\w*|\bover ?spen\w*|[$€£]\s?\d|\bexpensive\b|\bpric\w*"),
        needs=_rx(r"\bover\b|\babove\b|\bexceed\w*|\bhigher\b|\bmore than\b|\bdoubl\w*|\btripl\w*|\bspik\w*|\bincreas\w*|\bjump\w*|"
                  r"\bup\b|\bexpensive\b|\bhit\b|\breached\b|\d(?:\.\d+)?x\b|\btwice\b|\bagainst (?:a |the |our )?\S*\s?budget\b|\bvs\.? (?:a |the )?\S*\s?budget\b"),
        weight=2.5,
        decides="always",
        lead="Running costs are higher than planned.",
        impact="Spending is trending above the budget; left alone, it eats into the money planned for other work.",
        options=(
            "Accept the higher running cost for the value it brings.",
            "Reduce usage or the size of the setup to fit the budget, accepting slower or fewer results.",
            "Ask for more budget with a clear business case.",
        ),
        question="whether to accept the higher cost, cut usage, or ask for more budget",
        who="business sponsor",
        cite=("cost",),
    ),
    Situation(
        name="monitoring_gap",
        category="quality gap",
        cues=_rx(r"\b(?:without|no) (?:any )?(?:model )?(?:monitoring|alert\w*|dashboards?)\b|\bnot (?:being )?monitored\b|\bnobody (?:is )?watching\b|"
                 r"\bmonitoring (?:is )?(?:still )?not (?:yet )?(?:in place|set up|ready|done|live|there)\b|\bmonitoring (?:is )?missing\b"),
        weight=3.0,
        decides="always",
        lead="A live system is running without anyone being warned if it goes wrong.",
        impact="This is an operational risk rather than an acceptable shortcut: a failure could go unnoticed and affect people for weeks.",
        options=(
            "Put basic warnings in place before anything else.",
            "Limit its use until the warnings are in place.",
        ),
        question="whether to limit its use until warnings are in place",
        who="product owner, with IT operations",
        cite=("debt_lines",),
    ),
    Situation(
        name="unreliable",
        category="quality gap",
        cues=_rx(r"\bflak\w*|\bintermittent\w*|\bsporadic\w*|\brandomly\b|\bfails? (?:about |roughly )?(?:sometimes|often|occasionally|regularly)\b|"
                 r"\b\S+ (?:in|of|out of) \S+ runs?\b|\bmanual(?:ly)? re-?run\w*|\bre-?runs?\b|\bretr(?:y|ies)\b|\bunstable\b|\bkeeps? failing\b|"
                 r"\bfail\w*"),
        unless=RESOLVED,
        weight=1.5,
        lead="A routine automated step is unreliable and needs people to restart it by hand.",
        impact="Each failure costs staff time and can leave reports or results late or out of date; it is not yet a dependable part of the service.",
        options=(
            "Spend team time now on making it reliable.",
            "Accept the manual restarts for now and schedule the fix.",
        ),
        question="whether to spend team time now on making it reliable or schedule the fix for later",
        who="product owner",
        cite=("reliability",),
    ),
    Situation(
        name="shortcut",
        category="quality gap",
        cues=_rx(r"\bhard-?cod\w*|\bhack\w*|\bworkaround\w*|\bshortcut\w*|\btemporar\w*|\bquick fix\b|\bstopgap\b|\bTODO\b|"
                 r"\btech(?:nical)? debt\b|\bfor now\b|\bto hit the demo\b|\bfor the demo\b|\bproper \w+(?:[- ]\w+)* later\b|"
                 r"\bneeds? a proper\b|\bclean (?:it |this )?up later\b|\bmanual (?:check|step|process) for now\b"),
        weight=2.0,
        lead="The team took a deliberate shortcut to keep things moving.",
        impact="Nothing changes for users today, but the shortcut needs manual upkeep and can cause errors if forgotten, so it belongs in the debt register with a planned fix.",
        options=(
            "Schedule the proper fix in an upcoming sprint.",
            "Accept it for longer and name an owner for the manual upkeep.",
        ),
        question="when to schedule the proper fix",
        who="product owner",
        cite=("debt",),
    ),
    Situation(
        name="scope_growth",
        category="delay",
        cues=_rx(r"\bmore integration points\b|\bnew integrations?\b|\bscope (?:keeps |has )?(?:grow\w*|grew|expand\w*|increas\w*|creep)\b|"
                 r"\banother (?:system|interface|integration)\b|\badditional (?:integrations?|interfaces?|systems?)\b|"
                 r"\bbigger than (?:we )?(?:thought|estimated|expected)\b"),
        weight=2.5,
        decides="always",
        lead="The work is turning out larger than estimated.",
        impact="More pieces to connect means more time and cost than planned, and a sign the design met complexity nobody foresaw.",
        options=OPT_TIME,
        question="whether to accept more time, reduce what is delivered first, or add people",
        who="steering committee",
        cite=("oversight_risk",),
    ),
    Situation(
        name="capacity_loss",
        category="delay",
        cues=_rx(r"\blost \S+ (?:of (?:its|our|the) \S+ )?(?:engineers|people|developers|data scientists|analysts|staff|team members)\b|"
                 r"\bresign\w*|\bleft the (?:team|company)\b|\bhanded in (?:their|his|her) notice\b|\battrition\b|"
                 r"\bhiring (?:is )?(?:frozen|on hold|paused)\b|\bhiring freeze\b|\bunderstaffed\b|\bshort-?staffed\b|"
                 r"\bon (?:parental |sick |long-term )?leave\b|\bonly (?:one|\S+) (?:person|engineer) (?:who )?knows\b"),
        weight=2.5,
        decides="always",
        lead="The team has lost people it was counting on.",
        impact="With fewer hands the plan will slip unless the work is reprioritised or the gap is filled; knowledge held by those who left is at risk.",
        options=(
            "Fill the gap quickly with contractors or people from other teams.",
            "Reduce or reorder what is delivered first to fit the smaller team.",
            "Accept a later date for the full scope.",
        ),
        question="whether to fill the gap, reduce what is delivered first, or accept a later date",
        who="business sponsor",
        cite=("escalation",),
    ),
    Situation(
        name="late",
        category="delay",
        cues=IMPACT_CUES["date"],
        weight=1.5,
        decides="always",
        lead="A planned date is at risk.",
        impact="Work planned around that date, and the people waiting for the result, will have to adjust.",
        options=OPT_TIME,
        question="whether to accept the later date, reduce what is delivered first, or add resources to hold it",
        who="business sponsor",
        cite=("escalation",),
        unless=_rx(r"\bon track\b|\bahead of schedule\b"),
    ),
    Situation(
        name="blocked",
        category="blocker",
        cues=_rx(r"\bblock\w*|\bstuck\b|\bcan'?t proceed\b|\bcannot proceed\b|\bon hold\b|\bwaiting (?:on|for)\b|\bdepends? on\b|\bdependent on\b"),
        unless=_rx(r"\bnothing (?:is )?block\w*|\bno blockers?\b|\bnot blocked\b|\bunblocked\b"),
        weight=1.5,
        lead="Work has stopped until something outside the team is resolved.",
        impact="Each day it stays blocked pushes back the work that follows, so it needs an owner and a route to escalate.",
        options=(
            "Escalate to whoever can remove the block.",
            "Move the team onto other work meanwhile.",
        ),
        question="whether to escalate the block or move the plan",
        who="business sponsor",
        cite=("escalation",),
    ),
    Situation(
        name="progress",
        category="progress",
        cues=_rx(r"\bdone\b|\bcomplete[ds]?\b|\bfinished\b|\bshipped\b|\bmerged\b|\bdelivered\b|\bpassed\b|\bwent live\b|\bis live\b|"
                 r"\blive now\b|\bon track\b|\bahead of schedule\b|\bready for\b|\bdemoed\b|\bsigned off\b|\bapproved\b|\bgranted\b|"
                 r"\bdeployed\b|\breleased\b|\bimproved\b|\bup from\b|\bfixed\b|\bsubmitted\b|\bnow match\w*|\bgreen\b|"
                 r"\badded\b|\bbuilt\b|\bpublished\b|\bagreed\b|\bimplemented\b|\blaunched\b|\blanded\b|\bwrapped up\b|"
                 r"\b(?:up|rose|risen|climbed) to \S+ ?(?:%|percent|per cent)"),
        weight=1.0,
        decides="never",
        lead="Progress update: a step of the work is done.",
        impact="No action is needed from the business; this moves the work towards its next milestone.",
        cite=(),
    ),
)

SITUATIONS: tuple[Situation, ...] = (*RISK_SITUATIONS, *_DELIVERY_SITUATIONS)
BY_NAME = {s.name: s for s in SITUATIONS}
