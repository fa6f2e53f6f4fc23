"""The bots play by asking `Game` (its read-only queries, check and quote), never the engine's
working context: a rule the engine changes is a rule the bots follow without being edited."""

from __future__ import annotations

import re
from pathlib import Path

from game.engine import Game

BOTS = Path(__file__).resolve().parent.parent / "game" / "bots"
CTX = re.compile(r"\.ctx\b")


def test_no_bot_reaches_into_the_engine_context():
    offenders = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(BOTS.rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if CTX.search(line)
    ]
    assert not offenders, "\n".join(offenders)


def test_the_rule_queries_answer_as_the_engine_checks(sandbox):
    game = Game(sandbox, 1)
    assets = game.scenario.assets
    assert game.rules is game.world.rules
    assert game.escort_troops("none") == 0
    assert game.escort_troops("light") == assets.escort_light
    assert game.escort_troops("heavy") == assets.escort_heavy
    assert game.seats(3, 2) == 3 * assets.pax_per_vehicle + 2 * assets.pax_per_truck
    assert game.seats(game.vehicles_to_seat(7)) >= 7 > game.seats(game.vehicles_to_seat(7) - 1)
    assert game.truck_load(4) == 4 * assets.truck_capacity
    site = next(s for s in game.state.sites.values() if s.headcount and s.vehicles)
    assert 0 <= game.troops(site.people) <= site.headcount
    # the engine refuses exactly one person more than the seats it reports
    seats = game.seats(1, 0)
    destination = next(s for s in sorted(game.sites) if s != site.id and game.path(site.id, s))
    order = {
        "kind": "request_movement",
        "origin": site.id,
        "destination": destination,
        "vehicles": 1,
    }
    assert "need seats" in game.check({**order, "people": seats + 1}).reason
    assert "need seats" not in (game.check({**order, "people": seats}).reason or "")
    assert game.engage_ready() is game.check({"kind": "engage"}).ok
    assert game.recent_meetings() == 0 and not game.authorized_today("no-such-request")
