"""The command-line face: `compel ...` click groups, one module per area, registered lazily by `bot.cli`.

Not to be confused with `bot/slack/listeners/commands/`, the Slack face's listener for the `/compel` slash
command. Both call the same facade (`bot.engines.Engines`); neither imports the other.
"""
