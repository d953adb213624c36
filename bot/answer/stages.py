"""Questions to ask at a use-case stage: the stage's questions in full (the BoK's where indexed, else the pack's), the
passage they rest on, the stage's warning sign and milestone, and with a program in scope the use cases there now."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answer.claims import Claim, RecordRef, joined, render
from bot.answer.model import Answer
from knowledge.text import sentences
from knowledge.types import Citation

log = logging.getLogger(__name__)

STAGES = ("data_preparation", "model_development", "integration", "deployment", "production")
# The BoK's list of stage questions covers the four stages before production; "each stage" means those four.
BOK_STAGES = STAGES[:4]
# How people name each stage in a question (our own vocabulary, matched as whole words). Going live is the
# deployment stage's end; "after go-live" is production, decided by _AFTER_LIVE before these are read.
_NAMES: dict[str, tuple[str, ...]] = {
    "data_preparation": ("data preparation", "data prep", "preparing the data", "prepare the data", "prepping the data",
                         "getting the data ready", "get the data ready", "data cleaning", "cleaning the data",
                         "data sourcing", "sourcing the data", "data readiness", "data stage"),
    "model_development": ("model development", "developing the model", "develop the model", "building the model",
                          "build the model", "model building", "model build", "experimentation", "experimenting",
                          "training the model", "model training", "modelling", "modeling"),
    "integration": ("integration", "integrating", "integrate", "hooking up", "wiring up", "plugging in"),
    "deployment": ("deployment", "deploying", "deploy", "go-live", "go live", "going live", "goes live", "golive", "launch",
                   "launching", "release", "releasing", "rollout", "roll-out", "roll out", "rolling out", "pilot",
                   "piloting", "cutover", "cut-over"),
    "production": ("production", "in prod", "live in production", "running live", "business as usual",
                   "post-launch", "post launch", "post-go-live"),
}
_AFTER_LIVE = re.compile(
    r"\b(?:after|once|since|post)[- ](?:we |it |the model )?(?:(?:is|are|has|have|goes|went|gone|go(?:ing)?)[- ])?"
    r"(?:live|go[- ]?live|launch\w*|release\w*|deploy\w*|roll(?:ed|ing)?[- ]?out)\b",
    re.I,
)
_ALL = re.compile(r"\b(?:each|every|all(?: the)?|per|by|across) (?:use[- ]case |delivery )?stages?\b|\bstage by stage\b", re.I)
# The request itself: questions to ask, or things to check, confirm or look for (the words, any order).
_ASKS = re.compile(
    r"\b(?:ask(?:s|ed|ing)?|questions?|questioning|check(?:s|ed|ing|list|lists)?|confirm(?:s|ed|ing)?|"
    r"verif(?:y|ies|ied|ying)|probe|probing|challeng(?:e|es|ing)|quiz|interrogat\w*|look(?:ing)? (?:for|at|out for)|"
    r"make sure|watch (?:for|out for))\b",
    re.I,
)
# Each stage's technical risk pattern in the pack (key), the warning sign to watch while a use case is there.
_PATTERN = {"data_preparation": "recurring_data_quality", "model_development": "stalled_experimentation",
            "integration": "integration_scope_creep"}

SectionText = Callable[[str, int, str], "str | None"]


@dataclass
class StageCases:
    """A program's use cases at one stage, with the questions their own findings raise."""

    program: str  # the program's id, for record citations
    program_name: str
    cases: list = field(default_factory=list)  # store.models.UseCase
    findings: dict = field(default_factory=dict)  # use case id -> findings about it


# A yes/no question about a state ("Has pricing passed its deployment checks?") asks for the records, not for the
# questions to ask; "can you list ..." and "should I ask ..." are still requests.
# "Who checks ...", "why ask ...", "when is it checked" ask for a person, a reason or a time.
_NOT_A_REQUEST = re.compile(r"^\s*(?:is|are|am|was|were|has|have|had|did|does|will|who|whom|whose|why|when|where|"
                    r"(?:can|could|would)(?! (?:you|u)\b))\b", re.I)


def asks_questions(question: str) -> bool:
    """Whether the question asks what to ask, check or confirm (the request, whatever it is about)."""
    return bool(_ASKS.search(question)) and not _NOT_A_REQUEST.match(question)


def named_stages(question: str) -> list[str]:
    """The use-case stages a question names, in delivery order; every BoK stage for 'each stage'."""
    low = " ".join(question.lower().replace("’", "'").split())
    found: set[str] = set()
    rest = low
    if _AFTER_LIVE.search(rest):
        found.add("production")
        rest = _AFTER_LIVE.sub(" ", rest)
    for stage, words in _NAMES.items():
        if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", rest) for w in words):
            found.add(stage)
    if _ALL.search(low):  # "each stage, from getting the data ready to go-live" names the ends of the whole list
        found.update(BOK_STAGES)
    return [s for s in STAGES if s in found]


