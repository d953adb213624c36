"""A new `compel` process reads no installed distribution's entry points looking for pydantic plugins (it uses none),
unless the person's environment already says what pydantic should do with them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs compel's main, then builds the settings (the first pydantic model class of a real command is built after main
# has started), recording every entry_points.txt opened from then on.
_CHILD = """
import json, os, sys
opened = []
sys.addaudithook(lambda ev, args: ev == "open" and str(args[0]).endswith("entry_points.txt") and opened.append(str(args[0])))
from bot.cli import main
main(["--help"])
from bot.config import Settings
Settings()
print(json.dumps({"opened": opened, "switch": os.environ.get("PYDANTIC_DISABLE_PLUGINS")}))
"""


def _run(env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPEL_", "PYDANTIC_"))}
    return {**env, "COMPEL_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}


def test_a_new_process_looks_for_no_pydantic_plugin(tmp_path):
    got = _run(_env(tmp_path))
    assert got == {"opened": [], "switch": "__all__"}


def test_a_setting_of_the_persons_own_is_kept_and_plugins_are_looked_for(tmp_path):
    got = _run({**_env(tmp_path), "PYDANTIC_DISABLE_PLUGINS": ""})  # empty: pydantic loads every plugin it finds
    assert got["switch"] == "" and got["opened"], "pydantic looked through the installed distributions' entry points"
