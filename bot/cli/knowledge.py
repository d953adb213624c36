"""`compel index` and `compel ask`."""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from bot.errors import InputError
from knowledge.text import plural


def _services():
    from bot.services import Services

    return Services()


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--prune", is_flag=True, help="Drop indexed documents that are no longer among PATHS.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
def index(paths: tuple[Path, ...], prune: bool, as_json: bool) -> int:
    """Index BoK files or folders (.txt, .md, .pdf) and the knowledge pack.

    Unchanged files are skipped; a changed file replaces exactly its own passages.
    """
    services = _services()
    with _progress(enabled=sys.stderr.isatty() and not as_json) as advance:
        report = services.index.index_paths(list(paths), prune=prune, progress=advance)
    if as_json:
        click.echo(json.dumps(asdict(report)))
        return 0
    changed = len(report.changed)
    click.echo(
        f"Indexed {plural(report.files, 'file')}: {changed} new or changed, {report.unchanged} unchanged"
        + (f", {len(report.pruned)} pruned" if report.pruned else "")
        + f". Passages: {report.embedded} embedded, {report.chunks_removed} removed; "
        f"{report.total_chunks} in the index ({report.seconds:.1f} s)."
    )
    return 0


class _progress:
    """A rich progress bar on a terminal; nothing when output is piped."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bar = Progress(TextColumn("Embedding {task.description}"), BarColumn(), MofNCompleteColumn(), transient=True)
        self._bar.start()
        task = self._bar.add_task("", total=None)

        def advance(done: int, total: int, name: str) -> None:
            self._bar.update(task, completed=done, total=total, description=name)

        return advance

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


@click.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help='Print {"program", "answer", "abstained", "citations"} as JSON (one object a line with --batch).')
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Answer one question per line of FILE.")
@click.option("--program", "-p", help="Also answer from this program's records.")
def ask(question: str | None, as_json: bool, batch: Path | None, program: str | None) -> int:
    """Answer a question from the BoK (and a program's records), citing module, article and section."""
    services = _services()
    program = program or services.settings.program
    if batch is not None:
        if question:
            raise InputError("Give either a QUESTION or --batch FILE, not both.")
        questions = _batch_questions(batch, services.settings.max_question_chars)
    else:
        if question is None:
            raise InputError('No question given; try: compel ask "Which questions fit a use case at the integration stage?"')
        questions = [question]
    from bot.engines import AnswerRequest, Engines

    engines = Engines(services)
    for n, q in enumerate(questions):
        result = engines.answer(AnswerRequest(question=q, program=program))
        if n == 0:
            # main() ran start-up without the collector (what it makes is kept); a batch's answers make garbage
            gc.enable()
        if as_json:
            click.echo(json.dumps({"program": program, **result.to_json()}, ensure_ascii=False))  # bot/cli/output.py's convention
        else:
            _print_answer(result, many=len(questions) > 1)
    return 0


def _batch_questions(path: Path, limit: int) -> list[str]:
    from bot.answer import check_question

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not UTF-8 text; save it as UTF-8 with one question per line.") from None
    questions = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            questions.append(check_question(line, limit))
        except InputError as exc:
            raise InputError(f"{path.name} line {n}: {exc.message}") from None
    if not questions:
        raise InputError(f"{path.name} has no questions; write one question per line.")
    return questions


def _print_answer(result, many: bool) -> None:
    if many:
        click.secho(f"Q: {result.question}", bold=True)
    for line in result.answer.split("\n"):  # list items keep their own lines
        indent = line[: len(line) - len(line.lstrip())]
        bullet = indent + "- " if line.lstrip().startswith("- ") else indent
        click.echo(click.wrap_text(line.strip(), width=100, initial_indent=indent, subsequent_indent=bullet.replace("-", " ")))
    if result.citations:
        click.echo()
        click.secho("Sources", bold=True)
        for n, c in enumerate(result.citations, 1):
            # A record's label already names where it is kept (records:PROGRAM), and its score is 1 by construction.
            where = "" if getattr(c, "kind", None) == "record" else f"  ({c.source}, score {c.score:.2f})"
            click.echo(f"  [{n}] {c.label()}{where}")
            click.echo(click.wrap_text(f'"{c.quote}"', width=100, initial_indent="      ", subsequent_indent="      "))
    click.secho(result.context, dim=True)
    if many:
        click.echo()
