"""Fair dice and one voice for the rules.

- The same move on the same day meets the same dice, whatever else was ordered before it (rolls are
  keyed to where and when, never to an order's id or sequence).
- `Game.check` says exactly what `Game.order` then does, and `Game.quote`'s relations cost is the
  change the order then makes, on every bundled scenario.
"""

from __future__ import annotations

import random

import pytest
from conftest import with_host
from invariants import check_invariants

from game.bots.policies import RandomPlayer
from game.content import catalogue
from game.engine import Game
from game.model import adapters
from game.model.state import Convoy
from game.worlds import load_world

MOVE = {
    "kind": "move_unauthorized",
    "origin": "timbuktu",
    "destination": "gao",
    "people": 60,
    "vehicles": 10,
    "trucks": 20,
    "containers": 20,
}
OTHER = {
    "kind": "move_unauthorized",
    "origin": "ber",
    "destination": "timbuktu",
    "people": 20,
    "vehicles": 4,
}


def _journey(game: Game, days: int) -> list[tuple]:
    """Day by day, the Timbuktu→Gao convoy's progress, delays, incidents and cargo."""
    out = []
    for _ in range(days):
        game.advance()
        mine = [c for c in game.state.convoys if (c.origin, c.destination) == ("timbuktu", "gao")]
        out.append(tuple(_snapshot(c) for c in mine))
    return out


def _snapshot(c: Convoy) -> tuple:
    return (c.progress, c.delay, c.incidents, adapters.dump(c.cargo))


@pytest.mark.parametrize("seed", range(12))
def test_same_move_same_day_same_dice_whatever_came_before(sandbox, seed):
    plain = Game(sandbox, seed)
    assert plain.order(MOVE).ok
    crowded = Game(sandbox, seed)
    assert crowded.order(OTHER).ok  # another convoy first: a different id for ours
    assert crowded.order({"kind": "engage"}).ok
    assert crowded.order(MOVE).ok
    assert plain.state.convoys[0].id != crowded.state.convoys[-1].id
    assert _journey(plain, 12) == _journey(crowded, 12)


def test_the_dice_do_hit_sometimes(sandbox):
    """The fairness test above means something only if incidents happen in those games."""
    hit = 0
    for seed in range(12):
        g = Game(sandbox, seed)
        g.order(MOVE)
        hit += any(snap[2] for day in _journey(g, 12) for snap in day)
    assert hit >= 2


@pytest.mark.parametrize("seed", range(8))
def test_same_request_same_day_same_answer(sandbox, seed):
    ask = {**MOVE, "kind": "request_movement", "ref": "mine"}
    other = {**OTHER, "kind": "request_movement"}
    answers = []
    for first in (None, other):
        g = Game(sandbox, seed)
        if first is not None:
            assert g.order(first).ok
        assert g.order(ask).ok
        for _ in range(8):
            g.advance()
        req = g.state.requests["mine"]
        answers.append((req.status, req.conditions, req.valid_from, req.reason))
    assert answers[0] == answers[1]


def test_host_answers_differ_across_seeds(sandbox):
    world = with_host(sandbox, approve=0.5, per_relation=0.0)
    statuses = set()
    for seed in range(16):
        g = Game(world, seed)
        g.order({**MOVE, "kind": "request_movement", "ref": "mine"})
        for _ in range(8):
            g.advance()
        statuses.add(g.state.requests["mine"].status)
    assert len(statuses) > 1


# --------------------------------------------------------------------------- check and quote


SCENARIOS = [info.id for info in catalogue()]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_check_and_quote_agree_with_the_engine(scenario):
    """Random orders, legal or not: check's verdict is order's verdict, with the same reason, and a
    legal order's quoted relations change is the change it makes."""
    world = load_world(scenario)
    game = Game(world, 3)
    bot = RandomPlayer(game, 3)
    seen = {True: 0, False: 0}
    for _ in range(40):
        if game.finished:
            break
        r = random.Random(f"check-quote:{game.state.day}")
        for _ in range(3):
            order = bot.random_order(r)
            if order is None:
                continue
            verdict = game.check(order)
            quoted = game.quote(order)
            before = game.state.relations
            result = game.order(order)
            assert verdict.ok == result.ok == quoted.ok, (order, verdict, result)
            if not result.ok:
                assert verdict.reason == result.message
            elif order["kind"] != "destroy":  # destruction's cost accrues as the work is done
                assert quoted.relations == pytest.approx(game.state.relations - before, abs=1e-6)
            seen[result.ok] += 1
        for pending in list(game.state.pending_choices):
            event = game.world.scenario.events
            choice = next(e for e in event if e.id == pending.event).choices[0].id
            game.order({"kind": "choose", "event": pending.event, "choice": choice})
        game.advance()
        check_invariants(game)
    assert seen[True] and seen[False], seen


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_random_play_keeps_the_ledgers_on_every_scenario(scenario):
    world = load_world(scenario)
    for seed in (1, 2):
        game = Game(world, seed)
        player = RandomPlayer(game, seed)
        while not game.finished:
            player.play_day()
            game.advance()
            check_invariants(game)


def test_check_changes_nothing(sandbox):
    game = Game(sandbox, 5)
    before = game.digest()
    assert game.check(MOVE).ok
    assert game.quote(MOVE).ied is not None
    assert game.digest() == before
    assert game.record == []


def test_quote_of_a_movement_request_gives_odds_answer_and_capacity(sandbox):
    game = Game(sandbox, 5)
    q = game.quote({**MOVE, "kind": "request_movement", "escort": "light"})
    assert q.ok and q.ied is not None and q.ambush is not None
    assert 0.0 <= q.approval <= 1.0
    assert q.answer_on is not None and q.answer_on > game.state.date
    assert q.capacity["trucks"] == 20 and q.capacity["escort_troops"] > 0
    assert q.travel_days > 0 and q.casualties_fall_on == "peacekeepers"
    refused = game.quote({**MOVE, "people": 10_000})
    assert not refused.ok and "people" in refused.reason


def test_a_flight_records_its_odds_and_expected_wounded_when_sent(sandbox):
    """Decision against luck for flights: what the player was told, the truth, and the expected
    wounded from the truth, kept when the flight leaves; the quote shows the told odds."""
    from conftest import with_host

    world = with_host(sandbox, approve=1.0, per_relation=0.0, conditions_share=0.0)
    g = Game(world, 4)
    flight = {
        "kind": "request_flight",
        "ref": "lift",
        "origin": "timbuktu",
        "destination": "gao",
        "aircraft": "c130",
        "people": 60,
    }
    told = g.quote(flight)
    assert g.order(flight).ok
    while g.state.requests["lift"].status != "approved":
        g.advance()
    assert g.order({"kind": "dispatch", "request": "lift"}).ok
    est = g.state.flight_estimates[-1]
    assert est.fired_on == pytest.approx(told.fired_on, abs=1e-4)
    assert est.true_fired_on > 0 and est.expected_wounded == pytest.approx(
        est.true_fired_on * g.world.rules.flight.wounded_max / 2
    )
