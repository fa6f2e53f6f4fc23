"""Live reload (`drawdown play FILE --watch`): follows every file the game is made from — the
scenario or exercise, an exercise's scenario, the theatre and the standard rules — and on a
change plays the player's orders again on the new content, so the game stays on its day.

Orders the new content refuses are refused in the game as they would be in play; the first one
(with the engine's reason) is said in a toast and in the log pane. A file with errors shows its
problems over the game and the last good version runs on.

An edit that cuts the game short (an earlier deadline, other turn days) drops the orders after the
cut from the game, not from the record the reload keeps: the next reload plays that whole record
again, so reverting the edit brings the game back to its day with every order. Once the player
plays on from the cut (an order, a day, an undo), the game's own record is kept instead."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...model.orders import names, parse_logged

if TYPE_CHECKING:
    from ...engine import Game
    from ...training.replay import Rebased, Refusal
    from ..roles import GameHost

POLL_SECONDS = 0.5  # not a rule: how often the files are looked at
SHOWN_PROBLEMS = 8  # not a rule: problems listed over the game (the rest: drawdown validate)

Stamp = tuple[int, int] | None  # (modified ns, size), None while the file is missing


def stamp(path: Path) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class LiveReload:
    def __init__(self, host: GameHost, path: Path) -> None:
        self.host = host
        self.path = path  # what `play` was given: a scenario or an exercise file
        self.stamps: dict[Path, Stamp] = {}
        # After a reload that cut the game short: the whole record it was given (the orders
        # after the cut included), the game the cut left and how long that game's record was.
        # While the player has not played on from it, reloads play `kept`, not the game's own.
        self.kept: list[dict[str, Any]] = []
        self.cut_game: Game | None = None
        self.cut_length = 0
        self.follow_files()

    def start(self) -> None:
        self.host.set_interval(POLL_SECONDS, self.check)

    @property
    def files(self) -> list[Path]:
        return list(self.stamps)

    def follow_files(self) -> None:
        """(Re)read which files the game is made from: an edit may name another theatre."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...errors import ContentError
        from ...worlds import content_files

        try:
            paths = content_files(self.path)
        except ContentError:
            paths = [self.path]
        self.stamps = {p: stamp(p) for p in paths}

    def check(self) -> None:
        """Reload if any followed file changed since it was last looked at."""
        self.notice_play()
        changed = [p for p, old in self.stamps.items() if stamp(p) != old]
        if not changed:
            return
        self.follow_files()
        self.reload(changed)

    def reload(self, changed: list[Path]) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...errors import ContentError
        from ...training.replay import replay_onto
        from ...worlds import load_world

        host = self.host
        try:
            world = load_world(self.path)
        except ContentError as err:
            host.show_problems([str(pr) for pr in err.problems[:SHOWN_PROBLEMS]])
            host.notify(
                "The scenario has errors; the last good version keeps running.", severity="error"
            )
            return
        host.show_problems([])
        old = host.game
        self.notice_play()
        record = self.kept or old.record
        rebased = replay_onto(world, old.seed, record, old.world)
        if rebased.cut:  # the record is kept whole: a later reload may reach its end again
            self.kept, self.cut_game = list(record), rebased.game
            self.cut_length = len(rebased.game.record)
        else:
            self.kept, self.cut_game = [], None
        host.replace_game(rebased.game)
        names = ", ".join(p.name for p in changed)
        self.tell(names, rebased)

    def notice_play(self) -> None:
        """If the player has played on from a cut (the game is another or its record grew), the
        game's own record is theirs again: the orders kept after the cut are dropped, and said."""
        game = self.host.game
        if not self.kept or (game is self.cut_game and len(game.record) == self.cut_length):
            return
        after = self.kept[self.cut_length :]
        self.kept, self.cut_game = [], None
        orders = sum(1 for e in after if "order" in e)
        days = len(after) - orders
        dropped = ", ".join(
            f"{n} {what}{'' if n == 1 else 's'}"
            for n, what in ((orders, "order"), (days, "turn"))
            if n
        )
        line = (
            f"Played on from the cut: the orders kept after it are dropped ({dropped}); "
            "reverting the edit no longer brings them back"
        )
        self.host.note(line)
        self.host.notify(f"{line}.", severity="warning", timeout=8)

    def tell(self, names: str, rebased: Rebased) -> None:
        host, game = self.host, rebased.game
        head = (
            f"Reloaded {names}: day {game.state.day} ({game.state.date:%-d %b}), seed {game.seed}"
        )
        lines = rebased_lines(head, rebased)
        if rebased.cut:  # (a game over takes no order or day: nothing could drop them)
            lines.append(KEPT if game.finished else f"{KEPT}; {PLAY_ON}")
        for line in lines:
            host.note(line)
        if len(lines) == 1:
            host.notify(f"{lines[0]}.", timeout=4)
        else:
            host.notify(".\n".join(lines) + ".", title="Reloaded", severity="warning", timeout=12)


STOP = "The orders stop applying"
LATER = "later order(s) no longer apply either"
KEPT = "The orders after the cut are kept: revert the edit and they are played again"
PLAY_ON = "an order or a day played from here drops them"


def rebased_lines(head: str, rebased: Rebased, stop: str = STOP, later: str = LATER) -> list[str]:
    """What became of the orders played again on new content, in lines for the log pane and a
    toast (`stop` and `later` word the refused ones): one line if all of them still apply."""
    game = rebased.game
    first = rebased.first
    if first is None and not rebased.cut:
        orders = sum(1 for e in game.record if "order" in e)
        done = {0: "no orders given yet", 1: "its one order replayed"}.get(
            orders, f"all {orders} orders replayed"
        )
        return [f"{head}; {done}"]
    lines = [head]
    if first is not None:
        lines.append(refusal_words(game, first, stop))
        more = len(rebased.refused) - 1
        if more:
            lines.append(f"{more} {later}")
    if rebased.cut:
        lines.append(rebased.cut[0].upper() + rebased.cut[1:])
    return lines


def refusal_words(game: Game, refusal: Refusal, stop: str = STOP) -> str:
    """Where the orders stop applying: the first one refused, when it was given and why."""
    date = game.date_of(refusal.day)
    order = parse_logged(refusal.order)
    what = order.kind.replace("_", " ") if order is not None else "order"
    named = names(order)
    if named.origin and named.destination:
        what += f" {game.name(named.origin)} → {game.name(named.destination)}"
    for part in (named.site, named.request, named.event):
        if part:
            what += f" {part}"
    return f"{stop} on {date:%-d %b}: {what} refused: {refusal.reason}"
