"""One trainee's game under `drawdown serve`: the normal app, kept to the trainee's own folder and
name, that follows the instructor's control file and ends itself, saved, when left idle.

textual-serve starts it (``python -m game.serve.session ...``) once per browser tab; nobody else
runs it, so its arguments are not part of the public command line.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events

from ..ui.app import DrawdownApp
from .control import Control, read_control

if TYPE_CHECKING:
    from ..engine import Game
    from ..ui.screens.game import GameScreen

POLL_SECONDS = 1.0
WARN_SECONDS = 60


class ClassroomApp(DrawdownApp):
    """The game for one trainee of a class."""

    classroom = True  # the game screen leaves the instructor's controls to the console
    # Forked from a parent that loaded and froze what every game shares (game/serve/forking.py):
    # a full collection would write to all of it and copy every shared page into this game.
    SETTLES_MEMORY = False

    def __init__(
        self,
        game: Game | None = None,
        ref: str | None = None,
        *,
        folder: str,
        name: str,
        key: str,
        control: str,
        idle_seconds: float = 0,
    ) -> None:
        super().__init__(game, ref, saves=folder, trainee=name)
        self.key = key
        self.control_path = Path(control)
        self.idle_seconds = idle_seconds
        self.last_input = time.monotonic()
        self._warned = False
        self._control_version: tuple[int, int] | None = None
        # Orders given before this game started were for an earlier session: not replayed.
        self._seen = read_control(self.control_path).last_seq
        self._paused = False

    def on_mount(self) -> None:
        self.sub_title = self.trainee or ""
        self.set_interval(POLL_SECONDS, self.poll)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown)):
            self.last_input = time.monotonic()
            self._warned = False
        await super().on_event(event)

    # ------------------------------------------------------------------ the trainee is fixed

    def start_game(
        self,
        game: Game,
        ref: str | None,
        *,
        watch: str | None = None,
        trainee: str | None = None,
    ) -> None:
        # The exercise picker's name field cannot make results under another trainee's name.
        super().start_game(game, ref, watch=watch, trainee=self.trainee)

    # ------------------------------------------------------------------ polling

    def game_screen(self) -> GameScreen | None:
        # imported when the game screen opens: the menu paints before the engine and game screen load
        from ..ui.screens.game import GameScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, GameScreen):
                return screen
        return None

    def poll(self) -> None:
        self.check_inactivity()
        self.follow_control()
        self.sync_clock()

    def sync_clock(self) -> None:
        """Everyone's turn timer follows the instructor's pause, in any game the trainee opens."""
        screen = self.game_screen()
        if screen is not None and screen.timer.seconds and screen.timer.paused != self._paused:
            screen.timer.pause(self._paused)

    def check_inactivity(self) -> None:
        if not self.idle_seconds:
            return
        idle = time.monotonic() - self.last_input
        if idle >= self.idle_seconds:
            self.end_idle()
        elif idle >= self.idle_seconds - WARN_SECONDS and not self._warned:
            self._warned = True
            self.notify(
                "No key pressed for a while: the game will be saved and closed in a minute.",
                severity="warning",
                timeout=WARN_SECONDS,
            )

    def end_idle(self) -> None:
        self.save_now()
        self.exit(return_code=0)

    def save_now(self) -> None:
        screen = self.game_screen()
        if screen is not None:
            self.autosave(screen.game, screen.ref)

    async def _on_exit_app(self) -> None:
        # Closing the tab (or the server ending the game) keeps the orders given since the last
        # day's autosave. Textual calls App._on_exit_app after this one.
        self.save_now()

    def follow_control(self) -> None:
        try:
            stat = self.control_path.stat()
        except OSError:
            return
        # Each write is a new file renamed into place: a new inode even within one clock tick.
        version = (stat.st_ino, stat.st_mtime_ns)
        if version == self._control_version:
            return
        self._control_version = version
        self.apply(read_control(self.control_path))

    def apply(self, control: Control) -> None:
        screen = self.game_screen()
        if control.paused != self._paused:
            self._paused = control.paused
            self.notify(
                "The instructor paused the clock." if control.paused else "The clock runs again.",
                timeout=5,
            )
        released = False
        for command in control.for_trainee(self.key, self._seen):
            self._seen = command.seq
            if screen is not None and self.is_held(screen.game, command.event):
                # imported when the game screen opens: the menu paints before the engine and game screen load
                from ..ui.screens.game import Ordered

                screen.send(Ordered({"kind": "release", "event": command.event}))
                released = True
        if released and screen is not None:
            self.autosave(screen.game, screen.ref)  # the console reads it from the autosave

    @staticmethod
    def is_held(game: Game | None, event: str) -> bool:
        """The event is held for the instructor in this game (a screen without a game holds none)."""
        # imported when the game screen opens: the menu paints before the engine and game screen load
        from ..ui.screens.instructor import held_injects

        if game is None:
            return False
        return any(eid == event for eid, _ in held_injects(game))


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m game.serve.session")
    p.add_argument("--folder", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--control", required=True)
    p.add_argument("--idle", type=float, default=0)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    control = os.path.abspath(args.control)
    # The game runs in the trainee's folder with "." as its saves folder, so what it shows
    # ("Saved to x.toml", the results file) never tells trainees where the server keeps files.
    os.chdir(args.folder)
    gc.disable()  # as game/ui/launch.py does: what is built now lives as long as the game
    try:
        app = ClassroomApp(
            folder=".",
            name=args.name,
            key=args.key,
            control=control,
            idle_seconds=args.idle,
        )
    finally:
        gc.freeze()
        gc.enable()
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
