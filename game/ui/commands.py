"""The player's commands on the game screen: each one's key, action, footer word, palette title
and help line, in the key bar's order. The game screen binds them; the help screen and the
command palette list them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One player command: a key binding, a footer entry and a command-palette entry."""

    keys: str
    action: str
    short: str
    title: str
    help: str
    show: bool = True


COMMANDS = (
    # The order is the key bar's priority: at 80 columns the first eight fit, at 100 the first ten.
    # The ones with show=False are in the command palette and on the help screen only.
    Command("n", "next_day", "Next day", "Next day", "Resolve one day"),
    Command(
        "a",
        "until_news",
        "Until news",
        "Advance until news",
        "Skip quiet days until something happens",
    ),
    Command(
        "c",
        "convoy",
        "Convoy",
        "Plan a convoy",
        "Plan a convoy and request its movement authorization",
    ),
    Command("f", "flight", "Flight", "Request a flight", "Ask for a flight clearance"),
    Command(
        "d",
        "dispatch",
        "Dispatch",
        "Dispatch",
        "Send an authorized convoy or flight (or without authorization)",
    ),
    Command(
        "e", "decide", "Decide", "Decide on an event", "Answer the event waiting for a decision"
    ),
    Command("question_mark,f1", "help", "Help", "Help", "Rules, keys and glossary"),
    Command("q", "menu", "Menu", "Main menu", "Back to the main menu (the game is autosaved)"),
    Command(
        "i",
        "instructor",
        "Instructor",
        "Instructor controls",
        "Release a held inject, pause the turn timer (exercises only)",
    ),
    Command(
        "m",
        "toggle_map",
        "Map",
        "Toggle the big map",
        "Show the map over the whole screen, or the panes",
    ),
    Command(
        "h",
        "handover",
        "Hand over",
        "Hand over a site",
        "Hand the selected site over to the host",
        show=False,
    ),
    Command(
        "x",
        "destroy",
        "Destroy",
        "Destroy equipment",
        "Destroy equipment that cannot be moved",
        show=False,
    ),
    Command(
        "r",
        "reinforce",
        "Reinforce",
        "Reinforce a site",
        "Send the quick-reaction force to a site",
        show=False,
    ),
    Command(
        "g",
        "engage",
        "Engage",
        "Engage the host",
        "Improve relations, or press a pending request",
        show=False,
    ),
    Command(
        "o",
        "concede",
        "Offer",
        "Offer the host a concession",
        "Promise equipment, a camp held to a date or the convoy schedule, for approvals",
        show=False,
    ),
    Command(
        "u", "undo", "Undo", "Undo last order", "Take back the last order given today", show=False
    ),
    Command("s", "save", "Save", "Save the game", "Save to a named file", show=False),
    Command(
        "p",
        "evacuate",
        "Evacuate",
        "Plan the evacuation",
        "Convoys and flights that would empty the selected site",
        show=False,
    ),
    Command(
        "full_stop",
        "repeat",
        "Repeat",
        "Repeat the last request",
        "Open the last convoy or flight request again, fields filled",
        show=False,
    ),
)
