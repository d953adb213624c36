"""Pure Block Kit builders: data in, JSON-able messages out, always within Slack's limits."""
