"""The roles the screens rely on, as Protocols: the app as the menus see it (settings, the
actions that change screens), the app as a game's screens see it (saves, autosave, menus) and
the game screen as its controllers see it (the one game, and where to say things).

Screens and controllers type against these rather than import `DrawdownApp` or `GameScreen`:
the app opens the game screen and the game screen builds its controllers, so importing either
back would close an import cycle (tests/test_architecture.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.timer import Timer, TimerCallback

    from ..engine import Game
    from ..model.exercise import Exercise
    from ..model.options import Options


class GameApp(Protocol):
    """What `DrawdownApp` offers the screens of a game."""

    saves: str | None

    def autosave(self, game: Game, ref: str | None) -> None: ...

    def action_save_game(self, game: Game, ref: str | None = None) -> None: ...

    def action_help(self) -> None: ...

    def action_main_menu(self) -> None: ...

    def settle_now(self) -> None: ...


@runtime_checkable
class FollowsGame(Protocol):
    """A screen open over the game that reads it (an order or decision dialog): when the game is
    replaced under it (undo, live reload) it is handed the new one and told."""

    game: Game

    def game_changed(self) -> None: ...


def game_app(app: App[Any]) -> GameApp:
    """The running app in its role for a game's screens (it is a DrawdownApp, or one of its
    subclasses; the classroom's is one)."""
    return cast("GameApp", app)


class GameHost(Protocol):
    """What the game screen offers its controllers (turn timer, live reload, results, instructor,
    undo): the game it holds, how to replace or advance it, and where to tell the player."""

    ref: str | None
    trainee: str
    exercise: Exercise | None
    options: Options

    @property
    def game(self) -> Game: ...

    @property
    def app(self) -> App[object]: ...

    @property
    def is_mounted(self) -> bool: ...

    def replace_game(self, game: Game) -> None:
        """Show another game (undo, reload): redrawn, autosaved."""

    def advance(self, until_news: bool) -> None: ...

    def order(self, order: dict[str, Any] | None) -> None:
        """Give an order once the current key press is handled (None: nothing to give)."""

    def note(self, text: str) -> None:
        """A line in the game's log pane from the screen, not the game."""

    def show_clock(self, text: str) -> None:
        """The turn timer's text on the status bar."""

    def show_problems(self, lines: list[str]) -> None:
        """A content file's problems over the game ([] hides them)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None: ...

    def set_interval(self, interval: float, callback: TimerCallback | None = None) -> Timer: ...


# --------------------------------------------------------------------------- the app, for menus


@runtime_checkable
class Host(Protocol):
    """What the menu and file screens ask of the running app: its settings (saves folder,
    default seed, trainee) and the actions that change screens."""

    saves: str | None
    seed: int | None
    trainee: str | None

    def start_game(
        self, game: Game, ref: str | None, *, watch: str | None = None, trainee: str | None = None
    ) -> None: ...

    def action_exercises(self) -> None: ...

    def action_continue(self) -> None: ...

    def action_load_game(self) -> None: ...

    def action_help(self) -> None: ...


def host(node: DOMNode) -> Host:
    """The app running this screen or widget, as the screens know it."""
    app = node.app
    if not isinstance(app, Host):
        raise TypeError(f"{type(app).__name__} is not the Drawdown app")
    return app
