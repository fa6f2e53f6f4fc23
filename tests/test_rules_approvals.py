"""Using an approval as it is given: amended down within its conditions, sent automatically on
approval, and standing flights that file their next request as they leave (issue 11)."""

from __future__ import annotations

import pytest
from conftest import with_host, without_events
from invariants import check_invariants

from game.engine import Game
from game.model import log
from game.model.json_data import json_data
from game.worlds import load_world

ANSONGO = dict(
    kind="request_movement",
    origin="ansongo",
    destination="gao",
    people=130,
    containers=20,
    vehicles=25,
    sensitive=2,
    trucks=11,
    escort="light",
)


def tutorial_no_sensitive() -> Game:
    """Tutorial seed 1: the host approves the camp's convoy on condition it carries no sensitive
    equipment, although the request carries 2 sensitive items."""
    game = Game(load_world("tutorial"), 1)
    assert game.order(ANSONGO).ok
    for _ in range(5):
        game.advance()
        if game.state.requests["r1"].status != "pending":
            break
    req = game.state.requests["r1"]
    assert req.status == "approved" and game.authorized_today("r1")
    assert req.no_sensitive and req.conditions == ["no sensitive equipment"]
    return game


def test_a_no_sensitive_approval_cannot_be_used_as_requested():
    game = tutorial_no_sensitive()
    verdict = game.check({"kind": "dispatch", "request": "r1"})
    assert not verdict.ok
    assert verdict.reason == "the authorization excludes sensitive equipment"


def test_leaving_the_sensitive_items_behind_meets_the_condition():
    game = tutorial_no_sensitive()
    order = {"kind": "dispatch", "request": "r1", "sensitive": 0}
    assert game.check(order).ok
    quote = game.quote(order)
    assert quote.ok and quote.words
    result = game.order(order)
    assert result.ok, result.message
    assert "0 sensitive" in result.message
    (convoy,) = game.state.convoys
    assert convoy.authorized
    assert convoy.cargo.sensitive == 0 and convoy.cargo.containers == 20
    assert convoy.cargo.headcount == 130
    assert game.state.sites["ansongo"].sensitive == 2  # left behind, still counted there
    assert game.state.requests["r1"].status == "used"
    check_invariants(game)


def test_an_approval_never_stretches_beyond_what_was_asked():
    game = tutorial_no_sensitive()
    verdict = game.check({"kind": "dispatch", "request": "r1", "sensitive": 0, "containers": 21})
    assert not verdict.ok
    assert verdict.reason == "r1 was approved for 20 containers; it may go with fewer, not 21"


def test_a_partly_used_approval_still_obeys_the_convoy_rules():
    game = tutorial_no_sensitive()
    # fewer people than the light escort needs
    verdict = game.check({"kind": "dispatch", "request": "r1", "sensitive": 0, "people": 1})
    assert not verdict.ok and "escort needs" in verdict.reason
    # fewer trucks than the containers need
    verdict = game.check({"kind": "dispatch", "request": "r1", "sensitive": 0, "trucks": 2})
    assert not verdict.ok and "need 10 trucks" in verdict.reason
    # a convoy has no sorties
    verdict = game.check({"kind": "dispatch", "request": "r1", "sensitive": 0, "sorties": 1})
    assert not verdict.ok and verdict.reason == "a movement carries no sorties"


def test_fewer_trucks_meets_an_at_most_trucks_condition(sandbox):
    world = without_events(
        with_host(sandbox, approve=1.0, per_relation=0.0, conditions_share=0.0, lead_days=1)
    )
    game = Game(world, 3)
    site = next(s for s, st in game.state.sites.items() if st.containers >= 8 and st.trucks >= 8)
    order = dict(kind="request_movement", origin=site, destination="gao", containers=4, trucks=4)
    order["people"] = game.escort_troops("light")
    order["vehicles"] = game.vehicles_to_seat(order["people"])
    order["escort"] = "light"
    assert game.order(order).ok, game.check(order).reason
    while game.state.requests["r1"].status == "pending":
        game.advance()
    req = game.state.requests["r1"]
    assert game.authorized_today("r1")
    req.max_trucks = 2  # the host's condition, as it sets it
    assert game.check({"kind": "dispatch", "request": "r1"}).reason == (
        "the authorization allows at most 2 trucks"
    )
    assert (
        game.order({"kind": "dispatch", "request": "r1", "trucks": 2, "containers": 4}).ok is False
    )
    result = game.order({"kind": "dispatch", "request": "r1", "trucks": 2, "containers": 2})
    assert result.ok, result.message
    assert game.state.convoys[0].cargo.trucks == 2


