"""The state's stored requests and standing conditions are typed, with their JSON unchanged; the
engine's index of open requests always agrees with a scan of every request."""

from __future__ import annotations

import json

import pytest
from played import played

from game.bots.policies import POLICIES
from game.engine import Game
from game.engine.scratch import LEFT_BEHIND, scratch
from game.model import adapters
from game.model.checked import fields_of
from game.model.content import ApprovalPenalty, DenyFlights, ExtraLead, FreezeMovement
from game.model.orders import RequestFlight, RequestMovement
from game.model.state import State
from game.worlds import load_world


@pytest.fixture(scope="module")
def mid_game() -> Game:
    """A cautious campaign of drawdown-2023 after 70 days: requests of both kinds, conditions."""
    return played("drawdown-2023", 3, 70)


def test_requests_and_conditions_are_models(mid_game: Game) -> None:
    st = mid_game.state
    kinds = {type(r.order) for r in st.requests.values()}
    assert kinds == {RequestMovement, RequestFlight}
    for r in st.requests.values():
        assert isinstance(r.order, RequestMovement if r.kind == "movement" else RequestFlight)
    typed = FreezeMovement | DenyFlights | ExtraLead | ApprovalPenalty
    assert st.conditions and all(isinstance(c, typed) for c in st.conditions)


def test_a_stored_order_saves_as_it_did_when_it_was_a_dict(mid_game: Game) -> None:
    """Its JSON form without the date, unset fields as null (what the digest hashed before);
    `auto` and `every`, added since, only when set."""
    data = json.loads(adapters.dump_json(mid_game.state))
    movement = next(r for r in data["requests"].values() if r["kind"] == "movement")["order"]
    assert "date" not in movement
    assert movement["kind"] == "request_movement" and movement["contingent"] is None
    assert set(movement) == set(fields_of(RequestMovement)) - {"date", "auto"}
    condition = data["conditions"][0]
    assert condition == mid_game.world.scenario.host.conditions[0].model_dump(mode="json")


def test_the_state_json_loads_back_to_the_same_json(mid_game: Game) -> None:
    text = adapters.dump_json(mid_game.state)
    again = adapters.load_json(State, text)
    assert adapters.dump_json(again) == text
    assert all(
        type(again.requests[k].order) is type(r.order) for k, r in mid_game.state.requests.items()
    )


def test_open_requests_agree_with_a_full_scan_every_day() -> None:
    world = load_world("drawdown-2023")
    game = Game(world, 5)
    bot = POLICIES["cautious"](game, 5)
    seen_settled = False
    while not game.finished:
        bot.play_day()
        scan = [r for r in game.state.requests.values() if r.status not in ("used", "cancelled")]
        assert list(game.open_requests()) == scan
        seen_settled |= len(scan) < len(game.state.requests)
        if scan:  # a trial on a scratch copy does not disturb the game's index
            game.quote({"kind": "cancel", "request": scan[0].id})
            assert list(game.open_requests()) == scan
        game.advance()
    assert seen_settled  # the index did drop settled requests along the way


def test_a_scratch_copy_is_the_same_state_and_independent_of_it(mid_game: Game) -> None:
    """What `check` and `quote` try orders on: equal to the game's state (less what orders only
    append to), sharing nothing an order can change (settled requests are shared: no order
    changes them)."""
    st = mid_game.state
    copy = scratch(mid_game.ctx).state
    assert adapters.dump(copy, mode="json", exclude=set(LEFT_BEHIND)) == adapters.dump(
        st, mode="json", exclude=set(LEFT_BEHIND)
    )
    assert all(getattr(copy, name) == [] for name in LEFT_BEHIND)
    before = adapters.dump_json(st)
    for site in copy.sites.values():
        site.people["someone"] = 1
        site.containers += 1
    copy.ledger.containers.lost += 1
    copy.pressure["nowhere"] = 1.0
    for r in copy.requests.values():
        if r.status not in ("used", "cancelled"):  # settled ones are shared: no order changes them
            r.status = "cancelled"
    for c in copy.convoys:
        c.cargo.people["someone"] = 1
    assert adapters.dump_json(st) == before


def test_a_scratch_context_is_the_game_s_over_its_own_state(mid_game: Game) -> None:
    """`Ctx.over` (built, not copied, so the engine can be compiled): the same world, seed and
    indexes as the game's context, the map's caches shared, its own state and open requests."""
    ctx = mid_game.ctx
    mid_game.check({"kind": "engage"})  # fills the open-requests cache of the game's context
    other = scratch(ctx)
    assert other.state is not ctx.state and other.open is not ctx.open
    assert list(other.open_requests()) == [other.state.requests[r.id] for r in ctx.open_requests()]
    assert other._paths is ctx._paths and other.supply_reach is ctx.supply_reach
    # Every attribute but those two (by dir, not vars: a compiled Ctx has no __dict__).
    names = [
        n
        for n in dir(ctx)
        if not n.startswith("__")
        and n not in ("state", "open")
        and not callable(getattr(type(ctx), n, None))  # methods
    ]
    assert {"sites", "routes", "seed", "world", "_paths"} <= set(names)
    assert {n: getattr(other, n) for n in names} == {n: getattr(ctx, n) for n in names}
