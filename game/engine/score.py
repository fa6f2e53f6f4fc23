"""The score, the grade, the game summary (DESIGN section 3) and the state digest."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from ..model.json_data import json_data
from ..model.state import SiteState
from . import camps, equipment
from .context import Ctx
from .day import people_remaining

if TYPE_CHECKING:
    from ..model.saved import GameSummary, Owners, SiteOutcome, Tallies

KINDS = ("containers", "vehicles", "sensitive")


def equipment_remaining(ctx: Ctx, kind: str) -> int:
    st = ctx.state
    return (
        sum(int(getattr(s, kind)) for s in st.sites.values())
        + sum(int(getattr(c.cargo, kind)) for c in st.convoys)
        + sum(int(getattr(f.cargo, kind)) for f in st.flights)
    )


def grade(ctx: Ctx, score: float) -> str:
    r = ctx.rules.score
    for floor, letter in ((r.grade_a, "A"), (r.grade_b, "B"), (r.grade_c, "C"), (r.grade_d, "D")):
        if score >= floor:
            return letter
    return "F"


def parts(ctx: Ctx) -> dict[str, float]:
    """Each part of the score from 0 to 1."""
    st = ctx.state
    led = st.ledger
    r = ctx.rules.score
    r_eq = ctx.rules.equipment
    # The teams that stay on at sites that stay open are not expected to leave.
    total_people = led.initial_people + led.arrived - camps.kept(ctx)
    people_out = min(1.0, led.withdrawn / total_people) if total_people > 0 else 1.0
    harm = (
        led.killed * r.harm_killed
        + (led.wounded + led.contractors_wounded) * r.harm_wounded
        + led.contractors_killed * r.harm_contractor_killed
        + led.civilians_killed * r.harm_civilian_killed
        + led.sick * r.harm_sick
    )
    safety = 1.0 / (1.0 + harm / r.harm_scale)
    weighted_total = 0.0
    value = 0.0
    for kind in KINDS:
        sensitive = kind == "sensitive"
        w = r.sensitive_weight if sensitive else 1.0
        tally = getattr(led, kind)
        weighted_total += w * led.initial.get(kind, 0)
        lost_weight = r.sensitive_lost_penalty if sensitive else r.lost_penalty
        value += w * (
            tally.repatriated
            + r_eq.awaiting_export_credit * tally.awaiting_export
            + (0.0 if sensitive else r.handed_over_credit) * tally.handed_over
            + r.destroyed_credit * tally.destroyed
            - lost_weight * tally.lost
        )
    equipment = max(0.0, min(1.0, value / weighted_total)) if weighted_total else 1.0
    closing = [s for s in st.sites.values() if camps.to_close(ctx, s.id)]
    on_time = [s for s in closing if on_time_closure(ctx, s)]
    sites_on_time = len(on_time) / len(closing) if closing else 1.0
    # Handed over rather than left or seized: every mission site, a staying one included.
    closed = [s for s in st.sites.values() if s.closable and s.closed]
    handed = [s for s in closed if s.status == "handed_over"]
    handover = len(handed) / len(closed) if closed else 0.0
    overdue = sum(
        n for s in st.sites.values() for c, n in s.people.items() if ctx.contingents[c].overdue
    )
    rotation = led.relieved / (led.relieved + overdue) if (led.relieved + overdue) else 1.0
    garrison = st.garrison_days_ok / st.garrison_days if st.garrison_days else 1.0
    return {
        "people_out": people_out,
        "safety": safety,
        "equipment": equipment,
        "sites_on_time": sites_on_time,
        "handover": handover,
        "relations": st.relations / 100.0,
        "rotation": rotation,
        "garrison": garrison,
        "contributors": st.contributors / 100.0,
    }


def on_time_closure(ctx: Ctx, site: SiteState) -> bool:
    """Closed by the mission (handed over or left) by its target date, and not weeks ahead of it
    (rules.score.on_time_early_days); a camp taken by armed groups is lost, not closed on time,
    whenever that happened."""
    if not site.closed or site.closed_on is None or site.status == "seized":
        return False
    if site.target_date is None:
        return True
    early = (site.target_date - site.closed_on).days
    return 0 <= early <= ctx.rules.score.on_time_early_days


def score(ctx: Ctx) -> tuple[float, dict[str, float]]:
    weights = ctx.scenario.weights.model_dump()
    p = parts(ctx)
    total_w = sum(weights.values()) or 1.0
    value = sum(p[k] * w for k, w in weights.items()) / total_w * 100.0
    return round(value, 2), {k: round(v, 4) for k, v in p.items()}


def owners(ctx: Ctx) -> Owners:
    """Equipment destroyed by owner: contingent-owned (COE) or UN-owned (engine/equipment.py)."""
    from ..model.saved import Owners  # imported when first asked, as in `tallies`

    led = ctx.state.ledger
    done = {k: getattr(led, k).destroyed for k in KINDS}
    return Owners(
        coe_container_share=ctx.rules.equipment.coe_container_share,
        destroyed_coe=round(equipment.coe_items(ctx, done), 1),
        destroyed_un=round(equipment.un_items(ctx, done), 1),
        consents=sorted(ctx.state.consents),
    )


def digest(ctx: Ctx) -> str:
    data = json_data(ctx.state)
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]  # not a rule: digest length


def site_outcomes(ctx: Ctx) -> list[SiteOutcome]:
    """Per mission site, in the scenario's order: status, closure date, target, who holds it
    (bots and reviews read it; DESIGN section 3) and the items destroyed there."""
    from ..model.saved import SiteOutcome  # imported when first asked, as in `tallies`

    out = []
    for sid, site in ctx.state.sites.items():
        if not site.closable:
            continue
        out.append(
            SiteOutcome(
                id=sid,
                status=site.status,
                closed_on=site.closed_on.isoformat() if site.closed_on else None,
                target=site.target_date.isoformat() if site.target_date else None,
                handed_over_to=camps.holder(ctx, sid),
                destroyed=site.destroyed,
                stays_open=sid in ctx.staying,
            )
        )
    return out


def tallies(ctx: Ctx) -> Tallies:
    """Where every person and item is: at sites, on the move, out of the country, handed over,
    destroyed, lost or (people) killed (DESIGN sections 2 and 3)."""
    # imported when first asked: the summary models (and the save and results models beside
    # them) are not needed to paint the first screen (start-up, bench/tui.py)
    from ..model.saved import Containers, Equipment, EquipmentKinds, Personnel, Tallies

    led = ctx.state.ledger
    containers = Containers(
        total=led.initial.get("containers", 0),
        repatriated=led.containers.repatriated,
        handed_over=led.containers.handed_over,
        destroyed=led.containers.destroyed,
        lost=led.containers.lost,
        # Still in the country: at sites, on the road, or waiting at an exit. The DESIGN contract
        # is that total = repatriated + handed_over + destroyed + lost + remaining; the part of
        # `remaining` that waits to be exported is also given on its own.
        remaining=equipment_remaining(ctx, "containers") + led.containers.awaiting_export,
        awaiting_export=led.containers.awaiting_export,
        # Part of handed_over: lost by the host after the handover (site_looted), not by us.
        lost_after_handover=led.after_handover.get("containers", 0),
    )
    kinds = {}
    for kind in ("vehicles", "sensitive"):
        tally = getattr(led, kind)
        kinds[kind] = Equipment(
            total=led.initial.get(kind, 0),
            repatriated=tally.repatriated,
            handed_over=tally.handed_over,
            destroyed=tally.destroyed,
            lost=tally.lost,
            awaiting_export=tally.awaiting_export,
            remaining=equipment_remaining(ctx, kind) + tally.awaiting_export,
            lost_after_handover=led.after_handover.get(kind, 0),
        )
    return Tallies(
        personnel=Personnel(
            total=led.initial_people + led.arrived,
            withdrawn=led.withdrawn,
            remaining=people_remaining(ctx),
            killed=led.killed,
            wounded=led.wounded,
        ),
        containers=containers,
        equipment=EquipmentKinds(vehicles=kinds["vehicles"], sensitive=kinds["sensitive"]),
    )


def summary(ctx: Ctx) -> GameSummary:
    """The game summary that `run --json` prints (DESIGN section 3)."""
    # imported when first asked, as in `tallies`
    from ..model.saved import Casualties, GameSummary, Sites

    st = ctx.state
    led = st.ledger
    held = tallies(ctx)
    closable = [s for s in st.sites.values() if s.closable]
    closing = [s for s in closable if camps.to_close(ctx, s.id)]
    value, breakdown = score(ctx)
    return GameSummary(
        scenario=ctx.scenario.id,
        seed=ctx.seed,
        final_date=st.date.isoformat(),
        finished=st.finished,
        end_reason=st.end_reason,
        personnel=held.personnel,
        containers=held.containers,
        equipment=held.equipment,
        casualties=Casualties(
            peacekeepers_killed=led.killed,
            peacekeepers_wounded=led.wounded,
            contractors_killed=led.contractors_killed,
            contractors_wounded=led.contractors_wounded,
            civilians_killed=led.civilians_killed,
            civilians_wounded=led.civilians_wounded,
            sick=led.sick,
        ),
        sites=Sites(
            # The sites to close: those that stay open are counted apart (`staying`).
            total=len(closing),
            closed=sum(1 for s in closing if s.closed),
            closed_on_time=sum(1 for s in closing if on_time_closure(ctx, s)),
            seized=sum(1 for s in closable if s.status == "seized"),
            handed_over=sum(1 for s in closable if s.status == "handed_over"),
            staying=len(closable) - len(closing),
        ),
        site_outcomes=site_outcomes(ctx),
        host_relations=round(st.relations, 2),
        contributors=round(st.contributors, 2),
        owners=owners(ctx),
        unauthorized_moves=st.unauthorized_moves,
        score=value,
        score_parts=breakdown,
        grade=grade(ctx, value),
        digest=digest(ctx),
    )
