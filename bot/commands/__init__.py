"""CLI command groups, one module per area; registered lazily by `bot.cli`."""
