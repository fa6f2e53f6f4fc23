"""The game screen: one reactive game, bound down to the status bar, map and panes; dialogs and
widgets send orders up as messages, and only this screen talks to the engine."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane

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


def exercise_of(ref: str | None):
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


TIMER_WARNING = 10  # not a rule: seconds before the turn timer's end when the player is warned


class Ordered(Message):
    """An order for the engine, from a dialog or a widget."""

    def __init__(self, order: dict[str, Any]) -> None:
        super().__init__()
        self.order = order


def preload_end_screens() -> None:
    from . import results  # noqa: F401


class GameScreen(Screen):
    """Plays one game. The game object is the only state; everything on screen is drawn from it."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding(c.keys, c.action, c.short, show=c.show, tooltip=c.help, id=c.action)
        for c in COMMANDS
    ] + [
        Binding("enter", "results", "Results", show=False),
        Binding("1", "tab('tab-sites')", "Sites", show=False),
        Binding("2", "tab('tab-moves')", "Moves", show=False),
        Binding("3", "tab('tab-requests')", "Requests", show=False),
        Binding("4", "tab('tab-log')", "Log", show=False),
        Binding("5", "tab('tab-intel')", "Intel", show=False),
    ]

    game = reactive(None, always_update=True)

    def __init__(
        self,
        game,
        ref: str | None = None,
        *,
        watch: str | None = None,
        trainee: str | None = None,
    ) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...model.exercise import Options

        super().__init__()
        self.ref = ref
        self.trainee = trainee or ""
        self.watch_path = Path(watch) if watch else None
        self._mtime = self._file_mtime()
        self._results_shown = False
        self.results_path: Path | None = None
        self.exercise = exercise_of(ref)
        # Outside an exercise: hints on, no fog, undo allowed, no turn timer.
        self.options = self.exercise.options if self.exercise else Options()
        self.turn_left = self.options.turn_seconds
        self.timer_paused = False
        self.turn_timer = None  # a Textual timer, ticking once a second in timed exercises
        self.timer_log: list[str] = []  # what the turn timer did, in words
        self.set_reactive(GameScreen.game, game)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status").data_bind(GameScreen.game)
        yield Static(id="problems")
        with Horizontal(id="body"):
            map_view = MapView(id="map")
            map_view.fog = self.options.fog_of_war
            yield map_view.data_bind(GameScreen.game)
            with TabbedContent(id="tabs"):
                with TabPane("Sites", id="tab-sites"):
                    yield SitesTable(id="sites").data_bind(GameScreen.game)
                    yield SiteOutlook(id="outlook").data_bind(GameScreen.game)
                with TabPane("Moves", id="tab-moves"):
                    yield MovesTable(id="moves").data_bind(GameScreen.game)
                with TabPane("Requests", id="tab-requests"):
                    yield RequestsTable(id="requests").data_bind(GameScreen.game)
                with TabPane("Log", id="tab-log"):
                    yield EventLog(id="log", hints=self.options.hints).data_bind(GameScreen.game)
                with TabPane("Intel", id="tab-intel"):
                    with VerticalScroll():
                        yield IntelView(id="intel", fog=self.options.fog_of_war).data_bind(
                            GameScreen.game
                        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = self.game.scenario.title
        self.query_one(SitesTable).focus()
        if self.watch_path is not None:
            self.set_interval(0.5, self.check_file)
        if self.options.turn_seconds:
            self.turn_timer = self.set_interval(1, self.tick_timer)
            self.show_clock()
        self.call_after_refresh(self.after_turn, autosave=False)
        # The results screen (and Markdown) take ~0.2 s to import: do it while the player reads
        # the first screen, not on the last day's key press.
        self.set_timer(1.5, preload_end_screens)

    # ------------------------------------------------------------------ the engine

    @on(Ordered)
    def send(self, message: Ordered) -> None:
        self.give(message.order)

    def give(self, order: dict[str, Any]):
        """Give one order to the engine and say what it answered; the game is autosaved at every
        order, so nothing given today is lost to the menu, a quit or a crash of the terminal."""
        result = self.game.order(order)
        self.mutate_reactive(GameScreen.game)
        self.app.autosave(self.game, self.ref)
        if result.ok:
            self.notify(result.message, title="Done", timeout=4)
            if order.get("kind") == "release" and self.game.state.pending_choices:
                self.action_decide()  # a released inject may ask the trainee to decide now
        else:
            self.notify(result.message, title="Refused", severity="error", timeout=8)
        return result

    def order(self, order: dict[str, Any] | None) -> None:
        """Dialog callback: pass the order up as a message (None means the dialog was cancelled
        or has given its order itself)."""
        if order:
            self.post_message(Ordered(order))

    def open_dialog(self, dialog) -> None:
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
        self.turn_left = self.options.turn_seconds
        self.show_clock()
        self.mutate_reactive(GameScreen.game)
        serious = [e for e in entries if e.kind in ("incident", "security")]
        for entry in serious[-3:]:
            self.notify(entry.text, title="Incident", severity="warning", timeout=6)
        self.after_turn()

    def after_turn(self, autosave: bool = True) -> None:
        game = self.game
        if autosave:
            self.app.autosave(game, self.ref)
        if game.finished:
            self.write_results()
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

        request = request or self.query_one(RequestsTable).selected_key()
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
        if not self.options.undo:
            self.notify(
                "This exercise does not allow undo: orders stand once given.",
                title="Refused",
                severity="warning",
                timeout=5,
            )
            return
        last = self.game.record[-1] if self.game.record else {}
        if last.get("order", {}).get("kind") == "release":
            self.notify("The instructor's release cannot be undone.", severity="warning", timeout=5)
            return
        try:
            self.game = self.game.undo()
        except ValueError as err:
            self.notify(str(err), severity="warning", timeout=4)
            return
        self.app.autosave(self.game, self.ref)
        self.notify("Last order taken back.", timeout=3)

    def action_instructor(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .instructor import InstructorScreen

        if getattr(self.app, "classroom", False):
            self.notify("In a class, the instructor's console holds these controls.", timeout=5)
            return
        if self.exercise is None:
            self.notify(
                "Instructor controls need an exercise: start one from Exercises on the main "
                "menu, or with drawdown play EXERCISE.",
                severity="warning",
                timeout=6,
            )
            return
        if isinstance(self.app.screen, InstructorScreen):
            return
        code = self.options.instructor_code
        self.app.push_screen(
            InstructorScreen(self.game, code, self.timer_paused, self.exercise),
            self.instructor_asked,
        )

    def instructor_asked(self, request: dict | None) -> None:
        """What the instructor asked for: a release (an order like any other) or the timer."""
        if not request:
            return
        if request["kind"] == "pause_timer":
            self.toggle_timer()
        else:
            self.post_message(Ordered(request))

    def action_toggle_map(self) -> None:
        self.toggle_class("map-only")

    def action_tab(self, tab: str) -> None:
        self.remove_class("map-only")
        self.query_one(TabbedContent).active = tab

    def action_save(self) -> None:
        self.app.action_save_game(self.game, self.ref)

    def action_help(self) -> None:
        self.app.action_help()

    def action_menu(self) -> None:
        self.app.autosave(self.game, self.ref)
        self.app.action_main_menu()

    def action_results(self) -> None:
        if not self.game.finished:
            return
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .results import ResultsScreen

        if not isinstance(self.app.screen, ResultsScreen):
            self.app.push_screen(
                ResultsScreen(self.game, self.exercise, self.trainee, self.results_path)
            )

    def write_results(self) -> None:
        """Once per finished game: the results file beside the saves (exercises, or a named
        trainee), for the debrief."""
        if self.results_path is not None:
            return
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...training.results import results_after_game

        try:
            with contextlib.redirect_stderr(io.StringIO()):  # it says where on stderr; we notify
                path = results_after_game(
                    self.game, self.ref or self.game.scenario.id, self.trainee, self.app.saves
                )
        except OSError as err:
            self.notify(f"Results not written: {err}", severity="error", timeout=10)
            return
        if path is not None:
            self.results_path = path
            self.notify(f"Results written to {path}", title="Results", timeout=10)

    # ------------------------------------------------------------------ the turn timer

    def tick_timer(self, seconds: int = 1) -> None:
        """One tick of the exercise's turn timer; at zero the day advances by itself."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .instructor import InstructorScreen

        if not self.options.turn_seconds or self.timer_paused or self.game.finished:
            return
        if isinstance(self.app.screen, InstructorScreen):
            return  # the instructor is at the keyboard
        before = self.turn_left
        self.turn_left -= seconds
        if self.turn_left > 0:
            if before > TIMER_WARNING >= self.turn_left:
                self.notify(
                    f"{self.turn_left} seconds left: the day advances at zero.",
                    title="Turn timer",
                    severity="warning",
                    timeout=TIMER_WARNING,
                )
            self.show_clock()
            return
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .orders import Dialog

        # A dialog with typed fields stays open for the new day (its quote redone); anything
        # else open above the game (a confirmation, a list, help) is closed: time is up.
        closed = []
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            top = self.app.screen
            if isinstance(top, Dialog) and top.KEEPS_DRAFT:
                break
            closed.append(type(top).__name__)
            self.app.pop_screen()
        kept = self.app.screen if self.app.screen is not self else None
        day = self.game.state.date
        self.advance(until_news=False)
        if isinstance(kept, Dialog):
            kept.game_changed()
        what = f"Time is up: the turn timer ended {day:%-d %b}"
        if kept is not None:
            what += "; your unfinished order is still open, quoted for the new day"
        if closed:
            what += f"; closed: {', '.join(closed)}"
        self.timer_log.append(what)
        self.query_one(EventLog).note(what)
        self.notify(what + ".", title="Turn timer", severity="warning", timeout=8)

    def toggle_timer(self) -> None:
        if not self.options.turn_seconds:
            self.notify("This exercise has no turn timer.", timeout=4)
            return
        self.timer_paused = not self.timer_paused
        self.notify("Turn timer paused." if self.timer_paused else "Turn timer running.")
        self.show_clock()

    def show_clock(self) -> None:
        if not self.options.turn_seconds or not self.is_mounted:
            return
        if self.game.finished:
            text = ""
        elif self.timer_paused:
            text = "timer paused"
        else:
            left = max(0, self.turn_left)
            text = f"{left // 60}:{left % 60:02d} left"
        self.query_one(StatusBar).clock = text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (
            self.game is not None
            and self.game.finished
            and action
            not in (
                "help",
                "menu",
                "save",
                "results",
                "toggle_map",
                "tab",
                "instructor",
            )
        ):
            return None  # shown greyed out: the game is over
        if action == "decide" and self.game is not None and not self.game.state.pending_choices:
            return None
        return True

    def watch_game(self, game) -> None:
        # Redrawing the footer is costly: only when what the keys can do has changed.
        can = (game.finished, bool(game.state.pending_choices)) if game is not None else None
        if can != getattr(self, "_can", None):
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

    # ------------------------------------------------------------------ live reload

    def _file_mtime(self) -> int | None:
        try:
            return self.watch_path.stat().st_mtime_ns if self.watch_path else None
        except OSError:
            return None

    def check_file(self) -> None:
        mtime = self._file_mtime()
        if mtime is None or mtime == self._mtime:
            return
        self._mtime = mtime
        self.reload()

    def reload(self) -> None:
        """Restart from the same seed with the changed file; on errors keep the last good game."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...engine import Game
        from ...errors import ContentError
        from ...worlds import load_world

        problems = self.query_one("#problems", Static)
        try:
            world = load_world(self.watch_path)
        except ContentError as err:
            problems.update("\n".join(str(pr) for pr in err.problems[:8]))
            problems.add_class("shown")
            self.notify(
                "The scenario has errors; the last good version keeps running.", severity="error"
            )
            return
        problems.update("")
        problems.remove_class("shown")
        self._results_shown = False
        self.game = Game(world, self.game.seed)
        self.notify(
            f"Reloaded {self.watch_path.name}: restarted with seed {self.game.seed}", timeout=4
        )
