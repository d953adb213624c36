"""A poster the scheduler uses without Slack: it records what would be posted (the terminal's `--dry-run`, tests, the benchmark).

The Slack poster is the Slack face's (`bot/slack/poster.py`): the face hands it to the scheduler.
"""

from __future__ import annotations

from bot.standup.scheduler import PostRequest


class RecordingPoster:
    """Keeps what would be posted (the terminal's `--dry-run`, tests, the benchmark)."""

    def __init__(self) -> None:
        self.posts: list[PostRequest] = []

    def post(self, request: PostRequest) -> str | None:
        self.posts.append(request)
        return f"{request.day:%Y%m%d}.{len(self.posts):06d}"
