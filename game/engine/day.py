"""How a day resolves, in a fixed order:

unanswered choices take their default → requests marked `auto` that are authorized today are
dispatched → the host's day (grievances fade, operations start and end)
→ host decisions on requests → the army's checkpoints stop unauthorized convoys → convoys and flights
move (incident rolls per stretch) → consents, destruction and export (equipment.py) → supplies used
and resupplied → site security → scenario events → deadlines → the day's record.
"""

from __future__ import annotations

from ..model.state import DayRecord
from . import effects, equipment, orders
from .context import Ctx
from .convoys import move_convoys
from .flights import fly
from .host import approval_chance, checkpoints, host_day, host_decisions
from .sites import deadlines, site_security
from .supplies import supply_day

__all__ = ["resolve_day", "approval_chance", "people_remaining"]


def resolve_day(ctx: Ctx) -> None:
    effects.default_choices(ctx)
    orders.auto_dispatch(ctx)  # what the player asked to send on approval leaves this morning
    host_day(ctx)
    host_decisions(ctx)
    checkpoints(ctx)
    move_convoys(ctx)
    fly(ctx)
    equipment.daily(ctx)
    supply_day(ctx)
    site_security(ctx)
    effects.run_events(ctx)
    deadlines(ctx)
    record(ctx)


def record(ctx: Ctx) -> None:
    st = ctx.state
    led = st.ledger
    st.history.append(
        DayRecord(
            day=st.day,
            withdrawn=led.withdrawn,
            remaining=people_remaining(ctx),
            killed=led.killed,
            containers_out=led.containers.repatriated,
            relations=st.relations,
        )
    )


def people_remaining(ctx: Ctx) -> int:
    st = ctx.state
    # headcount inlined: this runs every day over every site
    n = 0
    for s in st.sites.values():
        n += sum(s.people.values())
    for c in st.convoys:
        n += sum(c.cargo.people.values())
    for f in st.flights:
        n += sum(f.cargo.people.values())
    return n
