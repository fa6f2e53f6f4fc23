"""Help: the rules in short, the map's legend, every key, and a glossary of the mission's words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, MarkdownViewer

from ..stylesheets import SCREENS_CSS
from ..widgets.keys import KeyBar
from ..widgets.map import legend_markdown

RULES = """\
# How to play

You command the withdrawal of a UN mission against a hard deadline. Each turn is a day.

1. **Plan a convoy** (`c`): cargo, trucks, escort and route clearance. The estimate shows the odds
   in plain words before you commit — from your intelligence, which may be wrong.
2. **Request** it: the host government answers after a few days (approved, with conditions,
   delayed or refused — with a reason). An approval is valid for a few days only.
3. **Dispatch** (`d`) the approved convoy or flight. You may also move **without authorization**:
   faster, but it costs host relations and raises the risk.
4. **Advance** a day (`n`) or until something happens (`a`). Convoys roll for IEDs, ambushes,
   breakdowns and weather on every stretch of road.
5. Empty a camp, then **hand it over** (`h`) to the host before its target date. Sensitive
   equipment must leave (or be destroyed, `x`) first. A thinly held camp may be seized.
6. **Reinforce** (`r`) a threatened camp with the quick-reaction force; **engage** (`g`) the host
   to mend relations or press a request.
7. Events may ask for a **decision** (`e`); unanswered, the default applies the next day.

The game ends at the deadline or when everyone has left. The score weighs people out safely,
casualties, equipment saved, camps closed on time and handed over, and host relations.
People and containers reach safety at an exit: an airfield with flights home, or a border crossing.
"""

GLOSSARY = """\
# Glossary

| Term | Meaning |
|---|---|
| MINUSMA | UN Multidimensional Integrated Stabilization Mission in Mali (2013–2023) |
| MOVREQ | Movement request: the authorization a convoy needs from the host |
| SOFA | Status-of-forces agreement: the mission's legal footing in the host country |
| Note verbale | A formal diplomatic note; every request went to the foreign ministry this way |
| FAMa | Forces Armées Maliennes, the Malian armed forces |
| CSP | Cadre Stratégique Permanent, a coalition of northern armed movements |
| JNIM | Jama'at Nusrat al-Islam wal-Muslimin, al-Qaeda-aligned armed group |
| ISGS | Islamic State in the Greater Sahara (later IS Sahel) |
| FPU | Formed police unit |
| TOB | Temporary operating base |
| COE | Contingent-owned equipment: the troop contributors' own kit |
| EOD | Explosive ordnance disposal: route-clearance teams against IEDs |
| IED | Improvised explosive device |
| QRF | Quick-reaction force |
| TCC / PCC | Troop / police contributing country |
| Handover | Passing a camp to the host authorities (what stays there is handed over) |
"""


def keys_markdown() -> str:
    # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
    from ..commands import COMMANDS

    lines = ["# Keys", "", "| Key | Command | What it does |", "|---|---|---|"]
    for c in COMMANDS:
        keys = c.keys.replace("question_mark", "?").replace(",", " / ")
        lines.append(f"| `{keys}` | {c.title} | {c.help} |")
    lines += [
        "| `1`–`5` | Panes | Sites, moves, requests, log, intel |",
        "| `Enter` | Results / dispatch | At the end: results; on a request: dispatch it |",
        "| `ctrl+p` | Command palette | Every command by name |",
        "| `Tab` | Next field | Move between panes and dialog fields |",
        "",
        "In dialogs: `ctrl+r` request, `ctrl+u` move without authorization, `ctrl+d` dispatch, "
        "`ctrl+s` send, `Escape` cancel. The footer always lists the keys of the screen you are on; "
        "click a key there to use it.",
    ]
    return "\n".join(lines)


class HelpScreen(Screen[None]):
    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "Close help")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield MarkdownViewer(
            "\n\n".join([RULES, legend_markdown(), keys_markdown(), GLOSSARY]),
            show_table_of_contents=False,
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Help"
