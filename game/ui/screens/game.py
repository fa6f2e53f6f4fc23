"""The game screen: one reactive game, bound down to the status bar, map and panes; dialogs and
widgets send orders up as messages, and only this screen talks to the engine.

The screen keeps the layout, the keys and the orders; the rest is in its controllers
(game/ui/controllers/): the turn timer, live reload, the results file, the instructor's
controls and undo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from ...model.warm import build_deferred
from ..commands import COMMANDS
from ..controllers.instructor import InstructorControls
from ..controllers.live_reload import LiveReload
from ..controllers.results_file import ResultsFile
from ..controllers.turn_timer import TurnTimer
from ..controllers.undo import Undo
from ..roles import FollowsGame, game_app
from ..stylesheets import read_screens_css
from ..widgets.keys import KeyBar
from ..widgets.map import MapView
from ..widgets.panels import (
    EventLog,
    IntelView,
    MovesTable,
    RequestsTable,
    SiteOutlook,
    SitesTable,
)
from ..widgets.status import StatusBar
from ..widgets.tabs import Pane, Panes
from ..widgets.text import Static

if TYPE_CHECKING:
    from ...engine import Game
    from ...model.exercise import Exercise
    from ...model.orders import Order


def exercise_of(ref: str | None) -> Exercise | None:
    """The exercise a game's reference names, or None for a plain scenario."""
    if not ref:
        return None
    # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
    from ...errors import ContentError
    from ...training.exercises import exercise_for

    try:
        found = exercise_for(ref)
    except (ContentError, OSError):
        return None
    return found[0] if found else None


class Ordered(Message):
    """An order for the engine, from a dialog or a widget."""

    def __init__(self, order: dict[str, Any]) -> None:
        super().__init__()
        self.order = order


def warm_up() -> None:
    """Build, while the player reads the first screen, what it was painted without, so that the
    first day, order or quote pays for none of it: the models' deferred validators
    (game/model/warm.py) and the engine's day, quotes and scores (imported when first used,
    engine/game.py)."""
    # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
    from ...engine import Game

    build_deferred()
    Game.load_later_rules()


def preload_end_screens() -> None:
    from . import results  # noqa: F401


def width_class(width: int, breakpoints: list[tuple[int, str]]) -> str:
    """The class Textual gives a screen this wide: the name of the widest breakpoint it reaches."""
    return max((least, name) for least, name in breakpoints if width >= least)[1]


# What the keys may still do once the game is over (the rest are shown greyed out).
AFTER_THE_END = ("help", "menu", "save", "results", "toggle_map", "tab", "instructor")


