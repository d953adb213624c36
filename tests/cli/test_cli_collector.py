"""`compel` runs `ask` with the garbage collector off and every other command with it on, and main puts it back."""

from __future__ import annotations

import gc

import click
import pytest

from bot.cli import START_UP_BOUND, cli, main


def test_main_leaves_the_collector_as_it_found_it(capsys):
    assert gc.isenabled()
    assert main(["--help"]) == 0
    assert "Commands" in capsys.readouterr().out
    assert gc.isenabled()


@pytest.mark.parametrize(("name", "collects"), [("ask", False), ("translate", True), ("index", True), ("status", True)])
def test_only_start_up_bound_commands_run_without_the_collector(name: str, collects: bool):
    gc.disable()
    try:
        with click.Context(cli) as ctx:
            assert cli.get_command(ctx, name) is not None
        assert gc.isenabled() is collects
        assert (name in START_UP_BOUND) is not collects
    finally:
        gc.enable()


def test_an_ask_batch_collects_after_its_first_answer(indexed_data_dir, tmp_path, monkeypatch, capsys):
    from bot.engines import Engines

    seen: list[bool] = []
    answer = Engines.answer

    def spy(self, request):
        seen.append(gc.isenabled())
        return answer(self, request)

    monkeypatch.setattr(Engines, "answer", spy)
    batch = tmp_path / "q.txt"
    batch.write_text("Who keeps the register of shortcuts?\nWhat is a good sourdough starter?\nWhen is a model live?\n")
    assert main(["ask", "--json", "--batch", str(batch)]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 3
    assert seen == [False, True, True]  # start-up without the collector, then a batch's garbage is collected
    assert gc.isenabled()
