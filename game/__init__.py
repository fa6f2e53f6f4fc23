"""Drawdown: command the withdrawal of a UN peacekeeping mission against a hard deadline."""

__version__ = "0.1.0"
