"""The terminal face over the same Slack app: a local Slack Web API (local_api), the payloads Slack would send
(payloads), Block Kit drawn as text (render) and the console loop itself (terminal)."""
