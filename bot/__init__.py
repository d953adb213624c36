"""compel-bot: the EATP's assistant for enterprise AI transformation programs."""

__version__ = "0.1.0"
