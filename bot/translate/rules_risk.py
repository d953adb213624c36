"""Situations of risk and waiting: incidents, governance, adoption, data, buying and access (first in the tie order)."""

from __future__ import annotations

from bot.translate.cues import PROBLEM, RESOLVED
from bot.translate.situation import OPT_TIME, Situation, _rx

RISK_SITUATIONS: tuple[Situation, ...] = (
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
            *OPT_TIME[:2],
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
)
