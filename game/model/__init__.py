"""Data models: scenario content, orders, game state. No I/O, no UI."""
