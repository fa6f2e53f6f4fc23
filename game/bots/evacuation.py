"""Evacuation plans: the convoys and flights that would empty a site, split by what carries them
(trucks and own vehicles in bounded columns, seats and aircraft sorties), each with the escort its
troops allow and the nearest exit. Pure: it reads the game and asks the engine's check and quote,
so the planner dialog and the bots share it and neither recomputes a rule.

What a player would call a wise plan, beyond what the engine allows:
- the camp keeps its minimum garrison until the last column, which takes the garrison;
- every column carries people or loads (a column of own vehicles with nobody in them is not sent);
- people are spread over the columns, so each can take an escort;
- containers the site's own trucks cannot carry are fetched by trucks from the nearest site with
  trucks to spare, if the host would let them come (else the plan says why not)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from ..engine import Game
from ..model.content import Site
from ..model.orders import RequestFlight, RequestMovement, RequestOrder
from ..model.quote import Quote

# Planning heuristics, not rules (the engine judges every order the plan proposes):
COLUMN = 60  # the longest column (trucks + own vehicles) a plan proposes; longer ones are split
Escort = Literal["heavy", "light", "none"]
ESCORTS: tuple[Escort, ...] = ("heavy", "light", "none")  # the strongest the troops allow first
FLIGHT_DAYS = 7  # flights are planned over at most this many days from today
EARTH_KM = 6371  # for the nearest airfield as the crow flies


@dataclass(frozen=True)
class Leg:
    """One proposed request and the engine's quote of it."""

    order: RequestOrder
    quote: Quote


@dataclass(frozen=True)
class Plan:
    site: str
    legs: list[Leg]
    left: dict[str, int] = field(default_factory=dict)  # what no leg of the plan carries
    notes: list[str] = field(default_factory=list)  # what the player should know about it
    garrison_leg: int | None = None  # index of the leg that takes the garrison (send it last)
    advice: str = ""  # what no leg carries and what can be done with it here, in words


@dataclass(frozen=True)
class Totals:
    """The combined stakes of several quotes: sums of the expected losses and costs, the longest
    time on the way, and how many the engine would take."""

    legs: int
    ok: int
    killed: float
    wounded: float
    loads_at_risk: float
    days: float
    relations: float


def exit_for(game: Game, origin: str) -> str | None:
    """The nearest way out of the country by road from `origin`: the exit (an air exit or a
    border crossing) the fewest road days away; on a tie the border crossing, since people who
    reach it have left the country, while from an air exit they still need a flight. From an air
    exit only a border crossing (its people fly home from where they are). None if there is none."""
    at_air_exit = origin in game.sites and game.sites[origin].air_exit
    best: tuple[tuple[int, bool], str] | None = None
    for s in game.world.theatre.sites:
        if s.id == origin or not (s.road_exit or (s.air_exit and not at_air_exit)):
            continue
        path = game.path(origin, s.id)
        if not path:
            continue
        key = (sum(game.routes[r].days for r in path), not s.road_exit)
        if best is None or key < best[0]:
            best = (key, s.id)
    return best[1] if best else None


def air_exit_for(game: Game, origin: str) -> str | None:
    """Where a flight from `origin` goes out: home if it is an air exit, else the nearest air exit
    (as the crow flies) with an airfield that the mission holds."""
    if game.sites[origin].air_exit:
        return "home"
    here = game.sites[origin]
    exits = [
        sid
        for sid, s in game.sites.items()
        if s.air_exit
        and s.airfield != "none"
        and sid in game.state.sites
        and game.state.sites[sid].held
    ]
    return min(exits, key=lambda sid: _km(here, game.sites[sid]), default=None)


