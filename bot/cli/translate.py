"""`compel translate`: an engineer's update in business language."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.errors import InputError, NotFoundError, UserFacingError


def _engines():
    from bot.engines import Engines

    return Engines.from_settings()


def _translate(engines, text: str | None):
    from bot.engines import TranslateRequest

    return engines.translate(TranslateRequest(text=text))


def render_text(t) -> str:
    """A Translation as readable text for the terminal."""
    lines = [t.summary, "", f"Impact: {t.impact}"]
    if t.options:
        lines.append("Options:")
        lines.extend(f"  - {o}" for o in t.options)
    lines.append(f"Decision: {t.decision}" if t.decision else "Decision: none needed.")
    meta = f"Category: {t.category}"
    if t.pillars:
        meta += f" · Pillars: {', '.join(t.pillars)}"
    if t.stage:
        meta += f" · Stage: {t.stage}"
    lines.append(meta)
    if t.terms:
        lines.append("Terms:")
        lines.extend(f"  {term.term}: {term.meaning}" for term in t.terms)
    for c in t.citations:
        lines.append(f"Source: {c.label()}" + (f' "{c.quote}"' if c.quote else ""))
    return "\n".join(lines)


def _dump(t) -> str:
    return json.dumps(t.model_dump(mode="json"), ensure_ascii=False)


@click.command()
@click.argument("text", required=False)
@click.option("--batch", "batch", type=click.Path(path_type=Path, dir_okay=False), help="A file with one update per line (- for stdin).")
@click.option("--json", "as_json", is_flag=True, help="Print the Translation as JSON (one object per line with --batch).")
def translate(text: str | None, batch: Path | None, as_json: bool) -> int:
    """Translate an engineer's update into business language.

    TEXT is the update; use - to read it from stdin. With --batch FILE, each line of FILE is one update.
    """
    if batch is not None:
        if text is not None:
            raise InputError("Give either TEXT or --batch FILE, not both.")
        return _batch(batch, as_json)
    if text is None:
        raise InputError('Give the update to translate: compel translate "text" (or - to read stdin, or --batch FILE).')
    if text == "-":
        text = sys.stdin.read()
    result = _translate(_engines(), text)
    click.echo(_dump(result) if as_json else render_text(result))
    return 0


def _batch(path: Path, as_json: bool) -> int:
    """One update per line; a refused line is reported on stderr with its number and the rest still run."""
    if str(path) == "-":
        lines = sys.stdin.read().splitlines()
    else:
        if not path.is_file():
            raise NotFoundError(f"Batch file {path} does not exist. Give a text file with one update per line.")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise InputError(f"Batch file {path} is not UTF-8 text. Save it as UTF-8, one update per line.") from None
    engines = _engines()
    engines.prepare_translations(lines)
    refused = 0
    first = True
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            result = _translate(engines, line)
        except UserFacingError as exc:
            refused += 1
            click.echo(f"error: line {n}: {exc.message}", err=True)
            continue
        if as_json:
            click.echo(_dump(result))
        else:
            if not first:
                click.echo("\n" + "-" * 40)
            click.echo(render_text(result))
        first = False
    return 2 if refused else 0
