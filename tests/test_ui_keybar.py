"""The key bar at the foot of every dialog, as a player at 80 columns reads it: the dialog's own
keys in their declared order whatever has the focus, so the main action is never pushed off the
bar by a text field's hidden editing keys."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from test_ui import make_app, sandbox, until  # noqa: E402
from test_ui_dispatch import tutorial_approved_after_lending_trucks  # noqa: E402
from test_ui_levers import open_dialog  # noqa: E402

from game.ui.screens.orders import ConvoyDialog, DispatchDialog  # noqa: E402
from game.ui.widgets.keys import KeyBar  # noqa: E402


async def test_the_key_bar_keeps_its_order_and_keys_when_a_field_has_the_focus(tmp_path):
    """Tabbing into a count field must not reorder the key bar after the field's own keys (which
    dropped Cancel off the bar) nor show ^w, the browser's close-tab key, for withdrawing."""
    game = tutorial_approved_after_lending_trucks()
    app = make_app(tmp_path, game)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app, "d", DispatchDialog)
        bar = dialog.query_one(KeyBar)
        on_the_list = [shown_key for _, shown_key, _, _ in bar.entries()]
        assert on_the_list[:2] == ["esc", "^d"]
        await pilot.press("tab")
        await until(pilot, lambda: dialog.focused is dialog.query_one("#people"), "in a field")
        in_a_field = [shown_key for _, shown_key, _, _ in bar.entries()]
        assert in_a_field == on_the_list
        assert "^x" in in_a_field and "^w" not in in_a_field
        assert str(bar.render()).startswith(" esc Cancel ^d Dispatch")


async def test_the_convoy_dialog_shows_its_request_key_while_typing_at_80_columns(tmp_path):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app, "c", ConvoyDialog)
        assert dialog.focused is dialog.query_one("#people")  # where a player starts typing
        bar = str(dialog.query_one(KeyBar).render())
        assert bar.startswith(" esc Cancel ^r Request authorization ^u Move without authorization")
