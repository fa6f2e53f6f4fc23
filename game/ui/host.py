"""What the screens ask of the running app: its settings (saves folder, default seed, trainee) and
the actions that change screens. A Protocol, so a screen types `self.app` without importing the
app module (which imports the menu screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.dom import DOMNode

if TYPE_CHECKING:
    from ..engine import Game


@runtime_checkable
class Host(Protocol):
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
