"""Moved to tests/fixtures/text_audit.py; this name stays only for branches that still import it (delete once none do)."""

from tests.fixtures.text_audit import ID_PATTERN, problems, repeated_explanations, slack_text

__all__ = ["ID_PATTERN", "problems", "repeated_explanations", "slack_text"]
