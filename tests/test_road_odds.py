"""`Game.road_odds` is the quote's own IED and ambush odds, without the rest of the quote: the
same numbers (and the same refusal) for every kind of planned convoy."""

from __future__ import annotations

import pytest
from played import played

from game.engine import Game
from game.engine.risk import route_odds, stretch_odds


@pytest.fixture(scope="module")
def game() -> Game:
    return played("drawdown-2023", 2, 40)


def orders(game: Game) -> list[dict[str, object]]:
    held = [s.id for s in game.state.sites.values() if s.headcount and s.trucks]
    out: list[dict[str, object]] = []
    for origin in held:
        for destination in ("gao", "timbuktu", "kidal", "labbezanga"):
            if destination == origin:
                continue
            for kind, escort, clearance, overwatch in (
                ("request_movement", "none", False, False),
                ("request_movement", "heavy", True, True),
                ("move_unauthorized", "light", False, True),
            ):
                out.append(
                    {
                        "kind": kind,
                        "origin": origin,
                        "destination": destination,
                        "trucks": 10,
                        "vehicles": 30,
                        "people": 130,
                        "escort": escort,
                        "clearance": clearance,
                        "overwatch": overwatch,
                    }
                )
    return out


def test_road_odds_are_the_quotes_odds(game: Game) -> None:
    planned = orders(game)
    assert len(planned) > 20
    for kind in ("request_movement", "move_unauthorized"):  # escorted and overwatched ones too
        assert any(o["kind"] == kind and o["overwatch"] and game.road_odds(o).ok for o in planned)
    cases = planned + [{"kind": "request_movement", "origin": "gao", "destination": "nowhere"}]
    refused = 0
    for order in cases:
        odds, quote = game.road_odds(order), game.quote(order, trial=False)
        assert odds.ok == quote.ok, order
        if quote.ok:
            assert (odds.ied, odds.ambush) == (quote.ied, quote.ambush), order
        else:
            refused += 1
            assert odds.reason == quote.reason
    assert refused >= 1


def test_road_odds_refuse_other_orders(game: Game) -> None:
    with pytest.raises(TypeError):
        game.road_odds({"kind": "engage"})


def test_route_odds_are_each_stretchs_odds(game: Game) -> None:
    """The whole road at once gives exactly what each stretch gives alone (the rolls use the one,
    the outlooks and the map the other)."""
    ctx = game.ctx
    for route in ctx.routes.values():
        for escort, clearance, authorized, leaked, overwatch in (
            ("none", False, True, False, False),
            ("heavy", True, False, True, True),
            ("light", False, True, True, False),
        ):
            setup = dict(
                escort=escort,
                clearance=clearance,
                authorized=authorized,
                trucks=12,
                length=30,
                leaked=leaked,
                overwatch=overwatch,
            )
            whole = route_odds(ctx, route, **setup)
            assert whole == [stretch_odds(ctx, route, s, **setup) for s in route.stretches]
