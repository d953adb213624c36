"""Fakes and fixtures for the Slack tests: deterministic engines, signed requests, an app on the local Slack."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from pydantic import SecretStr

from bot.answer.model import Answer
from bot.config import Settings
from bot.engines import AnswerRequest, AwayRequest, DebtAdd, DebtChange, QuestionsRequest, ReadinessRequest, ReplyRequest, StatusRequest, SummaryRequest, TranslateRequest
from bot.errors import InputError, NotFoundError
from bot.oversight.findings import Evidence, Finding
from bot.oversight.record_actions import RecordWritten
from bot.oversight.questions import Question, QuestionSet
from bot.oversight.readiness import PillarStatus, ReadinessReport
from bot.oversight.status import ProgramStatus, UseCaseStatus, WorkstreamStatus
from bot.translate.model import Translation
from knowledge.types import Citation
from store.models import DebtItem

SECRET = "test-signing-secret"
ADMIN = "UADMIN"
PROGRAM = "acme-ai"


def bok_citation(section: str = "Technical Debt Management", quote: str = "Remediation gets a fixed share of each sprint.") -> Citation:
    return Citation(source="article6.txt", module="2.4", article=6, section=section, quote=quote, score=0.9, kind="bok")


class FakeEngines:
    """Deterministic engines (the facade's calls, real result models) that record what they were asked; `answer_text`
    and `fail` steer them. Stand-up calls go to `standups` (a real `bot.engines.Engines`) when given, else there are none."""

    def __init__(self, standups: Any = None) -> None:
        self.standups = standups
        self.asked: list[tuple[str, str | None, list[str]]] = []
        self.translated: list[str] = []
        self.people: list[str | None] = []  # who asked: the LLM daily limit is per person
        self.debt: list[dict] = [
            {"id": "D-1", "description": "Feature pipeline has no tests", "category": "debt", "planned_sprint": 9, "status": "open", "use_case": "churn"},
            {"id": "D-2", "description": "Churn model in production without monitoring", "category": "operational_risk", "planned_sprint": None, "status": "open"},
        ]
        self.memberships: dict[str, list[str]] = {}  # channel or user id -> programs (stand-up schedules)
        self.answer_text = "Keep 15 to 20 percent of each sprint for remediation [1]."
        self.fail: BaseException | None = None
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.release.set()

    def _maybe_fail(self) -> None:
        if self.fail is not None:
            raise self.fail

    def answer(self, req: AnswerRequest) -> Answer:
        question, program, history, person = req.question, req.program, req.history, req.person
        self.release.wait(10)
        with self.lock:
            self.asked.append((question, program, list(history)))
            self.people.append(person)
        self._maybe_fail()
        if "weather" in question.lower():
            return Answer(answer="The BoK does not cover this.", abstained=True, context="0 passages")
        cites = [bok_citation()]
        if program:
            cites.append(Citation(source="standup U-7", section="stand-up 2026-03-02", quote="Pipeline tests slipped again.", kind="record"))
        return Answer(answer=self.answer_text, abstained=False, citations=cites, context=f"{len(cites)} passages")

    def translate(self, req: TranslateRequest) -> Translation:
        text, person = req.text or "", req.person
        self._maybe_fail()
        if not text.strip():
            raise InputError("Nothing to translate: the text is empty. Paste an engineer's update.")
        self.translated.append(text)
        self.people.append(person)
        return Translation(
            summary=f"In business terms: {text}", impact="Users wait longer.", options=["Optimise now", "Accept batch"],
            decision="The sponsor decides by Friday.", pillars=["technology"], category="performance gap",
            terms=[{"term": "p95", "meaning": "the time 95 of 100 requests stay under"}], citations=[bok_citation("Four-pillar readiness")],
        )

    def programs(self) -> list[str]:
        return [PROGRAM]

    def programs_for(self, user: str, channel: str) -> list[str]:
        return list(self.memberships.get(channel) or self.memberships.get(user) or [])

    def _check(self, program: str) -> None:
        self._maybe_fail()
        if program != PROGRAM:
            raise NotFoundError(f"No program {program!r} in the records.")

    def risks(self, program: str) -> list[Finding]:
        self._check(program)
        return [
            Finding(
                rule="feasibility_risk", title="Feasibility risk", severity="high", subject="churn", subject_name="Churn prediction",
                explanation="Fourth sprint in model development; AUC 0.71 against a target of 0.80.",
                evidence=[Evidence(kind="use_case", id="churn", sprint=7, detail="AUC 0.71")], citation=bok_citation("The EATP's Technical Oversight Model"),
                questions=["What is the team's hypothesis and its plan?"],
            )
        ]

    def questions(self, req: QuestionsRequest) -> QuestionSet:
        program, target = req.program, req.target or None
        self._check(program)
        return QuestionSet(
            stage="model_development", stage_name="model development", use_case=target, use_case_name=target,
            questions=[
                Question(text="Is the model converging on its target?", origin="pack", citation=bok_citation("Model Development")),
                Question(text="Fourth sprint: what is the plan?", origin="finding", rule="feasibility_risk", citation=bok_citation()),
            ],
        )

    def readiness(self, req: ReadinessRequest) -> ReadinessReport:
        program, use_case = req.program, req.use_case
        self._check(program)
        if use_case != "churn":
            raise NotFoundError(f"No use case {use_case!r} in program {program!r}. Closest: churn.")
        return ReadinessReport(
            use_case="churn", name="Churn prediction", stage="deployment", claimed=True, ready=False, milestone_status="pending",
            pillars=[PillarStatus(pillar=p, ready=p != "governance", note="approval pending" if p == "governance" else "") for p in ("technology", "governance", "people", "process")],
            mlops={"deployment_pipeline": True, "monitoring": False}, governance_approved=False,
            gaps=["governance not ready: approval pending", "no monitoring"], findings=[], citations=[bok_citation("Machine Learning Operations Execution")],
        )

    def status(self, req: StatusRequest) -> ProgramStatus:
        program = req.program
        self._check(program)
        uc = UseCaseStatus(id="churn", name="Churn prediction", workstream="data", stage="model_development", milestones={}, next_milestone="model viability demonstrated", findings=1)
        return ProgramStatus(
            program=PROGRAM, name="Acme AI", stage="Produce", current_sprint=7, as_of=date(2026, 3, 2),
            use_cases_by_stage={"model development": [uc], "integration": []},
            workstreams=[WorkstreamStatus(id="data", name="Data platform", pillar="technology", lead="Ana", rag="amber", reasons=["access to CRM pending 14 days"])],
            program_signals=["Sprint completion (medium): two sprints under 70%."], findings_by_severity={"high": 1, "medium": 1, "low": 0},
        )

    def debt_list(self, program: str) -> list[DebtItem]:
        self._check(program)
        return [DebtItem(**d) for d in self.debt]

    def record_names(self, program: str) -> dict[str, str]:
        self._check(program)
        return {"churn": "Churn prediction"}

    def debt_add(self, req: DebtAdd) -> DebtChange:
        self._check(req.program)
        item = {"id": f"D-{len(self.debt) + 1}", "description": req.description, "category": req.category or "debt", "planned_sprint": req.planned_sprint,
                "status": "open", "use_case": req.use_case}
        self.debt.append(item)  # the ledger tests read: what was added, as plain values
        return DebtChange(program=req.program, item=DebtItem(**item))

    def record_write(self, program: str, action: str, fields: dict, by: str) -> RecordWritten:
        """A real, small in-memory version of the records actions (the debt register and a list of other writes)."""
        self._check(program)
        if action == "debt add":
            sprint = fields.get("sprint")
            change = self.debt_add(DebtAdd(program=program, use_case=fields.get("use case") or None, description=fields["title"], by=by,
                                           category=fields.get("category", "debt"), planned_sprint=int(sprint) if sprint else None))
            item = change.item
            return RecordWritten(kind="debt", id=item.id, lines=[f"Added {item.id} to {program}'s debt register as {item.category}."])
        self.written = [*getattr(self, "written", []), (action, dict(fields), by)]
        return RecordWritten(kind=action, id=f"x-{len(self.written)}", lines=[f"Done: {action} {fields.get('title', '')}".strip()])

    def next_standup(self, program: str) -> str | None:
        return "tomorrow 09:30"

    # --- stand-ups: a real stand-up engine when given, else none are scheduled ---------------------------------
    def _standups(self):
        if self.standups is None:
            raise NotFoundError("No stand-up is scheduled in this channel.")
        return self.standups

    def find_schedule(self, channel: str):
        return self.standups.find_schedule(channel) if self.standups is not None else None

    def schedules(self) -> list:
        return self.standups.schedules() if self.standups is not None else []

    def prompt_day(self, channel: str, thread_ts: str):
        return self.standups.prompt_day(channel, thread_ts) if self.standups is not None else None

    def standup_reply_at(self, channel: str, ts: str):
        return self.standups.standup_reply_at(channel, ts) if self.standups is not None else None

    def schedule(self, channel: str):
        return self._standups().schedule(channel)

    def standup_summary(self, req: SummaryRequest):
        return self._standups().standup_summary(req)

    def standup_setup(self, schedule):
        return self._standups().standup_setup(schedule)

    def standup_away(self, req: AwayRequest):
        return self._standups().standup_away(req)

    def standup_reply(self, req: ReplyRequest):
        return self._standups().standup_reply(req)


def slack_settings(tmp_path: Any, api_url: str = "http://127.0.0.1:9/api/", **extra: Any) -> Settings:
    """Settings for a test app: tokens, the test secret, one admin, the test program."""
    values: dict[str, Any] = dict(
        data_dir=tmp_path / "data", slack_bot_token=SecretStr("xoxb-test"), slack_signing_secret=SecretStr(SECRET),
        slack_api_url=api_url, admins=[ADMIN], program=PROGRAM,
    )
    values.update(extra)
    return Settings(**values)