def test_auto_dispatch_sends_the_request_the_morning_it_is_usable(sandbox):
    world = without_events(
        with_host(sandbox, approve=1.0, per_relation=0.0, conditions_share=0.0, lead_days=2)
    )
    game = Game(world, 5)
    flight = _flight(game)
    assert game.order({**flight, "auto": True}).ok
    assert game.state.requests["r1"].order.auto is True
    while game.state.requests["r1"].status == "pending":
        game.advance()
    assert game.authorized_today("r1") and not game.state.flights  # approved, not yet sent
    entries = game.advance()
    sent = [e for e in entries if isinstance(e.data, log.OrderApplied)]
    assert [e.data.order for e in sent] == [
        {"kind": "dispatch", "request": "r1", "unauthorized": False}
    ]
    assert game.state.requests["r1"].status == "used"
    check_invariants(game)


def test_requests_without_auto_wait_for_the_player(sandbox):
    world = without_events(
        with_host(sandbox, approve=1.0, per_relation=0.0, conditions_share=0.0, lead_days=2)
    )
    game = Game(world, 5)
    flight = _flight(game)
    assert game.order(flight).ok
    assert "auto" not in json_data(game.state.requests["r1"])["order"]  # stored only when set
    for _ in range(4):
        game.advance()
    assert game.state.requests["r1"].status == "approved"


def _flight(game: Game) -> dict:
    """A small transport flight from Timbuktu (90 people, a runway) to Gao (the air exit)."""
    return dict(
        kind="request_flight", origin="timbuktu", destination="gao", aircraft="c130", people=10
    )


def test_a_standing_flight_files_its_next_request_as_it_leaves(sandbox):
    world = without_events(
        with_host(sandbox, approve=1.0, per_relation=0.0, conditions_share=0.0, lead_days=1)
    )
    game = Game(world, 5)
    flight = {**_flight(game), "every": 3, "auto": True}
    assert game.order(flight).ok
    for _ in range(10):
        game.advance()
    used = [r for r in game.state.requests.values() if r.status == "used"]
    assert len(used) >= 3  # one every 3 days, each filing the next
    days = sorted(
        e.day
        for e in game.state.log
        if isinstance(e.data, log.OrderApplied) and e.data.order_kind == "dispatch"
    )
    assert [b - a for a, b in zip(days, days[1:], strict=False)] == [3] * (len(days) - 1)
    # cancelling the pending one ends the chain
    pending = [r for r in game.state.requests.values() if r.status in ("pending", "approved")]
    assert len(pending) == 1
    assert game.order({"kind": "cancel", "request": pending[0].id}).ok
    count = len(game.state.requests)
    for _ in range(6):
        game.advance()
    assert len(game.state.requests) == count
    check_invariants(game)


@pytest.mark.parametrize("every", [0, 61])
def test_a_standing_flight_has_a_sane_period(sandbox, every):
    game = Game(sandbox, 1)
    with pytest.raises(ValueError):
        game.check({**_flight(game), "every": every})


def test_standing_and_automatic_requests_replay_to_the_same_game(sandbox):
    world = without_events(
        with_host(sandbox, approve=1.0, per_relation=0.0, conditions_share=0.0, lead_days=1)
    )
    game = Game(world, 5)
    assert game.order({**_flight(game), "every": 2, "auto": True}).ok
    for _ in range(7):
        game.advance()
    assert sum(r.status == "used" for r in game.state.requests.values()) >= 2
    again = Game.replay(world, 5, game.record)
    assert again.digest() == game.digest()
    assert again.state.requests == game.state.requests
