"""Listeners, one folder per kind of Slack request; each folder's `register(app, deps)` wires its handlers."""
