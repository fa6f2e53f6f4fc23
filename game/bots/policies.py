"""Scripted players. Each policy looks at the state each day and gives orders through the same
`Game.order` a person uses, so a bot can never do what a player could not.

- `cautious`: heavy escorts and route clearance, always authorized, engages the host, destroys what
  cannot be moved before leaving a camp the host cannot receive.
- `bold`: light escorts, no clearance, big convoys, moves without authorization when refused.
- `historical`: follows the documented timeline: closes each camp around the date history records
  (`[historical] closures`, else its target date), splits a camp over several convoys and flights,
  sends trucks back for more, takes the historical option of each choice, authorized moves with
  light escorts; destroys sensitive equipment it cannot move (as at Tessalit, Aguelhok, Kidal).
- `random`: random orders built from what is on the map (most are legal, some are refused).

Over 500 lines on purpose: one rule-based player (`Planner`) whose styles share every step of
its day (answers, convoys, flights, resupply, destruction), plus the random player; a step split
from the others would need the whole planner's state passed to it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..engine import Game, Result, RoadOdds
from ..model.content import World
from ..model.orders import OrdersFile, RequestMovement, purpose_of
from ..model.state import Request, SiteState
from ..orders_file import Script
from .choices import answer_choices

CARGO = ("people", "containers", "vehicles", "sensitive", "trucks")


@dataclass(frozen=True)
class Style:
    escort: str
    clearance: bool
    unauthorized_after: (
        int  # denials of the same move before going without authorization (0: never)
    )
    engage: bool
    destroy_before_leaving: bool
    lead_days: int  # start moving out this many days before a site's target date
    max_trucks: int  # the longest column it sends (trucks + own vehicles)
    press: bool
    risk_ok: float = 1.0  # lightest escort (and no clearance) whose quoted odds stay below this
    concede: bool = False  # promise the host equipment at camps it receives (as at Ménaka [A6])
    resupply: bool = False  # fly fuel, water and food to cut-off camps and stranded convoys
    wait_for_army: bool = False  # keep a garrison until the host's army can receive the camp
    # the last of the garrison asks to leave this many days before the target date, so that it
    # leaves as the army arrives to receive the camp
    final_days: int = 6
    follow_history: bool = False  # close camps by the recorded dates ([historical] closures)
    parallel: int = 1  # requests in play from one camp at once (convoys and flights)
    fly_surplus: bool = (
        False  # fly out the people the convoys cannot seat, where there is an airfield
    )
    choices: str = "default"  # how it answers events' choices (bots/choices.py)
    # when flights home are refused this close to the deadline, drive people to a road exit
    road_home_days: int = 14


STYLES = {
    # final_days=10: the last of the garrison asks to leave ten days ahead, so that with the
    # host's usual answer time the camp closes by its date (at 6 it closed on time in 3% of games).
    "cautious": Style(
        "heavy",
        True,
        0,
        True,
        True,
        45,
        60,
        False,
        0.1,
        resupply=True,
        wait_for_army=True,
        final_days=10,
    ),
    "bold": Style("light", False, 1, False, False, 20, 200, False, 0.3),
    # The mission asked for every move (it did not go without authorization), one convoy at a
    # time from each camp with flights beside it, and pressed the host through meetings, not by
    # pressing single requests.
    "historical": Style(
        "light",
        True,
        0,
        True,
        True,
        30,
        120,
        False,
        0.15,
        concede=True,
        resupply=True,
        wait_for_army=True,
        follow_history=True,
        parallel=1,
        fly_surplus=True,
        choices="historical",
    ),
}


class Planner:
    """A rule-based player parameterised by a Style."""

    def __init__(self, game: Game, style: Style, seed: int, choices: str | None = None) -> None:
        self.g = game
        self.s = style
        self.seed = seed
        self.choices = choices or style.choices
        self.routes = game.routes  # read-only view of the theatre's roads
        self.denials: dict[str, int] = {}
        self.sinks = [s.id for s in game.world.theatre.sites if s.air_exit]
        self.exits = [s.id for s in game.world.theatre.sites if s.road_exit]
        # Sites that stay open after the others close: never closed, their teams kept there.
        self.staying = game.staying()
        self._live: list[Request] | None = None
        self._live_day = -1
        self._origins: set[str | None] = set()
        self._destinations: set[str | None] = set()
        self._flight_origins: set[str] = set()
        self.conceded: set[str] = set()
        self._threats: dict[tuple[str, str, int, int], RoadOdds] = {}
        self._nearest: dict[tuple[str, tuple[str, ...]], str | None] = {}

    # ------------------------------------------------------------------ helpers

    def order(self, order: dict[str, Any]) -> Result:
        self._live = None
        return self.g.order(order)

    def live(self) -> list[Request]:
        """Requests still in play (pending, delayed, approved); recomputed after each order."""
        st = self.g.state
        if self._live is None or self._live_day != st.day:
            self._live_day = st.day
            self._live = live = [
                r for r in self.g.open_requests() if r.status in ("pending", "delayed", "approved")
            ]
            # Membership only (never iterated), so set order cannot leak into what the bot does.
            self._origins = {r.order.origin for r in live}
            self._destinations = {r.order.destination for r in live}
            self._flight_origins = {
                r.order.origin
                for r in live
                if r.kind == "flight" and purpose_of(r.order) != "resupply"
            }
        return self._live

    def active_from(self, site_id: str) -> bool:
        """The camp has as many requests in play as the style allows at once."""
        self.live()
        if site_id not in self._origins:
            return False
        if self.s.parallel <= 1:
            return True
        return len(self.moving_from(site_id)) >= self.s.parallel

    def moving_from(self, site_id: str) -> list[Request]:
        """Live requests (not resupply) leaving this site."""
        return [
            r
            for r in self.live()
            if r.order.origin == site_id and purpose_of(r.order) != "resupply"
        ]

    def reserved(self, site_id: str) -> dict[str, int]:
        """People and cargo already asked for by live requests from this site."""
        out = dict.fromkeys(CARGO, 0)
        for r in self.moving_from(site_id):
            order = r.order
            out["people"] += order.people
            out["containers"] += order.containers
            out["sensitive"] += order.sensitive
            if isinstance(order, RequestMovement):
                out["vehicles"] += order.vehicles
                out["trucks"] += order.trucks
        return out

    def inbound(self, site_id: str) -> bool:
        if any(c.destination == site_id for c in self.g.state.convoys):
            return True
        self.live()
        return site_id in self._destinations

    def nearest(self, origin: str, targets: list[str]) -> str | None:
        """The target closest by road (normal days; ties by id). The map does not change during
        a game, so each answer is kept."""
        key = (origin, tuple(targets))
        if key not in self._nearest:
            self._nearest[key] = self._nearest_by_road(origin, targets)
        return self._nearest[key]

    def _nearest_by_road(self, origin: str, targets: list[str]) -> str | None:
        best = None
        for t in targets:
            if t == origin:
                continue
            path = self.g.path(origin, t)
            if path is None:
                continue
            days = sum(self.routes[r].days for r in path)
            if best is None or (days, t) < best:
                best = (days, t)
        return best[1] if best else None

    def planned(self, site: SiteState) -> dt.date:
        """The date the bot means to close the site by: the recorded one for a bot that follows
        history (where the scenario records it), else the target date, else the deadline."""
        if self.s.follow_history:
            recorded = self.g.scenario.historical.closures.get(site.id)
            if recorded is not None:
                return recorded
        return site.target_date or self.g.scenario.deadline

    def airfield(self, site_id: str) -> str:
        """The site's airfield ("none" for a site the theatre does not describe)."""
        info = self.g.site_info(site_id)
        return "none" if info is None else info.airfield

    def overdue(self, contingent_id: str) -> bool:
        """The contingent is overdue for relief (an unknown one is not)."""
        contingent = self.g.contingent(contingent_id)
        return contingent is not None and contingent.overdue

    def days_to_target(self, site: SiteState) -> int:
        return (self.planned(site) - self.g.state.date).days

    # ------------------------------------------------------------------ turn

    def play_day(self) -> None:
        g = self.g
        st = g.state
        answer_choices(g, self.choices, self.seed)
        self._live = None
        self.answers()
        self.resupply()
        if (
            self.s.engage
            and st.relations < 55
            and g.engage_ready()
            and not g.recent_meetings()  # meetings add less when close together
        ):
            self.order({"kind": "engage"})
        if self.g.scenario.goal == "sustain":
            self.rotate()
            return
        self.outlying_busy = any(
            o.closable
            and o.id not in self.sinks
            and o.id not in self.staying
            and (o.containers or sum(o.people.values()))
            for o in st.sites.values()
        )
        self.fly_out()
        sites = sorted(
            (
                s
                for s in st.sites.values()
                if s.closable and s.status in ("open", "drawing_down", "handed_over")
            ),
            key=lambda s: (self.planned(s), s.id),
        )
        for site in sites:
            if site.id in self.sinks and self.outlying_busy:
                continue  # the hub closes last
            if self.days_to_target(site) > self.s.lead_days:
                continue
            if site.id not in self.staying:  # a site that stays is not closing: nothing to concede
                if self.s.concede and site.id not in self.conceded and site.id not in self.sinks:
                    self.conceded.add(site.id)
                    if site.host_can_take_over and site.status == "open":
                        self.order({"kind": "concede", "offer": "leave_equipment", "site": site.id})
                self.ask_consent(site)
            self.evacuate(site)
        for site in sites:
            self.close_if_empty(site)
        self.reinforce()

    def answers(self) -> None:
        """Dispatch what was approved; react to denials."""
        g = self.g
        st = g.state
        for req in g.open_requests():
            if req.status == "approved" and g.authorized_today(req.id):
                result = self.order({"kind": "dispatch", "request": req.id})
                if not result.ok:
                    self.order({"kind": "cancel", "request": req.id})
            elif req.status == "denied" and req.id not in self.denials:
                self.denials[req.id] = 1
                ends = (req.order.origin, req.order.destination)
                requests = st.requests
                count = sum(
                    1
                    for k in self.denials
                    if (requests[k].order.origin, requests[k].order.destination) == ends
                )
                urgent = (
                    self.days_to_target(st.sites[req.order.origin]) <= 3
                    if req.order.origin in st.sites
                    else False
                )
                if (
                    req.kind == "movement"
                    and self.s.unauthorized_after
                    and count >= self.s.unauthorized_after
                    and (urgent or self.s.unauthorized_after == 1)
                ):
                    order = req.order.model_dump(mode="json", exclude={"date"})
                    order["kind"] = "move_unauthorized"
                    order.pop("ref", None)
                    order.pop("depart", None)
                    self.order(order)
            elif (
                self.s.press
                and req.status in ("pending", "delayed")
                and req.pressed == 0
                and req.kind == "movement"
            ):
                origin = st.sites.get(req.order.origin)
                if origin is not None and self.days_to_target(origin) < 7 and g.engage_ready():
                    self.order({"kind": "engage", "request": req.id})

    def holds_for_army(self, site: SiteState) -> bool:
        """Wait with the last of the garrison while the army is not yet close and time allows."""
        return (
            self.s.wait_for_army
            and self.days_to_target(site) > self.s.final_days
            and not self.g.army_close(site.id)
        )

    def convoy(self, site: SiteState, destination: str, keep: int = 0) -> dict[str, Any] | None:
        g = self.g
        keep = max(keep, self.staying.get(site.id, 0))  # a staying site's team stays
        # What earlier requests from this camp (still in play) will take is not there to load.
        res = self.reserved(site.id)
        have_vehicles = max(0, site.vehicles - res["vehicles"])
        have_trucks = max(0, site.trucks - res["trucks"])
        headcount = max(0, site.headcount - res["people"])
        # A bounded column: own vehicles and trucks share max_trucks (half each if both are many).
        cap = self.s.max_trucks
        vehicles = min(have_vehicles, max(cap // 2, cap - min(have_trucks, cap)))
        trucks = min(have_trucks, cap - vehicles)
        promised = min(site.committed, site.containers)  # promised ones stay
        free = max(0, site.containers - promised - res["containers"])
        load = g.truck_load(trucks)
        containers = min(free, load)
        sensitive = min(max(0, site.sensitive - res["sensitive"]), load - containers)
        # Those who stay keep the vehicles to leave in later.
        vehicles = min(vehicles, have_vehicles - min(have_vehicles, g.vehicles_to_seat(keep)))
        people = min(max(0, headcount - keep), g.seats(vehicles, trucks))
        escort = self.s.escort
        troops = g.troops(site.people)
        while escort != "none" and (min(troops, people) < g.escort_troops(escort)):
            escort = {"heavy": "light", "light": "none"}[escort]
        if people + containers + sensitive + vehicles + trucks == 0:
            return None
        clearance = self.s.clearance and site.eod_teams > 0
        order: dict[str, Any] = {
            "kind": "request_movement",
            "origin": site.id,
            "destination": destination,
            "people": people,
            "containers": containers,
            "vehicles": vehicles,
            "sensitive": sensitive,
            "trucks": trucks,
            "escort": escort,
            "clearance": clearance,
        }
        # Escort and clearance by the route's threat, as quoted for a bare convoy: each slows the
        # convoy and an escort strips a camp still held, so take no more than the threat needs.
        if escort != "none" or clearance:
            # One look per road and week: threats move slowly, and the odds are not free.
            key = (site.id, destination, order["trucks"] + vehicles, g.state.day // 7)
            q = self._threats.get(key)
            if q is None:
                q = self._threats[key] = g.road_odds(
                    {**order, "escort": "none", "clearance": False}
                )
            if q.ok:
                ambush = q.ambush or 0.0
                threat = "none" if ambush <= self.s.risk_ok else "light"
                threat = "heavy" if ambush > 2 * self.s.risk_ok else threat
                ranks = ("none", "light", "heavy")
                order["escort"] = ranks[min(ranks.index(escort), ranks.index(threat))]
                order["clearance"] = clearance and (q.ied or 0.0) > self.s.risk_ok
        return order

    def evacuate(self, site: SiteState) -> None:
        g = self.g
        # The cheap checks first (none of them has side effects, so the order does not matter).
        if site.status == "seized":
            return
        if not (site.containers or site.sensitive or site.vehicles or sum(site.people.values())):
            return
        if self.active_from(site.id):
            return
        if site.id in self.sinks:
            if (site.containers or site.vehicles or site.sensitive) and self.exits:
                exit_id = self.nearest(site.id, self.exits)
                if exit_id is not None:
                    order = self.convoy(site, exit_id)
                    if order and (order["containers"] or order["vehicles"] or order["sensitive"]):
                        keep = max(20, self.g.must_keep(site.id))
                        order["people"] = min(order["people"], max(0, site.headcount - keep))
                        self.order(order)
            return
        dest = self.nearest(site.id, self.sinks + self.exits)
        if dest is None:
            return
        needs_trucks = site.containers + site.sensitive > g.truck_load(site.trucks)
        if needs_trucks and not self.inbound(site.id):
            donor = max(
                (
                    s
                    for s in g.state.sites.values()
                    if s.trucks > 0 and s.id != site.id and s.status != "seized"
                ),
                key=lambda s: (s.trucks, s.id),
                default=None,
            )
            if (
                donor is not None
                and not self.active_from(donor.id)
                and self.days_to_target(site) > 10
            ):
                need = site.containers + site.sensitive - site.trucks
                self.order(
                    {
                        "kind": "request_movement",
                        "origin": donor.id,
                        "destination": site.id,
                        "trucks": min(donor.trucks, need, self.s.max_trucks),
                    }
                )
        if site.headcount and not site.vehicles and not site.trucks:
            self.airlift(site)
            return
        self.destroy_ahead(site)
        if site.trucks or site.vehicles or self.days_to_target(site) <= 5:
            order = self.convoy(site, dest)
            if order is not None and self.holds_for_army(site):
                # Leave the garrison until the army can receive the camp (or the target is near).
                keep = site.min_garrison or g.escort_troops("light")
                order = self.convoy(site, dest, keep=keep)
            if order is not None and not self.destroy_leftovers(site, order):
                self.order(order)
                self.fly_rest(site)

    def destroy_ahead(self, site: SiteState) -> None:
        """A bot that follows history destroys, early enough to finish by the planned date, what
        the camp's own trucks cannot carry and the host cannot receive (as at Tessalit, Aguelhok
        and Kidal, where no trucks could come north); the engine quotes how long it takes."""
        if not (self.s.follow_history and self.s.destroy_before_leaving):
            return
        if site.id in self.staying:
            return  # its team stays with its equipment
        if site.id in self.g.state.destruction:
            return
        load = self.g.truck_load(site.trucks)
        containers = max(0, site.containers - min(site.committed, site.containers))
        extra_containers = 0 if site.host_can_take_over else max(0, containers - load)
        extra_sensitive = max(0, site.sensitive - max(0, load - (containers - extra_containers)))
        if not (extra_containers or extra_sensitive):
            return
        order = {
            "kind": "destroy",
            "site": site.id,
            "containers": extra_containers,
            "sensitive": extra_sensitive,
            "vehicles": 0,
        }
        q = self.g.quote(order, trial=False)
        if q.ok and self.days_to_target(site) <= (q.work_days or 0) + self.s.final_days:
            self.order(order)

    def destroy_leftovers(self, site: SiteState, order: dict[str, Any]) -> bool:
        """Before the last people leave, destroy what this convoy cannot take and the host may
        not receive (sensitive items; everything if the host cannot take the camp over).
        Destruction is done by the people there, so they wait for it (True: convoy held back)."""
        st = self.g.state
        if site.id in st.destruction:
            # A bot that keeps to the recorded dates leaves on the day, done or not.
            return not (self.s.follow_history and self.days_to_target(site) <= 0)
        if not self.s.destroy_before_leaving:
            return False
        if order["people"] + self.reserved(site.id)["people"] < site.headcount:
            return False
        leftover = {
            "sensitive": site.sensitive - order["sensitive"],
            "containers": 0 if site.host_can_take_over else site.containers - order["containers"],
            "vehicles": 0,
        }
        if not any(leftover.values()):
            return False
        return self.order({"kind": "destroy", "site": site.id, **leftover}).ok

    def ask_consent(self, site: SiteState) -> None:
        """Ask the contributors' consent ahead, where equipment may have to be destroyed."""
        if (
            self.s.destroy_before_leaving
            and site.id not in self.g.state.consents
            and site.id not in self.sinks
            and (site.sensitive or not site.host_can_take_over)
            and site.headcount
        ):
            self.order({"kind": "ask_consent", "site": site.id})

    def fly_rest(self, site: SiteState) -> None:
        """A style that splits camps flies out the people its convoys cannot seat (keeping the
        garrison while it waits for the army), if the camp has an airfield."""
        # A flight beside the convoys: one more request than the style's limit on convoys.
        if not self.s.fly_surplus or len(self.moving_from(site.id)) > self.s.parallel:
            return
        keep = 0
        if self.holds_for_army(site):
            keep = site.min_garrison or self.g.escort_troops("light")
        keep = max(keep, self.staying.get(site.id, 0))
        left = site.headcount - self.reserved(site.id)["people"] - keep
        if left > 0:
            self.airlift(site, left)

    def airlift(self, site: SiteState, people: int | None = None) -> None:
        """People left without vehicles fly out to an air exit, if the camp has an airfield."""
        want = site.headcount - self.staying.get(site.id, 0) if people is None else people
        if want <= 0:
            return
        airfield = self.airfield(site.id)
        if airfield == "none":
            return
        fits = [
            a
            for a in self.g.scenario.assets.aircraft
            if (a.kind == "helicopter" or airfield == "runway") and a.pax and a.count
        ]
        sinks = [s for s in self.sinks if self.airfield(s) != "none"]
        if not fits or not sinks:
            return
        aircraft = max(fits, key=lambda a: (a.pax * a.count, a.id))
        sorties = max(1, min(aircraft.count, -(-want // aircraft.pax)))
        self.order(
            {
                "kind": "request_flight",
                "origin": site.id,
                "destination": sinks[0],
                "aircraft": aircraft.id,
                "sorties": sorties,
                "people": min(want, sorties * aircraft.pax),
            }
        )

    def fly_out(self) -> None:
        """Fly people home from the air exits with strategic aircraft."""
        g = self.g
        st = g.state
        strategic = [a for a in g.scenario.assets.aircraft if a.strategic]
        for sink in self.sinks:
            site = st.sites[sink]
            keep = 20 if self.outlying_busy else 0
            if site.min_garrison:
                keep = max(keep, self.g.must_keep(sink))
            keep = max(keep, self.staying.get(sink, 0))
            spare = site.headcount - keep
            if spare <= 0:
                continue
            late = (g.scenario.deadline - st.date).days <= self.s.road_home_days
            if late and self.flights_home_refused(sink):
                self.drive_home(site, keep)
            self.live()
            if sink in self._flight_origins:
                continue
            for ac in strategic:
                sorties = max(1, min(st.sorties.get(ac.id, 0), -(-spare // max(1, ac.pax))))
                if st.sorties.get(ac.id, 0) == 0:
                    continue
                people = min(spare, sorties * ac.pax)
                self.order(
                    {
                        "kind": "request_flight",
                        "origin": sink,
                        "destination": "home",
                        "aircraft": ac.id,
                        "sorties": sorties,
                        "people": people,
                    }
                )
                break

    def flights_home_refused(self, sink: str) -> bool:
        """The host refused a flight home from this exit in the last week."""
        today = self.g.state.day
        return any(
            r.kind == "flight"
            and r.status == "denied"
            and r.order.origin == sink
            and r.order.destination == "home"
            and r.decide >= today - 7
            for r in self.g.open_requests()
        )

    def drive_home(self, site: SiteState, keep: int) -> None:
        """When flights home are refused, people leave by road through the nearest road exit (as
        the Chadians went home through Niger in 2023), one convoy at a time."""
        if not self.exits or any(r.kind == "movement" for r in self.moving_from(site.id)):
            return
        exit_id = self.nearest(site.id, self.exits)
        if exit_id is None:
            return
        order = self.convoy(site, exit_id, keep=keep)
        if order is not None and order["people"]:
            self.order(order)

    def close_if_empty(self, site: SiteState) -> None:
        if not site.held or site.id in self.staying:
            return
        if site.headcount or self.inbound(site.id):
            return
        # What could not be moved was destroyed before the last people left (destroy_leftovers);
        # the rest is handed over when the host's army is there to receive it.
        if site.host_can_take_over and self.g.army_close(site.id):
            self.order({"kind": "handover", "site": site.id})

    def reinforce(self) -> None:
        st = self.g.state
        if st.qrf_free <= 0:
            return
        thin = [
            s
            for s in st.sites.values()
            if s.min_garrison
            and s.qrf_until < st.day
            and s.held
            and 0 < s.headcount < s.min_garrison
        ]
        if thin:
            target = max(thin, key=lambda s: (s.threat, s.id))
            self.order({"kind": "reinforce", "site": target.id})

    def resupply(self) -> None:
        """A camp cut off from road resupply that will run out before it closes, or a convoy
        stopped for want of supplies, gets a resupply flight (the engine says how much it brings)."""
        if not self.s.resupply:
            return
        g = self.g
        st = g.state
        wanted: list[str] = []
        for site in st.sites.values():
            if not site.supply_cut or not site.headcount or site.status == "seized":
                continue
            look = g.supply_outlook(site.id)
            if (
                not look.road_open
                and look.days_left < 10
                and look.days_left < self.days_to_target(site)
            ):
                wanted.append(site.id)
        wanted += [
            c.id
            for c in st.convoys
            if c.supply_days <= 0 and g.supply_outlook(c.id).stage == "empty"
        ]
        if not wanted:
            return
        self.live()
        asked: dict[str, int] = {}  # live resupply requests by destination: a few at a time
        for r in self._live or ():
            if r.kind == "flight" and purpose_of(r.order) == "resupply":
                dest = r.order.destination
                asked[dest] = asked.get(dest, 0) + 1
        fleet = sorted(
            (a for a in g.scenario.assets.aircraft if a.cargo and a.count),
            key=lambda a: (a.strategic, -a.cargo * a.count, a.id),
        )
        for ref in wanted:
            if asked.get(ref, 0) >= 3:
                continue
            look = g.supply_outlook(ref)
            need = max(3.0, look.store - look.days)  # a convoy: three days to drive on
            info = g.site_info(ref)
            # No more sorties than the camp's airfield takes in a day (a convoy: no limit).
            room = info.airfield_capacity if info is not None else None
            for ac, origin in ((a, s) for a in fleet for s in self.sinks):
                order = {
                    "kind": "request_flight",
                    "purpose": "resupply",
                    "origin": origin,
                    "destination": ref,
                    "aircraft": ac.id,
                    "sorties": 1,
                }
                probe = g.quote(order, trial=False)
                per = probe.supply_days_added or 0.0
                if not probe.ok or per <= 0:
                    continue
                order["sorties"] = max(1, min(ac.count, -int(-need // per), room or ac.count))
                if self.order(order).ok:
                    break

    def rotate(self) -> None:
        """Sustain scenarios: bring replacements for overdue contingents, then fly the relieved home."""
        g = self.g
        st = g.state
        strategic = [a for a in g.scenario.assets.aircraft if a.strategic]
        if not strategic or any(
            r.status in ("pending", "delayed") for r in g.open_requests() if r.kind == "flight"
        ):
            return
        ac = strategic[0]
        for sink in self.sinks:
            site = st.sites[sink]
            overdue = [c for c, n in site.people.items() if self.overdue(c) and n > 0]
            if overdue:
                c = overdue[0]
                n = min(site.people[c], ac.pax)
                self.order(
                    {
                        "kind": "request_flight",
                        "origin": "home",
                        "destination": sink,
                        "aircraft": ac.id,
                        "people": n,
                        "contingent": c.replace("-overdue", "-relief")
                        if g.contingent(c.replace("-overdue", "-relief")) is not None
                        else c,
                    }
                )
                self.order(
                    {
                        "kind": "request_flight",
                        "origin": sink,
                        "destination": "home",
                        "aircraft": ac.id,
                        "people": n,
                        "contingent": c,
                    }
                )
                return
        # move overdue people from outlying camps to an air exit, keeping the garrison
        for site in sorted(st.sites.values(), key=lambda s: s.id):
            if site.id in self.sinks or not site.closable or self.active_from(site.id):
                continue
            due = {c: n for c, n in site.people.items() if self.overdue(c)}
            spare = min(sum(due.values()), site.headcount - site.min_garrison)
            if spare <= 0 or not site.vehicles:
                continue
            dest = self.nearest(site.id, self.sinks)
            if dest is None:
                continue
            c = max(due, key=lambda k: (due[k], k))
            n = min(due[c], spare, g.seats(site.vehicles, 0))
            vehicles = g.vehicles_to_seat(n)
            self.order(
                {
                    "kind": "request_movement",
                    "origin": site.id,
                    "destination": dest,
                    "people": n,
                    "contingent": c,
                    "vehicles": vehicles,
                }
            )
            return


class RandomPlayer:
    """Random orders from what is on the map: a floor for balance and a fuzzer for the rules."""

    KINDS = (
        "request_movement",
        "request_flight",
        "dispatch",
        "handover",
        "destroy",
        "reinforce",
        "engage",
        "move_unauthorized",
        "cancel",
        "wait",
        "wait",
        "wait",
    )

    def __init__(self, game: Game, seed: int, choices: str | None = None) -> None:
        self.g = game
        self.seed = seed
        self.choices = choices  # None: a random option
        self.sites = [s.id for s in game.world.theatre.sites]
        self.aircraft = [a.id for a in game.scenario.assets.aircraft]

    def play_day(self) -> None:
        g = self.g
        st = g.state
        r = random.Random(f"random-bot:{self.seed}:{st.day}")
        if self.choices is not None:
            answer_choices(g, self.choices, self.seed)
        for pending in list(st.pending_choices):
            event = g.event(pending.event)
            if event is None:  # a choice the scenario does not define: nothing to pick from
                continue
            g.order(
                {"kind": "choose", "event": pending.event, "choice": r.choice(event.choices).id}
            )
        for _ in range(2):
            order = self.random_order(r)
            if order is not None:
                g.order(order)

    def random_order(self, r: random.Random) -> dict[str, Any] | None:
        st = self.g.state
        kind = r.choice(self.KINDS)
        occupied = sorted(
            s.id for s in st.sites.values() if s.headcount or s.containers or s.trucks
        )
        if kind in ("request_movement", "move_unauthorized") and occupied:
            origin = r.choice(occupied)
            site = st.sites[origin]
            dest = r.choice([s for s in self.sites if s != origin])
            trucks = r.randint(0, site.trucks)
            containers = r.randint(0, min(site.containers, self.g.truck_load(trucks)))
            vehicles = r.randint(0, site.vehicles)
            people = r.randint(0, min(site.headcount, self.g.seats(vehicles, trucks)))
            escort = r.choice(["none", "light", "heavy"])
            return {
                "kind": kind,
                "origin": origin,
                "destination": dest,
                "people": people,
                "trucks": trucks,
                "containers": containers,
                "vehicles": vehicles,
                "escort": escort,
                "clearance": r.random() < 0.5,
            }
        if kind == "request_flight" and self.aircraft and occupied:
            origin = r.choice(occupied)
            dest = r.choice(["home"] + [s for s in self.sites if s != origin])
            return {
                "kind": kind,
                "origin": origin,
                "destination": dest,
                "aircraft": r.choice(self.aircraft),
                "people": r.randint(1, 60),
            }
        if kind in ("dispatch", "cancel"):
            ids = sorted(
                k for k, q in st.requests.items() if q.status in ("approved", "pending", "denied")
            )
            if ids:
                return {
                    "kind": kind,
                    "request": r.choice(ids),
                    **({"unauthorized": r.random() < 0.3} if kind == "dispatch" else {}),
                }
            return None
        if kind in ("handover", "destroy", "reinforce"):
            return {"kind": kind, "site": r.choice(self.sites)}
        if kind == "engage":
            return {"kind": "engage"}
        return None


class Idle:
    """Gives no orders at all; answers choices (by default, their defaults)."""

    def __init__(self, game: Game, seed: int, choices: str | None = None) -> None:
        self.g = game
        self.seed = seed
        self.choices = choices or "default"

    def play_day(self) -> None:
        answer_choices(self.g, self.choices, self.seed)


class Player(Protocol):
    """What `drive` needs of a bot: it gives one day's orders."""

    def play_day(self) -> None: ...


Policy = Callable[..., Player]

POLICIES: dict[str, Policy] = {
    "cautious": lambda g, seed, choices=None: Planner(g, STYLES["cautious"], seed, choices),
    "bold": lambda g, seed, choices=None: Planner(g, STYLES["bold"], seed, choices),
    "historical": lambda g, seed, choices=None: Planner(g, STYLES["historical"], seed, choices),
    "random": lambda g, seed, choices=None: RandomPlayer(g, seed, choices),
    "idle": lambda g, seed, choices=None: Idle(g, seed, choices),
}
# `sim --policy all` plays these (idle is there for lines of play: `--policy idle --orders FILE`).
MAIN_POLICIES = ("bold", "cautious", "historical", "random")


def play(
    world: World,
    seed: int,
    policy: str,
    choices: str | None = None,
    orders: OrdersFile | None = None,
) -> Game:
    """One whole game played by a policy; with `orders`, a line of play: the file's orders are
    given on their dates (before the bot plays that day) and the bot plays the rest. `choices`
    overrides how the bot answers events (bots/choices.py; None: the policy's own way)."""
    if policy not in POLICIES:
        raise KeyError(f"unknown policy {policy!r} (known: {', '.join(sorted(POLICIES))})")
    game = Game(world, seed)
    drive(game, POLICIES[policy](game, seed, choices), orders)
    return game


def drive(
    game: Game, player: Player, orders: OrdersFile | None = None, path: str = "orders"
) -> list[str]:
    """Play a game to its end: each day the orders due (if any) and then the bot's. Returns the
    orders refused or skipped, one line each (naming the orders file by `path`)."""
    script = Script(game, orders, path) if orders is not None else None
    while not game.finished:
        if script is not None:
            script.give_due(game)
        player.play_day()
        game.advance()
    return script.finish() if script is not None else []
