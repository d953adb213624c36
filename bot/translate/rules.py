"""The situations an engineer update can describe, with their cues and their business wording, as data.

Every sentence here is plain English, carries no number and no glossary term: tests hold it to that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.translate.cues import IMPACT_CUES, PROBLEM, RESOLVED

Decides = Literal["always", "never", "impact"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


@dataclass(frozen=True)
class Situation:
    """One kind of update: how to recognise it and how to say what it means."""

    name: str
    category: str
    cues: re.Pattern[str]
    lead: str
    impact: str
    decides: Decides = "impact"
    needs: re.Pattern[str] | None = None  # a second cue that must also be present
    context: re.Pattern[str] | None = None  # and a third, where the situation only makes sense in a setting
    weight: float = 1.0
    options: tuple[str, ...] = ()
    question: str = ""
    who: str = "business sponsor"
    cite: tuple[str, ...] = ()
    unless: re.Pattern[str] | None = field(default=None)  # a cue that rules this situation out


_OPT_TIME = (
    "Accept the extra time and move the date.",
    "Hold the date by reducing what is delivered first.",
    "Add people or budget to win the time back, if the work allows it.",
)

SITUATIONS: tuple[Situation, ...] = (
    Situation(
        name="resolved_problem",
        category="incident",
        cues=RESOLVED,
        needs=PROBLEM,
        context=_rx(r"\bprod\w*|\blive\b|\bcustomers?\b|\busers?\b|\boutage|\bincident|\brollback|\brolled back|\brevert\w*|"
                    r"\bserving\b|\bhot-?fix\w*|\bdowntime\b|\bv\d|\bversion\b|\bservice\b|\bregress\w*"),
        weight=3.0,
        decides="never",
        lead="A problem with a live system was caught and contained, and the service is running normally again.",
        impact="People using it are back on a working version. What remains is to learn the cause and prevent a repeat; any improvement the change was meant to bring is on hold until then.",
        cite=("mlops",),
    ),
    Situation(
        name="open_problem",
        category="incident",
        cues=_rx(r"\boutage\b|\bis down\b|\bwent down\b|\bincident\b|\bsev ?\d\b|\bP1\b|\bnot working\b|\bunavailable\b|"
                 r"\bcrash\w*|\bfail\w* in prod\w*|\berrors? in prod\w*|\bbroken in prod\w*|\bOOM\w*|\bout of memory\b"),
        unless=RESOLVED,
        weight=2.5,
        lead="Something the business relies on is failing right now.",
        impact="Work that depends on it is disrupted until the team repairs it or switches back to the last working version.",
        options=(
            "Switch back to the last working version while the cause is found.",
            "Keep it running with a temporary fix and tell the people affected what to expect.",
        ),
        question="how to keep the business running meanwhile and what to tell the people affected",
        who="product owner, with IT operations",
        cite=("mlops",),
    ),
    Situation(
        name="governance_gap",
        category="governance or compliance",
        cues=_rx(r"\bwithout (?:the |a |any )?(?:\w+ ){0,2}(?:approval|sign-?off|review|DPIA|consent|bias testing|fairness (?:testing|checks?))\b|"
                 r"\bskip\w* (?:the )?(?:bias|fairness|security|privacy|governance|risk|compliance|DPIA|legal|ethics|model risk)\b|\bno (?:DPIA|approval|sign-?off|consent)\b|"
                 r"\bnot (?:yet )?approved\b|\bunapproved\b|\bbypass\w*|\bskip(?:ped)? (?:the )?(?:\w+ )?review\b|"
                 r"\bbias(?:ed)?\b.{0,40}\b(?:found|detected|against|towards?|issue|problem|concern)\w*|\bunfair\w*|\bdisparate\b|\bPII\b|\bpersonal data\b.{0,40}\b(?:exposed|leak\w*|logged|shared)\b"),
        weight=3.0,
        decides="always",
        lead="A governance or compliance requirement is not being met.",
        impact="Going ahead as things stand would be a compliance breach rather than an accepted shortcut, with legal and reputational risk for the organisation.",
        options=(
            "Stop and complete the required approvals before going further.",
            "Narrow the use so that it stays inside what is already approved.",
        ),
        question="whether to pause until the approvals are in place or narrow the use to what is already approved",
        who="risk committee",
        cite=("debt_lines",),
    ),
    Situation(
        name="compliance_request",
        category="governance or compliance",
        cues=_rx(r"\brisk committee\b|\bcompliance\b|\baudit\w*|\bregulat\w*|\blegal\b|\bprivacy\b|\bDPO\b|\bCISO\b|"
                 r"\bsecurity team\b|\bgovernance\b|\bmodel risk\b|\bethics\b|\bexplainab\w*"),
        needs=_rx(r"\bask\w*|\brequir\w*|\brequest\w*|\bmandat\w*|\bneeds?\b|\bflag\w*|\braised\b|\bwants?\b|\binsist\w*|\bexpect\w*"),
        weight=2.5,
        lead="A governance body has set a new requirement for this work.",
        impact="Meeting it is not optional, but it takes extra work, which can move dates or displace other work.",
        options=(
            *_OPT_TIME[:2],
            "Agree a lighter way to meet the requirement with those who set it, for instance covering the highest-risk cases first.",
        ),
        question="how to absorb the new requirement: accept the later date, reduce what is delivered first, or agree a lighter form",
        who="business sponsor, with the governance body that set the requirement",
        cite=("four_pillars",),
    ),
    Situation(
        name="adoption_gap",
        category="adoption",
        cues=_rx(r"\bonly \S+ (?:of|out of) (?:the |our )?\S+\b.{0,80}\b(?:log\w*|us(?:e|es|ed|ing)|adopt\w*|active|open\w*|tried)\b|"
                 r"\b(?:haven'?t|have not|hasn'?t|has not|not|never|rarely|barely) (?:yet )?(?:logged|used|using|opened|adopted|tried)\b|"
                 r"\blow (?:adoption|usage|uptake|engagement)\b|"
                 r"\b(?:adoption|usage|uptake|engagement)\b.{0,50}\b(?:is|are|has|remains?|stays?) (?:still )?(?:low|slow|stalled|flat|poor|dropp\w*|declin\w*)\b|"
                 r"\bstill using (?:their|the) (?:old|own|existing|legacy)\b|"
                 r"\b(?:going back|reverting|stick\w*) (?:to|with) (?:the old|excel|spreadsheets|their own)\b|\bnobody (?:uses|is using|opens)\b|"
                 r"\bresist\w*|\boverrid\w*|\bignor\w* (?:the )?(?:suggestions|recommendations|alerts|scores|predictions)\b|"
                 r"\bwork(?:ing)? around the (?:tool|system|model)\b|\b(?:don'?t|do not|doesn'?t|not) trust\w*|"
                 r"\b(?:won'?t|will not|refuse\w* to|don'?t want to) use\b|"
                 r"\b(?:reps|agents|users|staff|analysts|managers|planners|clinicians|underwriters|people|the business) (?:say|said|complain\w*|report\w*|tell us)\b|"
                 r"\b(?:rewrite|redo|re-?check|double-?check|correct)\w* (?:every|each|all|most)\b"),
        weight=3.0,
        decides="always",
        lead="People are not yet using the new tool the way the plan assumed.",
        impact="The benefits in the business case only arrive when people use it; until then the investment is not paying back, and old ways of working carry on.",
        options=(
            "Find out why with a few short conversations with the people not using it, before spending more.",
            "Add hands-on support and training for them.",
            "Have the sponsor make clear that the new tool replaces the old way of working.",
        ),
        question="how to close the adoption gap and whether the wider launch waits until it closes",
        cite=("multi_pillar",),
    ),
    Situation(
        name="data_gap",
        category="data quality",
        cues=_rx(r"\bmissing values\b|\bnulls?\b|\bincomplete\b|\bduplicat\w*|\bdirty data\b|\bdata quality\b|\binconsistent\b|"
                 r"\bmislabel\w*|\bwrong (?:values|codes|labels|dates)\b|\bcorrupt\w*|\bgaps? in the data\b|\bstale data\b|\boutdated data\b|"
                 r"\b(?:records|rows|values|fields|entries) (?:are |is )?(?:missing|empty|blank|invalid|wrong)\b|"
                 r"\bmissing (?:\w+ )?(?:data|fields|records|codes|values|ids|dates|labels|addresses|emails|prices)\b|"
                 r"\d ?%.{0,60}\b(?:missing|empty|blank|null|invalid|wrong|incomplete|duplicated?|mislabel\w*)\b|"
                 r"\b(?:label|data|annotation|labelling|labeling) quality (?:is |was )?(?:poor|low|bad|weak)\b|\bwrong categor\w*|"
                 r"\bonly \S+ (?:of (?:the |our )?)?[\w -]{0,40}\b(?:has|have|is|are)\b (?:\w+ )?(?:tagged|labell?ed|complete|filled|populated|mapped|cleaned|matched|usable)\b"),
        unless=_rx(r"\b(?:fixed|resolved|cleaned up)\b"),
        weight=2.5,
        decides="always",
        lead="The data this work depends on is not good enough in places.",
        impact="Results built on weak data are less reliable, and the gaps may change what the use case can promise or when.",
        options=(
            "Fix the data where it originates, with its owner.",
            "Narrow the use case to the data that is good enough.",
            "Go ahead with the known gaps and tell users what the results can and cannot be trusted for.",
        ),
        question="whether to fix the data where it originates, narrow the use case, or go ahead with known gaps",
        who="business sponsor, with the data owner",
        cite=("data_quality",),
    ),
    Situation(
        name="buying_wait",
        category="access or dependency",
        cues=_rx(r"\bprocurement\b|\bpurchase order\b|\bPO\b|\blicen[cs]\w*|\bcontract\w*|\bvendor\w*|\bsupplier\w*|\bMSA\b|\bNDA\b|\bRFP\b"),
        needs=_rx(r"\bpending\b|\bwaiting\b|\bdelay\w*|\bstuck\b|\bnot (?:yet )?signed\b|\bstill\b|\bblock\w*|\bslow\b|\bawaiting\b|\bno (?:response|answer)\b|"
                  r"\bhas(?:n'?t| not) (?:started|begun|signed|responded)\b|\bnot (?:yet )?started\b|\bexpir\w*"),
        weight=2.5,
        lead="Work is waiting on a purchase or a contract to be completed.",
        impact="Until the buying process finishes, the work that needs it cannot start; enterprise buying is often slow, so dates are at risk.",
        options=(
            "Escalate to speed up the purchase.",
            "Use a temporary, free or trial setup so the work can go on while the purchase completes.",
            "Move the plan to reflect the wait.",
        ),
        question="whether to escalate the purchase, use a temporary setup meanwhile, or move the plan",
        who="business sponsor",
        cite=("buying",),
    ),
    Situation(
        name="access_wait",
        category="access or dependency",
        cues=_rx(r"\baccess\b|\bpermissions?\b|\bcredentials?\b|\bfirewall\b|\bservice account\b|\bVPN\b|\bchange request\b|"
                 r"\bCHG-?\d*|\bnetwork (?:ops|team|operations)\b|\bprovision\w*|\ballowlist\w*|\bwhitelist\w*|\bsecurity review\b|"
                 r"\bIAM\b|\bSSO\b|\bquota\b|\bDBA\b|\bIT ops\b|\bIT operations\b"),
        needs=_rx(r"\bpending\b|\bwaiting\b|\bblock\w*|\bnot (?:yet )?(?:granted|approved|done)\b|\bstill\b|\bstuck\b|\bno response\b|"
                  r"\bawaiting\b|\bdenied\b|\brejected\b|\bdelay\w*|\bqueue\b|\bneed\w* (?:\w+ )?access\b|\bhas been with\b|"
                  r"\bfor \S+ (?:days|weeks|months)\b|\bopen since\b|\bno (?:reply|answer)\b|\bchasing\b|\bescalat\w*"),
        weight=3.0,
        lead="Work is waiting on another team to grant access or approve a technical change.",
        impact="The next step cannot start until that team acts, and the timing is in their hands rather than the project's.",
        options=(
            "Escalate to the other team's management to speed up the approval.",
            "Work with sample or copied data meanwhile, if policy allows.",
            "Move the plan to reflect the wait.",
        ),
        question="whether to escalate the wait or move the plan",
        who="business sponsor, with IT operations",
        cite=("access",),
    ),
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
        options=_OPT_TIME,
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
        options=_OPT_TIME,
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

BY_NAME = {s.name: s for s in SITUATIONS}
FALLBACK = Situation(
    name="general",
    category="progress",
    cues=_rx(r"(?!x)x"),
    lead="A status note from the team.",
    impact="Read on for what it may change.",
    decides="impact",
    options=(
        "Accept the effect described and adjust plans around it.",
        "Ask the team for a recovery plan with its options, costs and dates.",
    ),
    question="which way to go on the trade-off the team describes",
    cite=(),
)
