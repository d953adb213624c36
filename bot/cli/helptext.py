"""What `compel X --help` ends with: examples to copy, the settings the command reads, and the exit codes.

Kept in one table so every command says the same things in the same order; `LazyGroup` adds it when it loads a command.
"""

from __future__ import annotations

import re

import click

# Settings read by every command that opens the records (README.md, "Configuration", has the whole table).
_RECORDS = ("COMPEL_DATA_DIR", "COMPEL_DATABASE_URL", "COMPEL_PROGRAM")
_INDEX = ("COMPEL_DATA_DIR", "COMPEL_EMBEDDINGS", "CHROMA_HOST", "CHROMA_PORT")
_LLM = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "COMPEL_LLM_MODEL", "COMPEL_LLM_TIMEOUT")
_SLACK = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "COMPEL_ADMINS", "COMPEL_CHANNEL_PROGRAMS")

# The settings each top-level command reads; its subcommands read the same.
SETTINGS: dict[str, tuple[str, ...]] = {
    "index": _INDEX,
    "ask": (*_INDEX, "COMPEL_PROGRAM", "COMPEL_DATABASE_URL", *_LLM),
    "translate": ("COMPEL_GLOSSARY", *_LLM),
    "records": (*_RECORDS, *_INDEX[1:]),
    "demo": (*_RECORDS, *_INDEX[1:]),
    "risks": (*_RECORDS, "COMPEL_STALE_AFTER_DAYS"),
    "questions": (*_RECORDS, *_LLM),
    "readiness": _RECORDS,
    "debt": _RECORDS,
    "risk": _RECORDS,
    "decision": _RECORDS,
    "milestone": _RECORDS,
    "status": (*_RECORDS, "COMPEL_STALE_AFTER_DAYS"),
    "serve": (*_SLACK, *_RECORDS, "COMPEL_BOK_PATH", *_LLM),
    "console": (*_RECORDS, "COMPEL_ADMINS", *_LLM),
    "run": ("COMPEL_BOK_PATH", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", *_RECORDS, *_LLM),
    "standup": (*_RECORDS, "SLACK_BOT_TOKEN", *_LLM),
    "sprint": _RECORDS,
    "report": (*_RECORDS, "COMPEL_STALE_AFTER_DAYS", "SLACK_BOT_TOKEN"),
    "calendar": _RECORDS,
}

# Examples by command path (after "compel"), each a line someone can copy.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": ('compel run', 'compel ask "Which questions fit a model that is about to go live?"', "compel status --program halvorsen"),
    "index": ("compel index ../shared/bok", "compel index ../shared/bok --prune --json"),
    "ask": ('compel ask "When does a long experimentation phase become a feasibility risk?"',
            'compel ask --program halvorsen "Who has not reported?"', "compel ask --batch questions.txt --json"),
    "translate": ('compel translate "p95 latency on the scoring API is 900ms against a 300ms SLA"',
                  'echo "the feature store backfill failed twice" | compel translate -', "compel translate --batch updates.txt --json"),
    "records": ("compel records import program.yaml", "compel records export -o program.yaml", "compel records list"),
    "records import": ("compel records import program.yaml", "compel records import standup.csv --program halvorsen",
                       "compel records import program.yaml --replace --json"),
    "records export": ("compel records export -o program.yaml", "compel records export --program halvorsen --json"),
    "records list": ("compel records list", "compel records list --json"),
    "demo": ("compel demo load", "compel demo load --current"),
    "demo load": ("compel demo load", "compel demo load --current --json"),
    "risks": ("compel risks --program halvorsen", "compel risks --severity high --as-of 2026-11-04 --json"),
    "questions": ('compel questions --stage "data preparation"', 'compel questions --use-case "Spot pricing" --json'),
    "readiness": ('compel readiness "Spot pricing"', "compel readiness uc-eta --json"),
    "debt": ("compel debt list", 'compel debt add "Scoring job has no retry" --use-case "Spot pricing"', "compel debt resolve debt-003"),
    "debt list": ("compel debt list", "compel debt list --status all --json"),
    "debt add": ('compel debt add "Scoring job has no retry" --use-case "Spot pricing" --sprint 9',
                 'compel debt add "Model served without an approved risk review" --category "compliance violation" --owner "Ana Lima"'),
    "debt resolve": ("compel debt resolve debt-003", "compel debt resolve debt-003 --json"),
    "risk": ('compel risk add "Label supplier may raise prices" --severity high', "compel risk list --status open"),
    "risk add": ('compel risk add "Label supplier may raise prices" --severity high --owner "Ana Lima" --review 2026-12-01',),
    "risk update": ("compel risk update rk-002 --status mitigated", 'compel risk update rk-002 --owner "Ana Lima" --json'),
    "risk list": ("compel risk list", "compel risk list --status open --json"),
    "decision": ('compel decision add "Extend the pilot by a sprint?" --owner "Ana Lima"', "compel decision list --status open"),
    "decision add": ('compel decision add "Extend the pilot by a sprint?" --owner "Ana Lima" --deadline 2026-12-01',),
    "decision list": ("compel decision list", "compel decision list --status open --json"),
    "milestone": ('compel milestone set "Spot pricing" "integration testing passed" met',),
    "milestone set": ('compel milestone set "Spot pricing" "integration testing passed" met',
                      'compel milestone set uc-eta "deployment readiness confirmed" "at risk" --json'),
    "status": ("compel status --program halvorsen", "compel status --as-of 2026-11-04 --json"),
    "serve": ("compel serve", "compel serve --http --port 3000"),
    "console": ("compel console",),
    "run": ("compel run", "COMPEL_BOK_PATH=../shared/bok compel run"),
    "standup": ("compel standup summary --audience sponsor", "compel standup setup --channel C0123ABC --timezone Europe/Oslo",
                "compel standup post --dry-run"),
    "standup summary": ("compel standup summary", "compel standup summary --date 2026-11-03 --audience steering --json"),
    "standup setup": ("compel standup setup --channel C0123ABC --timezone Europe/Oslo --days mon-thu --prompt 09:00",
                      "compel standup setup --file standups.yaml"),
    "standup list": ("compel standup list", "compel standup list --json"),
    "standup skip": ("compel standup skip --channel C0123ABC --user U0123ABC --date 2026-11-06",),
    "standup ooo": ("compel standup ooo 3 --channel C0123ABC --user U0123ABC --from 2026-11-09",),
    "standup post": ("compel standup post --dry-run", "compel standup post --every 60"),
    "standup runs": ("compel standup runs", "compel standup runs --channel C0123ABC --json"),
    "sprint": ("compel sprint review", "compel sprint retro"),
    "sprint review": ("compel sprint review", "compel sprint review 6 --chart review.png --json"),
    "sprint retro": ("compel sprint retro", 'compel sprint retro --action "Pair on the data contract" --owner "Ana Lima" --due 8',
                     "compel sprint retro --done 1"),
    "report": ("compel report integration", "compel report steering --chart steering.png"),
    "report integration": ("compel report integration", "compel report integration --as-of 2026-11-04 --json"),
    "report steering": ("compel report steering", "compel report steering --chart steering.png --json"),
    "report schedule": ("compel report schedule integration --channel C0123ABC --on fri --at 15:00",
                        "compel report schedule steering --channel C0123ABC --on 31 --timezone Europe/Oslo",
                        "compel report schedule steering --channel C0123ABC --remove"),
    "report schedules": ("compel report schedules", "compel report schedules --json"),
    "calendar": ("compel calendar list", "compel calendar add 2026-12-24 2026-12-31 --note 'Year end'"),
    "calendar list": ("compel calendar list", "compel calendar list --json"),
    "calendar add": ("compel calendar add 2026-12-24 --note 'Christmas Eve'", "compel calendar add 2026-12-24,2026-12-31"),
    "calendar remove": ("compel calendar remove 2026-12-31",),
}

