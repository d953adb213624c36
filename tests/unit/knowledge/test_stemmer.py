"""The stemmer: PyStemmer's C build of Snowball's English stemmer, the same stems as snowballstemmer's pure-Python build,
and a new process that stems a word loads one extension module, not 36 languages' Python modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from knowledge import text


def test_the_stemmer_in_use_is_the_c_build():
    assert type(text._stemmer()).__module__ == "Stemmer"


def test_its_stems_are_the_pure_python_builds_on_the_models_whole_word_list():
    from snowballstemmer.english_stemmer import EnglishStemmer

    from knowledge.embeddings import default_model_dir

    vocab = json.loads((default_model_dir() / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    words = sorted(w for w in vocab if w.isalpha() and w.isascii())
    # The suffixes Porter 2 works hardest on, on real words, so every step of the algorithm is reached.
    words += [w + s for w in words[::7] for s in ("s", "ing", "ed", "ly", "ness", "ational", "fulness", "ization")]
    assert len(words) > 40_000
    pure, c_build = EnglishStemmer(), text._stemmer()
    differ = [w for w in words if pure.stemWord(w) != c_build.stemWord(w)]
    assert not differ, differ[:10]


def test_a_new_process_stemming_a_word_imports_no_other_language():
    code = ("import sys; from knowledge.text import stem; print(stem('escalations')); "
            "print(sorted(m for m in sys.modules if m.startswith('snowballstemmer.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[3]).stdout.split("\n")
    assert out[0] == "escal" and out[1] == "[]"
