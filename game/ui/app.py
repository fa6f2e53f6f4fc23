"""The Drawdown Textual app: screens, saves and the command palette. It holds no game state: the game
screen owns the one game object."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .stylesheets import GAME_CSS, SCREENS_CSS

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.timer import Timer

    from ..engine import Game

# Seconds after a game screen (or the menu) appears before settle_memory runs: once its first
# frame is painted and while the player reads it, as the results screen's preload does.
SETTLE_SECONDS = 1.5


class DrawdownApp(App[None]):
    CSS_PATH = GAME_CSS  # and the other screens' styles when first needed (stylesheets.py)
    TITLE = "Drawdown"
    # ctrl+q asks first while a game is in progress (from any dialog too), then autosaves
    BINDINGS = [Binding("ctrl+q", "ask_quit", "Quit", show=False, priority=True)]
    # Whether settle_memory runs after a screen starts (see there; the classroom's forked games
    # turn it off).
    SETTLES_MEMORY: ClassVar[bool] = True

    def __init__(
        self,
        game: Game | None = None,
        ref: str | None = None,
        *,
        saves: str | None = None,
        watch: str | None = None,
        trainee: str | None = None,
        seed: int | None = None,
        told: list[str] | None = None,
    ) -> None:
        # a start on the menu reads the other screens' styles with the game screen's at once
        super().__init__(css_path=None if game is not None else [GAME_CSS, SCREENS_CSS])
        # what the player is told as the game starts (a save played again on changed content)
        self.told = told or []
        self.saves = saves
        self.seed = seed  # the scenario picker's default seed (random when None)
        self.trainee = trainee
        self._start: tuple[Game | None, str | None, str | None] = (game, ref, watch)
        self._settle: Timer | None = None
        self._collecting = False  # the cycle collector is to be turned on again (on_load)

    def get_default_screen(self) -> Screen[Any]:
        if self._start[0] is not None:
            # Straight into a game: the menu is built when the player first goes to it
            # (to_menu), not before the first game screen.
            return Screen()
        # imported when first needed: a game started from the command line paints its first
        # screen without the menu's code (start-up, bench/tui.py)
        from .screens.menu import MenuScreen

        return MenuScreen()

    def on_load(self) -> None:
        # The first screen is built with the cycle collector off, as launch.prepare builds what
        # comes before it: what it builds lives as long as the game, and ~30 collections while
        # it was built were ~5 ms of start-up (bench/tui.py). On again after the first frame.
        self._collecting = gc.isenabled()
        gc.disable()

    def on_mount(self) -> None:
        game, ref, watch = self._start
        self._start = (None, None, None)
        if game is not None:
            self.start_game(game, ref, watch=watch)
            if self.told:
                self.call_after_refresh(self.tell_player, self.told)
        else:
            self.settle_soon()
        self.call_after_refresh(self.first_frame_painted)

    def first_frame_painted(self) -> None:
        # What the first screen built (styles, caches, widgets) stays: out of the cycle
        # collector's way (see launch.prepare), until settle_memory sorts it.
        gc.freeze()
        self.collect_again()

    def on_unmount(self) -> None:
        self.collect_again()  # (an app gone before its first frame)

    def collect_again(self) -> None:
        if self._collecting:
            self._collecting = False
            gc.enable()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's toast, its text as written: what the game says holds names and texts from
        scenario files, and none of it is markup (widgets/text.py says why)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def tell_player(self, lines: list[str]) -> None:
        """Lines the game screen's log pane keeps and a toast shows (a warning: the game is not
        the one saved)."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .screens.game import GameScreen

        if isinstance(self.screen, GameScreen):
            for line in lines:
                self.screen.note(line)
        self.notify(".\n".join(lines) + ".", title="Loaded", severity="warning", timeout=12)

    def settle_soon(self) -> None:
        """Run settle_memory once a little after now (a later call moves it)."""
        if not self.SETTLES_MEMORY:
            return
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.set_timer(SETTLE_SECONDS, self.settle_memory, name="settle memory")

    def settle_now(self) -> None:
        """settle_memory at once, where the app settles at all (a game's end, before the results
        screen is built: ~0.4 MiB off a campaign's peak, bench/tui.py)."""
        if self.SETTLES_MEMORY:
            self.settle_memory()

    @staticmethod
    def settle_memory() -> None:
        """Collect the garbage that the start-up's freezes (launch.prepare, on_mount) kept, then
        freeze what lives. A frozen object is never collected: the garbage of the imports and of
        building the first screen, frozen with it (start-up pays no collection), stayed for the
        whole game, and so did a first game's screen left for another game. One full
        collection, ~70 ms after the first screen is painted, frees them: peak memory of a whole
        campaign 1.2 MiB lower, 2 MiB on a scenario's first game (bench/tui.py; what lives
        afterwards is frozen again, out of the collector's way as before)."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    # ------------------------------------------------------------------ screens

    def start_game(
        self, game: Game, ref: str | None, *, watch: str | None = None, trainee: str | None = None
    ) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .screens.game import GameScreen

        self.pop_to_base()
        self.push_screen(GameScreen(game, ref, watch=watch, trainee=trainee or self.trainee))
        self.settle_soon()  # a game left for this one is collected with the start-up's garbage

    def replay_game(self, game: Game, ref: str | None = None) -> None:
        """Step through a recorded game day by day (from a save), instead of playing on."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .screens.replay import ReplayScreen

        self.push_screen(ReplayScreen.of_game(game, f"Replay: {ref or game.scenario.id}"))

    def pop_to_base(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def to_menu(self) -> None:
        # imported when first needed: a game started from the command line paints its first
        # screen without the menu's code (start-up, bench/tui.py)
        from .screens.menu import MenuScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, MenuScreen):
            self.pop_screen()
        if not isinstance(self.screen, MenuScreen):
            self.push_screen(MenuScreen())  # over the blank base of a game started from the CLI

    def action_main_menu(self) -> None:
        self.to_menu()

    def action_ask_quit(self) -> None:
        """Quit at once with no game in progress; else ask, and autosave before leaving."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .screens.game import GameScreen
        from .screens.orders import ConfirmDialog

        if self.screen.id == "confirm-quit":
            return  # already asking
        playing = next((s for s in reversed(self.screen_stack) if isinstance(s, GameScreen)), None)
        if playing is None or playing.game is None or playing.game.finished:
            self.exit()
            return
        game: Game = playing.game
        ref = playing.ref

        def answered(yes: bool | None) -> None:
            if yes:
                self.autosave(game, ref)
                self.exit()

        self.push_screen(
            ConfirmDialog(
                f"Quit Drawdown on {game.state.date:%-d %b %Y}?\nThe game is saved: "
                "Continue on the main menu takes you back to this day.",
                id="confirm-quit",
            ),
            answered,
        )

    def action_help(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_exercises(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .screens.menu import ExercisePicker

        if not isinstance(self.screen, ExercisePicker):
            self.push_screen(ExercisePicker())

    def action_continue(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ..saves import SaveError, load_game
        from .store import latest_autosave

        latest = latest_autosave(self.saves)
        if latest is None:
            self.notify("No autosave to continue from: start a new game.", severity="warning")
            return
        try:
            game, info = load_game(latest)
        except SaveError as err:
            self.notify(str(err), title="Cannot continue", severity="error", timeout=10)
            return
        self.start_game(game, info.scenario)

    def action_load_game(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .screens.files import LoadDialog

        def loaded(result: tuple[Game, str | None, str] | None) -> None:
            if not result:
                return
            game, ref, how = result
            if how == "replay":
                self.replay_game(game, ref)
            else:
                self.start_game(game, ref)

        self.push_screen(LoadDialog(), loaded)

    def action_save_game(self, game: Game, ref: str | None = None) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .screens.files import SaveDialog

        def saved(path: str | None) -> None:
            if path:
                self.notify(f"Saved to {path}", timeout=4)

        self.push_screen(SaveDialog(game, ref), saved)

    def autosave(self, game: Game | None, ref: str | None) -> None:
        """Autosave a game (a screen without a game has nothing to save)."""
        if game is None:
            return
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .store import autosave

        try:
            autosave(game, ref, self.saves)
        except OSError as err:
            self.notify(f"Autosave failed: {err}", severity="error")

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .commands import COMMANDS
        from .screens.game import GameScreen

        if isinstance(screen, GameScreen):
            for c in COMMANDS:
                if screen.check_action(c.action, ()):
                    yield SystemCommand(c.title, c.help, partial(screen.run_action, c.action))
        else:
            yield SystemCommand("Help", "Rules, keys and glossary", self.action_help)
            yield SystemCommand("Continue", "Continue the latest autosave", self.action_continue)
            yield SystemCommand("Load", "Load a saved game (or replay it)", self.action_load_game)
            yield SystemCommand("Exercises", "Start a training exercise", self.action_exercises)
            yield SystemCommand("Main menu", "Back to the main menu", self.action_main_menu)