EXIT_CODES = ("Exit codes: 0 done; 2 the input or a setting was refused (the one-line message says what to change); "
              "1 an unexpected error (logged in $COMPEL_DATA_DIR/logs/compel.log).")


def epilog(path: str) -> str:
    """The end of a command's help: its examples, the settings it reads, the exit codes."""
    parts = []
    examples = EXAMPLES.get(path, ())
    if examples:
        parts.append("\b\nExamples:\n" + "\n".join(f"  {e}" for e in examples))
    settings = SETTINGS.get(path.split(" ")[0]) if path else ("COMPEL_DATA_DIR", "COMPEL_BOK_PATH", "COMPEL_PROGRAM")
    if settings:
        parts.append(f"Settings it reads: {', '.join(dict.fromkeys(settings))} (see README.md, Configuration, and bot/config.py).")
    parts.append(EXIT_CODES)
    return "\n\n".join(parts)


def annotate(cmd: click.Command, path: str) -> click.Command:
    """Give a command (and, for a group, each subcommand) its epilog and a short help that is a whole sentence."""
    if getattr(cmd, "_compel_help", False):
        return cmd
    cmd.epilog = epilog(path)
    if cmd.short_help is None and cmd.help:
        # click cuts a listing's line at ~45 characters or at "e.g.": the first sentence whole reads better.
        first = " ".join(cmd.help.split("\n\n")[0].split()).split(", e.g.")[0].split(". ")[0].rstrip(".")
        if len(first) > 70:  # a listing's line: the sentence without its asides
            first = re.sub(r" *\([^()]*\)", "", first).split(";")[0]
        cmd.short_help = first + "."
    cmd._compel_help = True
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            annotate(sub, f"{path} {name}".strip())
    return cmd
