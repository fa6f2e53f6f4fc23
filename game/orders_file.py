"""Orders files: read (checked like any content file) and played on their dates, by
`drawdown run --orders` and by `drawdown sim --orders` (a bot plays the rest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .authoring.locate import locate
from .content import build, parse_toml
from .engine import Game
from .errors import ContentError, Problem
from .model.content import World
from .model.orders import OrdersFile


def load_orders(path: Path, world: World | None = None) -> OrdersFile:
    """An orders file, checked; with the world it is for, also each order's date against the
    scenario's turns. ContentError gives every problem at its line."""
    data, text = parse_toml(path)
    orders: OrdersFile = build(OrdersFile, path, data, text)
    if world is not None and (problems := mid_turn_problems(world, orders, path, text)):
        raise ContentError(problems)
    return orders


def mid_turn_problems(world: World, orders: OrdersFile, path: Path, text: str) -> list[Problem]:
    """Orders dated inside a turn (with turns of several days, orders are given on a turn's first
    day only): each at its line, with the turn days either side."""
    sc = world.scenario
    if sc.turn_days == 1:
        return []
    out = []
    for i, order in enumerate(orders.orders):
        if order.date is None:
            continue
        into = (order.date - sc.start).days % sc.turn_days
        if into == 0:
            continue
        before = order.date - dt.timedelta(days=into)
        after = before + dt.timedelta(days=sc.turn_days)
        line, col = locate(text, ("orders", i, "date"), None, value=True)
        out.append(
            Problem(
                str(path),
                line,
                col,
                "error",
                f"{sc.id} plays in turns of {sc.turn_days} days from {sc.start}: an order can "
                f"be given on a turn's first day, not on {order.date}; date it {before} or {after}",
            )
        )
    return out


class Script:
    """An orders file's orders, each given on its date (`run --orders`, `sim --orders`)."""

    def __init__(self, game: Game, orders: OrdersFile, path: str = "orders") -> None:
        start = game.scenario.start
        pending = sorted(
            enumerate(orders.orders), key=lambda pair: (pair[1].date or start, pair[0])
        )
        self.queue = [o for _, o in pending]
        self.next = 0
        self.path = path
        self.refused: list[str] = []

    def give_due(self, game: Game) -> None:
        """Give every order dated today (or undated, on the first day); note each one refused."""
        today = game.state.date
        start = game.scenario.start
        while self.next < len(self.queue) and (self.queue[self.next].date or start) <= today:
            order = self.queue[self.next]
            self.next += 1
            when = order.date or start
            if when < today:
                self.refused.append(
                    f"{self.path}: order {order.kind} dated {when} is before the game's day {today}; skipped"
                )
                continue
            result = game.order(order)
            if not result.ok:
                self.refused.append(f"{today}: refused {order.kind}: {result.message}")

    def finish(self) -> list[str]:
        """Once the game is over: every refusal, and the orders dated after the end."""
        for order in self.queue[self.next :]:
            self.refused.append(
                f"{self.path}: order {order.kind} dated {order.date} is after the game ended; skipped"
            )
        self.next = len(self.queue)
        return self.refused


def play_orders(game: Game, orders: OrdersFile, path: str = "orders") -> list[str]:
    """Play a whole game, giving each order on its date. Returns one line per refused order."""
    script = Script(game, orders, path)
    while not game.finished:
        script.give_due(game)
        game.advance()
    return script.finish()
