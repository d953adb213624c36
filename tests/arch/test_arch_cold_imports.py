"""What a BoK question loads: not the record models, nor the oversight rules (they cost a cold `compel ask` ~0.1 s)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.paths import ROOT

_PROBE = (
    "import json, sys\n"
    "import bot.answer, bot.answer.stages, bot.engines, bot.services, knowledge.index, knowledge.types\n"
    "from bot.oversight.questions import stage_questions\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('store', 'bot.oversight')))))\n"
)


def test_a_bok_question_path_loads_no_record_models_and_no_rules():
    run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    loaded = set(json.loads(run.stdout))
    assert "store.chunks" in loaded  # the passage model is what the BoK path needs from the store
    assert not loaded & {"store.models", "store.platform_models", "store.checks", "bot.oversight.engine",
                         "bot.oversight.view", "bot.oversight.rules_debt"}, sorted(loaded)


def test_the_lazy_oversight_exports_still_resolve():
    from bot import oversight
    from bot.oversight.engine import evaluate

    assert oversight.evaluate is evaluate and "Finding" in oversight.__all__
    assert oversight.ProgramView.__name__ == "ProgramView"