class GameScreen(Screen[None]):
    """Plays one game. The game object is the only state; everything on screen is drawn from it."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # The sites table has the focus from the first frame (focused in on_mount, it took it a frame
    # later, from the map); a screen coming back with nothing focused: see on_screen_resume.
    AUTO_FOCUS = "#sites"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(c.keys, c.action, c.short, show=c.show, tooltip=c.help, id=c.action)
            for c in COMMANDS
        ),
        Binding("enter", "results", "Results", show=False),
        Binding("1", "tab('tab-sites')", "Sites", show=False),
        Binding("2", "tab('tab-moves')", "Moves", show=False),
        Binding("3", "tab('tab-requests')", "Requests", show=False),
        Binding("4", "tab('tab-log')", "Log", show=False),
        Binding("5", "tab('tab-intel')", "Intel", show=False),
    ]

    # No repaint of the screen itself: its widgets are bound to the game and each repaints
    # what changed; repainting the screen re-rendered every widget on every day (bench/tui.py).
    game: reactive[Game] = reactive(cast("Game", None), always_update=True, repaint=False)

    def __init__(
        self,
        game: Game,
        ref: str | None = None,
        *,
        watch: str | None = None,
        trainee: str | None = None,
    ) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...model.options import Options

        # Born with the width's breakpoint class, so the first resize changes no class: it
        # restyled the whole screen, ~11 ms of start-up (bench/tui.py).
        super().__init__(classes=width_class(self.app.size.width, self.HORIZONTAL_BREAKPOINTS))
        self.ref = ref
        self.trainee = trainee or ""
        self.exercise = exercise_of(ref)
        # Outside an exercise: hints on, no fog, undo allowed, no turn timer.
        self.options = self.exercise.options if self.exercise else Options()
        self._can: tuple[bool, bool] | None = None  # what the keys could do when last drawn
        self.set_reactive(GameScreen.game, game)
        self.timer = TurnTimer(self, self.options.turn_seconds)
        self.watcher = LiveReload(self, Path(watch)) if watch else None
        self.results = ResultsFile(self)
        self.instructor = InstructorControls(self, self.timer)
        self.undo = Undo(self)
        # Asked for before their panes may have been shown (and their widgets mounted).
        self.requests_table = RequestsTable(id="requests")
        self.requests_table.follow(game)
        self.log_pane = EventLog(id="log", hints=self.options.hints)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status").data_bind(GameScreen.game)
        if self.watcher is not None:  # what is wrong with a file being edited (live reload)
            yield Static(id="problems")
        map_view = MapView(id="map")
        map_view.fog = self.options.fog_of_war
        yield map_view.data_bind(GameScreen.game)
        # The other panes join the screen when first shown (widgets/tabs.py): the first screen
        # shows the sites. Their widgets are made and bound here all the same.
        with Panes(id="tabs"):
            with Pane("Sites", id="tab-sites"):
                yield SitesTable(id="sites").data_bind(GameScreen.game)
                yield SiteOutlook(id="outlook").data_bind(GameScreen.game)
            with Pane("Moves", id="tab-moves"):
                yield MovesTable(id="moves").data_bind(GameScreen.game)
            with Pane("Requests", id="tab-requests"):
                yield self.requests_table.data_bind(GameScreen.game)
            with Pane("Log", id="tab-log"):
                yield self.log_pane.data_bind(GameScreen.game)
            with Pane("Intel", id="tab-intel"):
                with VerticalScroll():
                    yield IntelView(id="intel", fog=self.options.fog_of_war).data_bind(
                        GameScreen.game
                    )
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = self.game.scenario.title
        if self.watcher is not None:
            self.watcher.start()
        self.timer.start()
        self.call_after_refresh(self.after_turn, autosave=False)
        # The models' validators and some of the engine's code were left for after the first
        # frame: build and load them now, before the first order, day or save needs them.
        self.call_after_refresh(self.set_timer, 0.1, self.warm_up)
        # The results screen's code loads while the player reads the first screen, not on the
        # last day's key press.
        self.set_timer(1.5, preload_end_screens)

    def warm_up(self) -> None:
        warm_up()
        read_screens_css(self.app)  # before the first dialog needs them

    def on_screen_resume(self) -> None:
        if self.focused is None:  # (back from a dialog in map-only mode: the map)
            self.focus_next()  # the first focusable widget, as Textual's own AUTO_FOCUS picks

    # ------------------------------------------------------------------ what controllers use

    def replace_game(self, game: Game) -> None:
        """Another game in this one's place (undo, live reload), drawn and autosaved; an order
        or decision dialog open over the screen reads the new one."""
        # another game: the last day's incidents are not its own (drawn with the game, below)
        self.query_one(StatusBar).set_reactive(StatusBar.alerts, ())
        self.game = game
        game_app(self.app).autosave(game, self.ref)
        for screen in self.app.screen_stack:
            if isinstance(screen, FollowsGame):
                screen.game = game
                screen.game_changed()

    def note(self, text: str) -> None:
        self.log_pane.note(text, len(self.game.state.log))

    def show_clock(self, text: str) -> None:
        self.query_one(StatusBar).clock = text

    def show_problems(self, lines: list[str]) -> None:
        """What is wrong with the files of a watched game (only its screen has the place)."""
        problems = self.query_one("#problems", Static)
        problems.update("\n".join(lines))
        problems.set_class(bool(lines), "shown")

    # ------------------------------------------------------------------ the engine

    @on(Ordered)
    def send(self, message: Ordered) -> None:
        self.give(message.order)

    def give(self, order: Order | dict[str, Any], announce: bool = True) -> Any:
        """Give one order to the engine and say what it answered (unless the caller says it
        itself); the game is autosaved at every order, so nothing given today is lost to the
        menu, a quit or a crash of the terminal."""
        result = self.game.order(order)
        self.mutate_reactive(GameScreen.game)
        game_app(self.app).autosave(self.game, self.ref)
        if not announce:
            return result
        if result.ok:
            self.notify(result.message, title="Done", timeout=4)
            kind = order.get("kind") if isinstance(order, dict) else order.kind
            if kind == "release" and self.game.state.pending_choices:
                self.action_decide()  # a released inject may ask the trainee to decide now
        else:
            self.notify(result.message, title="Refused", severity="error", timeout=8)
        return result

    def order(self, order: dict[str, Any] | None) -> None:
        """Dialog callback: pass the order up as a message (None means the dialog was cancelled
        or has given its order itself)."""
        if order:
            self.post_message(Ordered(order))

    def open_dialog(self, dialog: Any) -> None:
        """Show an order dialog that gives its orders through this screen: it closes when the
        engine takes the order and stays open, with the reason, when it refuses it."""
        dialog.submit = self.give
        self.app.push_screen(dialog, self.order)

    def advance(self, until_news: bool) -> None:
        game = self.game
        if game.finished:
            self.action_results()
            return
        if game.state.pending_choices and until_news:
            self.action_decide()
            return
        entries = game.advance_until_news(authorizations=True) if until_news else game.advance()
        self.timer.restart()
        # The day's incidents go to the status bar (and the Log pane), not to toasts: a toast
        # coming or going reflows the whole screen, most of a slow day's time (bench/tui.py).
        # Set without its watcher: the bar draws them with the new day, just below.
        self.query_one(StatusBar).set_reactive(
            StatusBar.alerts, tuple(e.text for e in entries if e.kind in ("incident", "security"))
        )
        self.mutate_reactive(GameScreen.game)
        # The new day is painted first; the autosave (a file written and synced) and any
        # dialog follow at once, off the key's path to the screen (bench/tui.py).
        self.call_after_refresh(self.after_turn)

    def after_turn(self, autosave: bool = True) -> None:
        game = self.game
        if autosave:
            game_app(self.app).autosave(game, self.ref)
        if game.finished:
            self.results.write()
            self.action_results()
        elif game.state.pending_choices:
            self.action_decide()

    # ------------------------------------------------------------------ actions

    def selected_site(self) -> str | None:
        return self.query_one(SitesTable).selected_key()

    def action_next_day(self) -> None:
        self.advance(until_news=False)

    def action_until_news(self) -> None:
        self.advance(until_news=True)

    def action_convoy(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .orders import ConvoyDialog

        self.open_dialog(ConvoyDialog(self.game, self.selected_site()))

    def action_flight(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .orders import FlightDialog

        self.open_dialog(FlightDialog(self.game, self.selected_site()))

    def action_dispatch(self, request: str | None = None) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .orders import DispatchDialog

        request = request or self.requests_table.selected_key()
        self.open_dialog(DispatchDialog(self.game, request))

    def _site_order(self, kind: str) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .orders import SiteOrderDialog

        self.open_dialog(SiteOrderDialog(self.game, kind, self.selected_site()))

    def action_handover(self) -> None:
        self._site_order("handover")

    def action_destroy(self) -> None:
        self._site_order("destroy")

    def action_reinforce(self) -> None:
        self._site_order("reinforce")

    def action_concede(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .orders import ConcedeDialog

        self.open_dialog(ConcedeDialog(self.game, self.selected_site()))

    def action_evacuate(self) -> None:
        from .orders import EvacuationDialog  # when first needed, like the other dialogs

        self.open_dialog(EvacuationDialog(self.game, self.selected_site()))

    def action_repeat(self) -> None:
        from .orders import repeat_dialog  # when first needed, like the other dialogs

        dialog = repeat_dialog(self.game)
        if dialog is None:
            self.notify("No convoy or flight request to repeat yet.", timeout=4)
        else:
            self.open_dialog(dialog)

    def action_engage(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .orders import EngageDialog

        self.open_dialog(EngageDialog(self.game))

    def action_decide(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .decision import DecisionDialog

        pending = self.game.state.pending_choices
        if not pending:
            self.notify("No decision is waiting.", timeout=3)
            return
        if isinstance(self.app.screen, DecisionDialog):
            return
        event_id = pending[0].event

        def answered(choice: str | None) -> None:
            if choice:
                self.post_message(Ordered({"kind": "choose", "event": event_id, "choice": choice}))

        self.app.push_screen(
            DecisionDialog(self.game, event_id, hints=self.options.hints), answered
        )

    def action_undo(self) -> None:
        self.undo.take_back()

    def action_instructor(self) -> None:
        self.instructor.open()

    def action_toggle_map(self) -> None:
        self.toggle_class("map-only")

    def action_tab(self, tab: str) -> None:
        self.remove_class("map-only")
        self.query_one(Panes).active = tab

    def action_save(self) -> None:
        game_app(self.app).action_save_game(self.game, self.ref)

    def action_help(self) -> None:
        game_app(self.app).action_help()

    def action_menu(self) -> None:
        game_app(self.app).autosave(self.game, self.ref)
        game_app(self.app).action_main_menu()

    def action_results(self) -> None:
        self.results.show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        game = self.game
        if game is not None and game.finished and action not in AFTER_THE_END:
            return None  # shown greyed out: the game is over
        if action == "decide" and game is not None and not game.state.pending_choices:
            return None
        return True

    def watch_game(self, game: Game | None) -> None:
        # Redrawing the footer is costly: only when what the keys can do has changed.
        if game is not None and not self.requests_table.is_mounted:
            self.requests_table.follow(game)  # its cursor's row, until the pane is first shown
        can = (game.finished, bool(game.state.pending_choices)) if game is not None else None
        if can != self._can:
            self._can = can
            self.refresh_bindings()

    # ------------------------------------------------------------------ widgets say what the player picked

    @on(MapView.SiteClicked)
    def _site_clicked(self, event: MapView.SiteClicked) -> None:
        table = self.query_one(SitesTable)
        self.action_tab("tab-sites")
        try:
            table.move_cursor(row=table.get_row_index(event.site))
        except Exception:
            return
        table.focus()

    @on(SitesTable.RowHighlighted, "#sites")
    def _site_highlighted(self, event: SitesTable.RowHighlighted) -> None:
        self.query_one(SiteOutlook).site = event.row_key.value

    @on(RequestsTable.RowSelected, "#requests")
    def _request_chosen(self, event: RequestsTable.RowSelected) -> None:
        self.action_dispatch(event.row_key.value)