def stage_answer(question: str, stages: list[str], section_text: SectionText | None,
                 cases: dict[str, StageCases] | None = None,
                 source_of: Callable[[str, int, str], "str | None"] | None = None) -> Answer:
    """The questions for each stage asked about, item by item and cited, with the use cases there now when known."""
    from bot.oversight.questions import finding_questions, stage_questions
    from knowledge.pack import load_pack

    pack = load_pack()
    claims: list[Claim] = []
    lead = _lead(stages, section_text, pack)
    if lead is not None:
        claims.append(lead)
    for stage in stages:
        asked = stage_questions(stage, section_text)
        if not asked:
            continue
        label = pack.stage_questions[stage][0].stage_label
        claims.append(Claim(f"{label}, ask:"))
        # A paraphrase's citation quotes the paraphrase, so the source list shows what the answer rests on.
        claims += [Claim(q.text, bok=[q.citation if q.citation.quote else q.citation.model_copy(update={"quote": q.text})],
                         item=True) for q in asked]
        claims += _stage_notes(stage, pack, asked[0].citation, len(stages) == 1)
        at = (cases or {}).get(stage)
        if at is not None:
            claims += _cases(stage, at, finding_questions)
    program = next(iter(cases.values())).program if cases else ""
    text, citations = render(program, claims)
    if source_of is not None:  # a BoK passage is cited by the indexed file it came from, as every other answer cites it
        citations = [c.model_copy(update={"source": source_of(c.module, c.article, c.section) or c.source})
                     if c.kind == "bok" else c for c in citations]
    names = joined([stage.replace("_", " ") for stage in stages])
    where = f" and the records of {next(iter(cases.values())).program_name}" if cases else ""
    return Answer(answer=text, abstained=False, citations=citations, question=question,
                  context=f"Stage questions for {names}, from the BoK and knowledge pack{where}.")


def _lead(stages: list[str], section_text: SectionText | None, pack) -> Claim | None:
    """The sentence of the BoK section that says the EATP oversees by asking questions (before the stage labels)."""
    first = pack.stage_questions[BOK_STAGES[0]][0]  # where the BoK's list of stage questions sits
    src = first.source
    text = section_text(src.module, src.article, src.section) if section_text else None
    if text:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        at = next((i for i, line in enumerate(lines) if line.startswith(f"{first.stage_label}:")), None)
        if at is not None and at > 0:
            # The lead-in sits on the line before the first stage's question (labels run one per line).
            start = at
            while start > 0 and re.match(r"^(?:During|In) [\w ]+:", lines[start - 1]):
                start -= 1
            said = [s for s in sentences(lines[start - 1]) if len(s) >= 40 and not s.rstrip().endswith(":")] if start > 0 else []
            if said:
                from bot.oversight.sources import bok_source

                cite = Citation(source=bok_source(src.module, src.article), module=src.module, article=src.article,
                                section=src.section, quote=said[0], kind="bok")
                return Claim(said[0], bok=[cite])
    entry = next((e for e in pack.entries if e.id == "oversight-by-questions"), None)
    if entry is None:
        return None
    cite = Citation(source="COMPEL knowledge pack", module=entry.source.module, article=entry.source.article,
                    section=entry.source.section, quote=sentences(entry.text)[0], kind="pack")
    return Claim(sentences(entry.text)[0], bok=[cite])


def _stage_notes(stage: str, pack, cite: Citation, alone: bool) -> list[Claim]:
    """The warning sign to watch at the stage and the milestone that closes it (when one stage is asked about)."""
    if not alone:
        return []
    out: list[Claim] = []
    key = _PATTERN.get(stage)
    pattern = next((p for p in pack.risk_patterns if p.key == key), None) if key else None
    if pattern is not None:
        signal = pattern.signal.rstrip(".")
        out.append(Claim(f"A warning sign to watch at this stage: {signal[:1].lower()}{signal[1:]}. {pattern.meaning}",
                         bok=[cite]))
    position = STAGES.index(stage)
    if position < len(pack.milestones):
        out.append(Claim(f"The stage ends at the milestone “{pack.milestones[position].name}”.", bok=[cite]))
    return out


def _cases(stage: str, at: StageCases, finding_questions) -> list[Claim]:
    """The program's use cases at the stage now, each with the questions its own findings raise."""
    name = stage.replace("_", " ")
    if not at.cases:
        return [Claim(f"None of the use cases of {at.program_name} is at {name} now.")]
    lead = (f"In {at.program_name}, {joined([u.name for u in at.cases])} "
            f"{'is' if len(at.cases) == 1 else 'are'} at {name} now:")
    out = [Claim(lead)]
    for uc in at.cases:
        ref = RecordRef("use_case", uc.id, f"{uc.name}: {uc.stage.replace('_', ' ')} stage, owner {uc.owner or 'not named'}.")
        asked = finding_questions(at.findings.get(uc.id, []))[:2]
        owner = f" (owner {uc.owner})" if uc.owner else ""
        if asked:
            extra = " ".join(q.text for q in asked)
            out.append(Claim(f"{uc.name}{owner}. Also ask: {extra}", records=[ref],
                             bok=[asked[0].citation], item=True))
        else:
            out.append(Claim(f"{uc.name}{owner}: nothing in its records raises a further question.", records=[ref], item=True))
    return out
