"""Text from scenario files is shown as written, never read as markup (game/ui/widgets/text.py):
a citation like "[A81]" stays, and a "[/x]" that Textual or Rich would read as a closing tag
cannot end the game with a MarkupError. An author's own files are untrusted input."""

from __future__ import annotations

from pathlib import Path

from test_ui import SIZE, make_app, screen_text, until
from test_ui_watch import own_copy

from game.engine import Game
from game.ui.screens.decision import DecisionDialog
from game.ui.screens.game import GameScreen
from game.ui.screens.orders import ConvoyDialog, EngageDialog
from game.ui.screens.results import ResultsScreen
from game.worlds import load_world

BER = "Ber [/x] [A81]"
TITLE = "Fighting near Ber [/b] [bold]"
CHOICE = "Bring the departure forward [/i] [A7]"


def bracketed(tmp_path: Path) -> Path:
    """The sandbox with markup-like brackets in a site's name, a region, an event's title, text,
    hint and a choice's label."""
    scenario, theatre = own_copy(tmp_path)
    text = theatre.read_text().replace('name = "Ber"', f'name = "{BER}"', 1)
    theatre.write_text(text)
    text = scenario.read_text()
    for old, new in (
        ('title = "Fighting near Ber"', f'title = "{TITLE}"'),
        ("Either can be right.", "Either can be right [/hint]."),
        ('label = "Bring the departure forward"', f'label = "{CHOICE}"'),
        ("less time to pack.", "less time to pack [A81]."),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    scenario.write_text(text)
    return scenario


async def test_brackets_from_a_scenario_file_show_as_written_everywhere(tmp_path):
    game = Game(load_world(bracketed(tmp_path)), 1)
    while not game.state.pending_choices:
        game.advance()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        # the decision: title, text, hint and the choice's button, as written
        dialog = await until(
            pilot, lambda: isinstance(app.screen, DecisionDialog) and app.screen, "decision"
        )
        await pilot.pause()
        shown = [str(w.render()) for w in dialog.query("Label, Static")]
        assert TITLE in shown
        assert any(t.endswith("less time to pack [A81].") for t in shown)
        assert (
            "Advice: Leaving early costs containers; staying costs risk. Either can be right [/hint]."
            in shown
        )
        assert str(dialog.query_one("#choice-leave-early").label) == f"1. {CHOICE}"
        await pilot.press("1")
        screen = await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen)
        # the sites table, the outlook under it and the toasts (the choice made names Ber)
        await pilot.pause()
        assert BER[:17] in screen_text(app)  # the name column is cut at its width
        # the panes: moves, requests, log and intel each draw the name
        for key in ("2", "3", "4", "5"):
            await pilot.press(key)
            await pilot.pause()
        assert BER in " ".join(screen_text(app).split())  # the intel pane's roads
        await pilot.press("1")
        # order dialogs: the convoy's site pickers and the host's options
        await pilot.press("c")
        dialog = await until(pilot, lambda: isinstance(app.screen, ConvoyDialog) and app.screen)
        await until(pilot, lambda: dialog.query("#origin"), "the pickers")
        await pilot.pause()
        assert BER in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back")
        app.notify(f"{BER} says hello")  # what the game says takes no markup either
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, EngageDialog), "engage dialog")
        await pilot.press("escape")
        # to the end: the results and its history
        await until(pilot, lambda: app.screen is screen, "back to the game")
        for _ in range(60):
            if isinstance(app.screen, ResultsScreen):
                break
            await pilot.press("1" if isinstance(app.screen, DecisionDialog) else "a")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), "results")
        await pilot.pause()
        assert screen.game.finished
