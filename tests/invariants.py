"""Checks that must hold after every day of every game: ledgers balance, nothing is negative."""

from __future__ import annotations

from game.engine import Game
from game.model import adapters, log


def check_invariants(game: Game) -> None:
    # The summary's ledgers (game.summary() also hashes the whole state, which after every day
    # of a campaign made these checks the slowest part of the suite).
    s = game.tallies()
    p = s.personnel
    assert p.total == p.withdrawn + p.remaining + p.killed, p
    tallies = [
        ("containers", s.containers),
        ("vehicles", s.equipment.vehicles),
        ("sensitive", s.equipment.sensitive),
    ]
    for kind, tally in tallies:
        # The DESIGN contract: the five outcomes and what remains add up to the total
        # (what waits at an exit is part of `remaining`, and also given on its own).
        parts = [tally.repatriated, tally.handed_over, tally.destroyed, tally.lost, tally.remaining]
        assert tally.total == sum(parts), (kind, tally)
        assert all(n >= 0 for n in parts), (kind, tally)
        assert 0 <= tally.awaiting_export <= tally.remaining, (kind, tally)
    st = game.state
    for site in st.sites.values():
        for field in ("containers", "vehicles", "sensitive", "trucks", "eod_teams"):
            assert getattr(site, field) >= 0, (site.id, field)
        assert all(n > 0 for n in site.people.values()), site.people
    for convoy in st.convoys:
        cargo = convoy.cargo
        assert min(cargo.containers, cargo.vehicles, cargo.sensitive, cargo.trucks) >= 0
        assert all(n > 0 for n in cargo.people.values())
    assert 0 <= st.relations <= 100
    assert 0 <= st.contributors <= 100
    for kind in ("containers", "sensitive"):
        queued = sum(q[kind] for q in st.export_queue.values())
        assert queued == getattr(st.ledger, kind).awaiting_export >= 0, (kind, queued)
    assert st.qrf_free >= 0
    assert st.date <= game.scenario.deadline


def check_typed_log(game: Game) -> None:
    """Every log entry's data is its model, exactly what validating its JSON gives back (the
    engine builds them without validation). For games that reach rare kinds of happening."""
    for entry in game.state.log:
        data = entry.data
        model = log.BY_WHAT[data.what]
        assert type(data) is model and entry.kind == model.KIND, entry
        dumped = adapters.dump(data, mode="json", warnings="error")
        assert adapters.dump(adapters.load(model, dumped), mode="json") == dumped, entry
