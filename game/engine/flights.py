"""Flights: each lands the day it leaves, unless fired on and turned back."""

from __future__ import annotations

from ..model import log
from . import changes
from .context import Ctx
from .convoys import unload
from .risk import flight_risk
from .rng import rng
from .supplies import deliver, place


def fly(ctx: Ctx) -> None:
    st = ctx.state
    for flight in list(st.flights):
        st.flights.remove(flight)
        where = place(ctx, flight.destination)  # an air drop to a convoy: where the convoy is
        p = flight_risk(ctx, flight.origin, where, flight.authorized)
        r = rng(ctx.seed, st.day, "flight", f"{flight.origin}>{where}")
        if r.random() < p:
            wounded = r.randrange(ctx.rules.flight.wounded_max + 1)
            group = flight.cargo.people
            _, w = changes.kill(ctx, group, 0, wounded)
            if r.random() < ctx.rules.flight.turn_back_chance:
                ctx.log(
                    log.FlightIncident,
                    f"Flight {flight.id} fired on; {w} wounded; it turns back and unloads at {ctx.name(flight.origin)}",
                    flight=flight.id,
                    request=flight.request,
                    incident="ground_fire",
                    wounded=w,
                    turned_back=True,
                    unloaded_at=flight.origin,
                )
                if flight.origin == "home":
                    # they fly back out: they leave the ledger as they entered it
                    st.ledger.arrived -= flight.cargo.headcount
                    continue
                unload(ctx, flight.cargo, flight.origin)
                continue
            ctx.log(
                log.FlightIncident,
                f"Flight {flight.id} hit by small-arms fire on landing; {w} wounded",
                flight=flight.id,
                request=flight.request,
                incident="ground_fire",
                wounded=w,
                unloaded_at=flight.destination,
            )
        if flight.purpose == "resupply":
            deliver(ctx, flight)
            continue
        unload(ctx, flight.cargo, flight.destination)
        ctx.log(
            log.FlightLanded,
            f"Flight {flight.id} lands at {ctx.name(flight.destination)}: {flight.cargo.headcount} people, "
            f"{flight.cargo.containers + flight.cargo.sensitive} loads",
            flight=flight.id,
            request=flight.request,
            origin=flight.origin,
            destination=flight.destination,
            people=flight.cargo.headcount,
            containers=flight.cargo.containers,
            sensitive=flight.cargo.sensitive,
        )
    st.sorties_used = {}
    st.landings_used = {}
