"""The state a game starts from: the theatre's sites with the scenario's set-up applied.

Built as plain dataclasses, without validation: every value comes from checked content (or is
worked out here); tests/test_deferred_models.py holds it equal to what validating it gives, and the
golden games and bench/engine_digests.py hold the state to what it was."""

from __future__ import annotations

from ..model.content import World
from ..model.state import Ledger, SiteState, SiteStatus, State
from .camps import initial_arrivals
from .supplies import init_sites

CLOSABLE_KINDS = ("camp", "tob", "hq", "hub")


def initial_state(world: World) -> State:
    sc, th = world.scenario, world.theatre
    setups = {s.id: s for s in sc.sites}
    sites: dict[str, SiteState] = {}
    for site in th.sites:
        setup = setups.get(site.id)
        garrison = dict(site.garrison)
        stocks = site.stocks
        trucks, eod, threat = site.trucks, site.eod_teams, site.threat
        status: SiteStatus = "open"
        target, min_garrison, takeover = None, 0, True
        agreed = None
        if setup is not None:
            garrison = dict(setup.garrison) if setup.garrison is not None else garrison
            stocks = setup.stocks if setup.stocks is not None else stocks
            trucks = setup.trucks if setup.trucks is not None else trucks
            eod = setup.eod_teams if setup.eod_teams is not None else eod
            threat = setup.threat if setup.threat is not None else threat
            status, target = setup.status, setup.target_date
            min_garrison, takeover = setup.min_garrison, setup.host_can_take_over
            agreed = setup.agreed_handover
            if agreed is None and world.rules.camps.agreed_is_target:
                agreed = setup.target_date  # the closure plan was agreed with the host
        people = {k: v for k, v in sorted(garrison.items()) if v > 0}
        sites[site.id] = SiteState(
            id=site.id,
            status=status,
            people=people,
            containers=stocks.containers,
            vehicles=stocks.vehicles,
            sensitive=stocks.sensitive,
            trucks=trucks,
            eod_teams=eod,
            threat=threat,
            target_date=target,
            min_garrison=min_garrison,
            host_can_take_over=takeover,
            closable=site.kind in CLOSABLE_KINDS
            and (sum(people.values()) > 0 or target is not None),
            agreed_handover=agreed,
        )
    init_sites(world, sites, setups)
    ledger = Ledger(
        initial_people=sum(s.headcount for s in sites.values()),
        initial={
            "containers": sum(s.containers for s in sites.values()),
            "vehicles": sum(s.vehicles for s in sites.values()),
            "sensitive": sum(s.sensitive for s in sites.values()),
        },
    )
    pressure: dict[str, float] = {}
    for group in sc.armed_groups:
        for region, value in sorted(group.pressure.items()):
            pressure[region] = min(1.0, pressure.get(region, 0.0) + value)
    return State(
        day=0,
        date=sc.start,
        relations=sc.host.relations,
        conditions=list(sc.host.conditions),
        pressure=dict(sorted(pressure.items())),
        sites=sites,
        ledger=ledger,
        qrf_free=sc.assets.qrf,
        sorties={a.id: a.count for a in sc.assets.aircraft},
        contributors=world.rules.equipment.contributors_start,
        arrivals=initial_arrivals(world, sites, pressure),
    )