def _km(a: Site, b: Site) -> float:
    """Great-circle distance between two sites, in km."""
    h = (
        math.sin(math.radians(b.lat - a.lat) / 2) ** 2
        + math.cos(math.radians(a.lat))
        * math.cos(math.radians(b.lat))
        * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def plan_evacuation(game: Game, site_id: str, escort: Escort = "light") -> Plan:
    """The requests that would take everything out of a site (at most `escort` each): convoys to
    the nearest exit, flights for the people and sensitive items no column carries, and trucks
    from elsewhere for the containers left over. From an air exit, flights home only."""
    site = game.state.sites[site_id]
    headcount = site.headcount
    # Below its minimum already, the camp has no garrison to keep: everyone is spread out.
    garrison = site.min_garrison if headcount > site.min_garrison else 0
    draft = _draft(game, site_id, escort, headcount, garrison)
    if draft.left.get("people") and headcount > site.min_garrison > 0:
        # Not everyone can go: take those above the garrison and leave it whole, rather than
        # leave a thin camp behind.
        draft = _draft(game, site_id, escort, headcount - site.min_garrison, 0)
        draft.left["people"] = draft.left.get("people", 0) + site.min_garrison
        draft.notes.append(
            f"The garrison ({site.min_garrison}) stays: the plan has no seats for everyone."
        )
    legs = [Leg(order, game.quote(order)) for order in draft.orders]
    fetch, why = _fetch_trucks(game, site_id, draft.left.get("containers", 0))
    legs += fetch
    notes = draft.notes
    if draft.garrison_leg is not None and len(legs) > 1:
        notes.insert(
            0,
            f"Leg {draft.garrison_leg + 1} takes the last {draft.garrison} "
            f"({'the garrison among them' if draft.garrison > garrison else 'the garrison'}): "
            "send it last.",
        )
    if why:
        notes.append(why)
    advice = not_carried(game, site_id, draft.left, fetched=bool(fetch))
    return Plan(site_id, legs, draft.left, notes, draft.garrison_leg, advice)


def not_carried(game: Game, site_id: str, left: dict[str, int], *, fetched: bool) -> str:
    """What no leg carries and what the player can do with it at this site: at an exit its
    containers ship out by themselves at the engine's daily rate; trucks are offered only when
    the plan fetches some (elsewhere they cannot come, or there are none to spare); an air exit's
    vehicles can drive to a border crossing."""
    if not left:
        return ""
    what = ", ".join(f"{n} {k}" for k, n in left.items())
    advice = [f"Not carried: {what}."]
    goods = left.get("containers", 0) + left.get("sensitive", 0)
    rate = game.export_per_day(site_id)
    if goods and rate:
        advice.append(
            f"Containers: they ship out from here, {rate} a day (about {-(-goods // rate)} days)."
        )
    elif goods:
        advice.append(
            "Containers: hand over, destroy, or bring trucks."
            if fetched
            else "Containers: hand over or destroy."
        )
    if left.get("vehicles"):
        road = exit_for(game, site_id)
        drive = f"drive them to {game.name(road)}, " if road else ""
        advice.append(f"Vehicles: {drive}hand over or destroy.")
    if left.get("people"):
        advice.append("People: plan again when these legs have gone.")
    return " ".join(advice)


@dataclass
class _Draft:
    orders: list[RequestOrder]
    left: dict[str, int]
    notes: list[str]
    garrison_leg: int | None
    garrison: int


def _draft(game: Game, site_id: str, escort: Escort, people: int, garrison: int) -> _Draft:
    """The plan's requests for `people` of the site's people, the last `garrison` of them in the
    last column; what none of them carries is left in `left`."""
    site = game.state.sites[site_id]
    left = {
        "people": people,
        "troops": min(people, game.troops(site.people)),
        "containers": max(0, site.containers - site.committed),
        "sensitive": site.sensitive,
        "vehicles": site.vehicles,
        "trucks": site.trucks,
    }
    destination = None if game.sites[site_id].air_exit else exit_for(game, site_id)
    # From an air exit people fly home (and its stock ships out from there), not by road.
    # Trucks load sensitive items first where no flight can take them, else containers first.
    flies = game.sites[site_id].airfield != "none" and air_exit_for(game, site_id) is not None
    notes: list[str] = []
    for escorted in (True, False):
        trial = dict(left)
        columns, fly = (
            _columns(
                game,
                site_id,
                destination,
                trial,
                escort,
                garrison,
                sensitive_first=not flies,
                keep_escort=escorted,
            )
            if destination
            else ([], [])
        )
        flights = _flights(game, site_id, trial, fly)
        if not fly or not trial["people"]:
            break
        # the flights cannot take the others: the garrison column goes as before, and says why
        notes.append(
            f"Leg {len(columns)} (the garrison) goes without the escort its troops could give: "
            "the legs before it take the troops first, and no flight can take the others."
        )
    orders = columns + flights
    last = len(columns) - 1
    takes = columns[last].people if columns else 0
    keeps = takes if garrison and len(columns) > 1 and takes >= garrison else 0
    rest = {k: n for k, n in trial.items() if n and k not in ("troops", "trucks")}
    return _Draft(orders, rest, notes, last if keeps else None, keeps)


def _shares(total: int, n: int) -> list[int]:
    """`total` split over `n` as evenly as whole numbers allow, larger shares first."""
    return [total // n + (1 if i < total % n else 0) for i in range(n)]


def _spread(total: int, caps: list[int]) -> list[int]:
    """`total` spread as evenly as the caps allow (each share at most its cap)."""
    out = [0] * len(caps)
    while total > 0:
        open_ = [i for i, c in enumerate(caps) if out[i] < c]
        if not open_:
            break
        each = max(1, total // len(open_))
        for i in open_:
            take = min(each, caps[i] - out[i], total)
            out[i] += take
            total -= take
            if not total:
                break
    return out


def _seat(seats: list[int], people: int, garrison: int) -> list[int]:
    """People per column: the garrison in the last column (and those before it if it does not
    fit), everyone else spread over the columns before it, then over any seats left."""
    out = [0] * len(seats)
    keep = min(garrison, people) if len(seats) > 1 else 0
    for i in reversed(range(len(seats))):
        out[i] = min(keep, seats[i])
        keep -= out[i]
        if not keep:
            break
    rest = people - sum(out)
    early = [0 if out[i] else seats[i] for i in range(len(seats))]
    first = _spread(rest, early)
    rest -= sum(first)
    more = _spread(rest, [s - o - f for s, o, f in zip(seats, out, first, strict=True)])
    return [o + f + m for o, f, m in zip(out, first, more, strict=True)]


def _columns(
    game: Game,
    origin: str,
    destination: str,
    left: dict[str, int],
    escort: Escort,
    garrison: int,
    *,
    sensitive_first: bool = False,
    keep_escort: bool = True,
) -> tuple[list[RequestOrder], list[tuple[str, int]]]:
    """The convoys: the site's trucks and own vehicles in even columns of at most COLUMN, loaded
    and seated; takes what they carry from `left`. A column with nothing but empty vehicles is
    not proposed (they stay in `left`). With `keep_escort`, the garrison column keeps the troops
    for its escort, and the people who then have no seat are given back by contingent, to fly."""
    n = -(-(left["trucks"] + left["vehicles"]) // COLUMN)
    if n == 0:
        return [], []
    trucks, vehicles = _shares(left["trucks"], n), _shares(left["vehicles"], n)
    seats = [game.seats(v, t) for v, t in zip(vehicles, trucks, strict=True)]
    people = _seat(seats, left["people"], garrison)
    allowed = ESCORTS[ESCORTS.index(escort) :]
    fly: list[tuple[str, int]] = []
    if keep_escort and garrison and n > 1:
        kept = _keep_escort(game, origin, seats, people, allowed)
        if kept is not None:
            people, fly = kept
    out: list[RequestOrder] = []
    for t, v, p in zip(trucks, vehicles, people, strict=True):
        load = game.truck_load(t)
        if sensitive_first:
            sensitive = min(left["sensitive"], load)
            containers = min(left["containers"], load - sensitive)
        else:
            containers = min(left["containers"], load)
            sensitive = min(left["sensitive"], load - containers)
        if not (p or containers or sensitive):
            continue  # own vehicles with nobody in them: not a convoy worth its risk
        troops = min(p, left["troops"])  # the engine seats troops first
        chosen: Escort = next((e for e in allowed if troops >= game.escort_troops(e)), "none")
        for name, k in (
            ("people", p),
            ("troops", troops),
            ("containers", containers),
            ("sensitive", sensitive),
            ("vehicles", v),
            ("trucks", t),
        ):
            left[name] -= k
        out.append(
            RequestMovement(
                kind="request_movement",
                origin=origin,
                destination=destination,
                people=p,
                containers=containers,
                vehicles=v,
                sensitive=sensitive,
                trucks=t,
                escort=chosen,
            )
        )
    return out, fly


def _keep_escort(
    game: Game, site_id: str, seats: list[int], people: list[int], allowed: tuple[Escort, ...]
) -> tuple[list[int], list[tuple[str, int]]] | None:
    """People per column such that the garrison (last) column keeps the troops for the strongest
    escort allowed: the engine seats troops first, so the columns before it carry troops only,
    the last column takes the escort and as many of the others as it seats, and the others fly,
    named by contingent (those the engine would seat last). None if the last column has its
    escort anyway, or the columns before it cannot seat the troops."""
    here = game.state.sites[site_id].people
    troops = game.troops(here)
    others = sum(here.values()) - troops
    need = next(
        (
            game.escort_troops(e)
            for e in allowed
            if e != "none" and game.escort_troops(e) <= min(troops, seats[-1])
        ),
        0,
    )
    before = troops + others - people[-1]  # every other leg goes first, troops first
    if not need or troops - before >= need:
        return None
    last = min(seats[-1], max(people[-1], need + others))
    last_others = min(others, last - need)
    early = _spread(troops - (last - last_others), seats[:-1])
    if sum(early) < troops - (last - last_others):
        return None
    fly, rest = [], others - last_others
    # those the engine would seat last (smaller contingents), so the legs may go in any order
    for c in reversed(sorted(here, key=lambda c: (-here[c], c))):
        if rest and here[c] and not game.troops({c: here[c]}):
            k = min(rest, here[c])
            fly.append((c, k))
            rest -= k
    return [*early, last], fly


def _flights(
    game: Game, origin: str, left: dict[str, int], groups: list[tuple[str, int]] | None = None
) -> list[RequestOrder]:
    """Flights for whoever and whatever sensitive is left, largest aircraft first (those the
    engine lets fly this way), within each day's sorties and the airfields' movements (later
    flights ask to depart on later days). With `groups`, only those people fly, each flight
    naming its contingent."""
    airfield = game.sites[origin].airfield
    destination = air_exit_for(game, origin)
    if airfield == "none" or destination is None:
        return []
    fleet = sorted(
        (
            a
            for a in game.scenario.assets.aircraft
            if a.pax
            and (a.kind == "helicopter" or airfield == "runway")
            and game.check(
                RequestFlight(
                    kind="request_flight",
                    origin=origin,
                    destination=destination,
                    aircraft=a.id,
                    people=1,  # a flight must carry something to be asked about
                )
            ).ok
        ),
        key=lambda a: (-a.pax, a.id),
    )
    out: list[RequestOrder] = []
    st = game.state
    queue: list[tuple[str | None, int]] = list(groups) if groups else [(None, left["people"])]
    queue = [(c, k) for c, k in queue if k]
    for offset in range(FLIGHT_DAYS):
        today = offset == 0
        movements = game.sites[origin].airfield_capacity - (
            st.landings_used.get(origin, 0) if today else 0
        )
        if destination != "home":
            movements = min(
                movements,
                game.sites[destination].airfield_capacity
                - (st.landings_used.get(destination, 0) if today else 0),
            )
        for a in fleet:
            free = st.sorties.get(a.id, 0) - (st.sorties_used.get(a.id, 0) if today else 0)
            while (queue or left["sensitive"]) and min(free, movements) >= 1:
                contingent, waiting = queue[0] if queue else (None, 0)
                need = max(-(-waiting // a.pax), -(-left["sensitive"] // max(1, a.cargo)))
                sorties = min(free, need, movements)
                people = min(waiting, sorties * a.pax)
                sensitive = min(left["sensitive"], sorties * a.cargo)
                if queue:
                    queue = (
                        [(contingent, waiting - people)] + queue[1:]
                        if waiting > people
                        else queue[1:]
                    )
                left["people"] -= people
                left["sensitive"] -= sensitive
                movements -= sorties
                free -= sorties
                out.append(
                    RequestFlight(
                        kind="request_flight",
                        origin=origin,
                        destination=destination,
                        aircraft=a.id,
                        sorties=sorties,
                        people=people,
                        contingent=contingent,
                        sensitive=sensitive,
                        depart=game.date_of(st.day + offset) if offset else None,
                    )
                )
    return out


def _fetch_trucks(game: Game, site_id: str, containers: int) -> tuple[list[Leg], str]:
    """Empty trucks from the nearest sites with trucks to spare (beyond what their own loads
    need), enough for `containers`, in columns of at most COLUMN; and, if the host would refuse
    them, no legs but the reason in words."""
    per_truck = game.truck_load(1)
    if not containers or per_truck < 1:
        return [], ""
    need = -(-containers // per_truck)
    donors = []
    for sid, s in game.state.sites.items():
        if sid == site_id or not s.held:
            continue
        spare = s.trucks - -(-(s.containers + s.sensitive) // per_truck)
        path = game.path(sid, site_id) if spare > 0 else None
        if path:
            donors.append((sum(game.routes[r].days for r in path), -spare, sid, spare))
    legs: list[Leg] = []
    why = ""
    for _, _, sid, spare in sorted(donors):
        take = min(spare, need)
        while take > 0:
            n = min(take, COLUMN)
            order = RequestMovement(
                kind="request_movement", origin=sid, destination=site_id, trucks=n
            )
            q = game.quote(order)
            if q.refused_because:  # a standing condition: the host will say no
                name = game.name(sid)
                why = f"Trucks from {name} cannot come: {q.refused_because}."
                break
            legs.append(Leg(order, q))
            take -= n
            need -= n
        if need <= 0 or why:
            break
    if legs:
        brought = sum(leg.order.trucks for leg in legs if isinstance(leg.order, RequestMovement))
        why = (
            f"The {brought} trucks fetched carry the containers left: plan again when they arrive."
        )
    return legs, why


def totals(quotes: list[Quote]) -> Totals:
    """What the quotes add up to (expected values add; the plan lasts as long as its longest leg)."""
    return Totals(
        legs=len(quotes),
        ok=sum(q.ok for q in quotes),
        killed=sum(q.expected_killed for q in quotes),
        wounded=sum(q.expected_wounded for q in quotes),
        loads_at_risk=sum(q.expected_loads_lost for q in quotes),
        days=max((q.expected_days or q.travel_days for q in quotes), default=0.0),
        relations=sum(q.relations for q in quotes),
    )
