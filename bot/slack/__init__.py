"""The Slack face of compel-bot: a Bolt app with thin listeners over Slack-free engines."""
