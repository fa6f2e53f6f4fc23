"""The game screen's controllers, one concern each: the turn timer, live reload (`--watch`), the
results file, the instructor's controls and undo. Each works through the screen's `GameHost`
role (game/ui/roles.py); the screen composes them and keeps the layout and the orders."""
