"""The rules table: every constant of the game's rules, as data.

The values live in content, not in the engine: `content/rules/standard.toml` gives every rule with
its source (a dossier key or ``game assumption: why``); a theatre's ``[rules]`` table overrides some
for its map, and a scenario's ``[rules]`` table overrides some for its story. Each entry in a file is
``name = { value = ..., source = "..." }``. The engine reads the merged values as `Rules`
(``ctx.rules.convoy.clearance_ied``); `docs/rules.md` is generated from the table.

Sections are separate models so a rule is found by what it is about. Every field states its meaning
in its description; bounds stop a typo from making nonsense of a game.

Over 500 lines on purpose: one typed, bounded section per part of the rules table, each entry
documented where it is declared, so `docs/rules.md` and `drawdown schema rules` are generated
from this one place.
"""

import dataclasses
import datetime as dt
import functools
import typing
from typing import Annotated, Any, Literal

from .declare import Field, Rule, Serialized, Strict

if typing.TYPE_CHECKING:
    from pydantic import BaseModel, GetCoreSchemaHandler
    from pydantic_core import core_schema

Prob = Annotated[float, Rule(ge=0.0, le=1.0)]
Factor = Annotated[float, Rule(ge=0.0, le=100.0)]
Count = Annotated[int, Rule(ge=0, le=10_000)]
Days = Annotated[int, Rule(ge=0, le=365)]
Points = Annotated[float, Rule(ge=0.0, le=100.0)]


class _Section(Strict):
    """A section of the rules table (plain, checked through its mirror: declare.py)."""


class Harm(_Section):
    """What one incident does: casualties, losses and delay, each drawn uniformly in its range."""

    killed_chance: Prob = Field(description="Chance that anyone is killed")
    killed_max: Count = Field(description="If so, 1 to this many killed")
    wounded_min: Count = Field(description="Fewest wounded")
    wounded_max: Count = Field(description="Most wounded")
    trucks_max: Count = Field(description="0 to this many trucks (with their loads) lost or taken")
    vehicles: Count = Field(description="Own vehicles lost (if the convoy has any)")
    delay_min: Days = Field(description="Fewest days of delay")
    delay_max: Days = Field(description="Most days of delay")

    @property
    def mean_killed(self) -> float:
        return self.killed_chance * (1 + self.killed_max) / 2 if self.killed_max else 0.0

    @property
    def mean_wounded(self) -> float:
        return (self.wounded_min + self.wounded_max) / 2

    @property
    def mean_trucks(self) -> float:
        return self.trucks_max / 2

    @property
    def mean_delay(self) -> float:
        return (self.delay_min + self.delay_max) / 2


class ConvoyRules(_Section):
    """Road moves: incident odds per stretch and what incidents do."""

    threat_base: Factor = Field(
        description="Stretch odds are multiplied by this plus the region's armed-group pressure"
    )
    clearance_ied: Factor = Field(description="IED odds multiplier with route clearance")
    escort_ambush_none: Factor = Field(description="Ambush odds multiplier with no escort")
    escort_ambush_light: Factor = Field(description="Ambush odds multiplier with a light escort")
    escort_ambush_heavy: Factor = Field(description="Ambush odds multiplier with a heavy escort")
    unauthorized_risk: Factor = Field(
        description="IED and ambush odds multiplier for a convoy moving without authorization"
    )
    odds_max: Prob = Field(description="No stretch's IED or ambush chance goes above this")
    breakdown_base: Prob = Field(description="Chance of breakdowns on a stretch for a small convoy")
    breakdown_trucks: Count = Field(
        description="Breakdown chance grows by breakdown_base for every this many trucks"
    )
    breakdown_track: Factor = Field(description="Breakdown multiplier on a track")
    breakdown_max: Prob = Field(description="Breakdown chance never goes above this")
    breakdown_delay: Days = Field(description="Days lost to breakdowns on a stretch")
    weather_delay: Days = Field(description="Days lost when rain closes the road")
    ied: Harm = Field(description="What an IED strike does")
    ambush_none: Harm = Field(description="What an ambush does to an unescorted convoy")
    ambush_light: Harm = Field(description="What an ambush does to a lightly escorted convoy")
    ambush_heavy: Harm = Field(description="What an ambush does to a heavily escorted convoy")
    # Speed against security: exposure, column length, slow-downs, armour and air overwatch.
    exposure_day: Factor = Field(
        description="Each extra day a convoy spends on a stretch (held by a delay, or slowed "
        "down) faces this share of the stretch's ambush odds again"
    )
    length_reference: Annotated[int, Rule(ge=1, le=10_000)] = Field(
        description="Column length (trucks + own vehicles) for which the mapped odds hold"
    )
    length_exponent: Factor = Field(
        description="IED and ambush odds are multiplied by (length / length_reference) to this power"
    )
    length_factor_min: Factor = Field(description="The length multiplier never goes below this")
    length_factor_max: Factor = Field(description="The length multiplier never goes above this")
    length_slow: Factor = Field(
        description="Travel time grows by this share for every length_reference vehicles in the column"
    )
    clearance_slow: Factor = Field(
        description="Travel time grows by this share when a route-clearance team leads the convoy"
    )
    heavy_escort_slow: Factor = Field(
        description="Travel time grows by this share with a heavy escort"
    )
    protected_share: Prob = Field(
        description="Share of IED deaths turned into wounded for people riding in the convoy's own "
        "(mine-protected) vehicles"
    )
    overwatch_ambush: Factor = Field(
        description="Ambush odds multiplier on a day helicopters fly cleared overwatch"
    )
    overwatch_sorties: Annotated[int, Rule(ge=1, le=50)] = Field(
        description="Helicopter sorties a convoy's air overwatch uses each day on the road"
    )


class FlightRules(_Section):
    """Air moves."""

    threat_factor: Factor = Field(
        description="Chance a flight is fired on at one end: the site's threat times "
        "(threat_base + pressure) times this"
    )
    unauthorized_risk: Factor = Field(
        description="Fire odds multiplier for a flight without clearance"
    )
    odds_max: Prob = Field(description="A flight's chance of being fired on never goes above this")
    wounded_max: Count = Field(description="0 to this many wounded when a flight is fired on")
    turn_back_chance: Prob = Field(description="Chance a flight fired on turns back")
    unauthorized_relations: Factor = Field(
        description="A flight without clearance costs this many times the host's unauthorized_cost"
    )


class HostRules(_Section):
    """How the host government decides (the scenario's [host] sets its temper; these its habits)."""

    press_approval: Prob = Field(
        description="Added to the approval chance each time a request is pressed"
    )
    press_relations: Points = Field(
        description="Relations lost when pressing, times the number of times the request was pressed"
    )
    delay_min: Days = Field(description="Fewest days a delayed request waits")
    delay_max: Days = Field(description="Most days a delayed request waits")
    later_start_days: Days = Field(
        description="Days a 'not before' condition pushes a departure back"
    )
    fewer_trucks_share: Prob = Field(
        description="Share of the trucks a 'fewer trucks' condition allows"
    )
    engage_ceiling: Annotated[float, Rule(ge=1.0, le=1000.0)] = Field(
        description="An engagement gains engage_gain times (1 - relations / this): less as relations rise"
    )
    handover_min_relations: Points = Field(
        description="Below these relations the host will not accept a handover"
    )
    handover_relations: Points = Field(description="Relations gained by a formal handover")
    approval_pivot: Points = Field(
        description="The host's approve chance is its chance at these relations; per_relation "
        "adds or takes away per point above or below"
    )
    # Grievances: what the host remembers, and how long.
    grievance_decay: Prob = Field(description="Share of every grievance that fades each day")
    grievance_approval: Annotated[float, Rule(ge=0.0, le=0.1)] = Field(
        description="Approval chance lost per point of grievance"
    )
    grievance_unauthorized: Points = Field(
        description="Grievance per convoy moved without authorization (flights: times "
        "flight.unauthorized_relations)"
    )
    grievance_press: Points = Field(
        description="Grievance from pressing a request, times the number of times it was pressed"
    )
    grievance_destroy: Annotated[float, Rule(ge=0.0, le=10.0)] = Field(
        description="Grievance per container or vehicle destroyed at a camp the host could receive"
    )
    grievance_broken: Points = Field(description="Grievance when a promise to the host is broken")
    # Meetings.
    engage_limit: Points = Field(
        description="Meetings alone cannot raise relations above this, less grievance_ceiling "
        "per point of grievance"
    )
    grievance_ceiling: Factor = Field(
        description="Points of relations meetings can no longer reach per point of grievance"
    )
    engage_window: Days = Field(
        description="An engagement gains its gain / (1 + meetings held in this many days before)"
    )
    # Concessions.
    leave_min_containers: Count = Field(
        description="Fewest containers a leave_equipment concession commits"
    )
    leave_approval: Prob = Field(
        description="Approval bonus for requests from a camp whose equipment is promised"
    )
    leave_grievance: Points = Field(description="Grievance forgiven for a leave_equipment promise")
    hold_days: Days = Field(description="Days a hold_camp promise runs when no date is given")
    hold_approval: Prob = Field(description="Approval bonus on every request while a camp is held")
    hold_grievance: Points = Field(description="Grievance forgiven for a hold_camp promise")
    schedule_days: Days = Field(description="Days a shared schedule runs")
    schedule_approval: Prob = Field(
        description="Approval bonus on convoys from a site whose schedule is shared"
    )
    schedule_ambush: Factor = Field(
        description="Ambush odds multiplier on convoys leaving while their schedule is shared"
    )
    # Checkpoints.
    army_presence: Prob = Field(
        description="The army's presence in a region the scenario does not list"
    )
    checkpoint_chance: Prob = Field(
        description="Daily chance an unauthorized convoy on the road is stopped, times the army's "
        "presence in the region"
    )
    checkpoint_turn_back: Prob = Field(
        description="Share of stops that turn the convoy back to where it came from (else held)"
    )
    checkpoint_hold_min: Days = Field(description="Fewest days a convoy is held at a checkpoint")
    checkpoint_hold_max: Days = Field(description="Most days a convoy is held at a checkpoint")
    medevac_max_people: Count = Field(
        description="A medevac flight carries at most this many people and no cargo"
    )


class SiteRules(_Section):
    """Attacks on camps and what happens to a camp left empty."""

    threat_base: Factor = Field(
        description="A camp's daily attack chance is its threat times (this + regional pressure)"
    )
    thin_factor: Factor = Field(description="Attack odds multiplier below the minimum garrison")
    qrf_factor: Factor = Field(
        description="Attack odds multiplier with a quick-reaction force there"
    )
    attack_max: Prob = Field(description="A camp's daily attack chance never goes above this")
    killed_chance: Prob = Field(description="Chance an attack kills one person")
    killed_chance_thin: Prob = Field(description="Chance an attack kills one person in a thin camp")
    wounded_max: Count = Field(description="0 to this many wounded by an attack")
    wounded_thin: Count = Field(description="Extra wounded by an attack on a thin camp")
    containers_hit_max: Count = Field(
        description="0 to this many containers destroyed by an attack"
    )
    seize_base: Prob = Field(
        description="Daily chance an empty camp that no armed group is heading for is occupied "
        "all the same (see camps.seize_present for one they are near)"
    )
    seize_max: Prob = Field(description="The daily chance of seizure never goes above this")
    informal_takeover: Prob = Field(
        description="Daily chance the host's forces occupy an empty camp without a handover"
    )


class IntelRules(_Section):
    """How wrong the player's intelligence may be: estimates are the truth times a bias fixed per
    game and path, drawn between bias_min and bias_min + bias_span."""

    bias_min: Factor = Field(description="Lowest bias (0.6: odds shown at 60% of the truth)")
    bias_span: Factor = Field(description="Width of the bias range")
    estimate_max: Prob = Field(description="An estimate never says more than this (never certain)")


class SeasonRules(_Section):
    rainy_months: list[Annotated[int, Rule(ge=1, le=12)]] = Field(
        max_length=12, description="Months of the rainy season (slower roads, weather delays)"
    )


class ScoreRules(_Section):
    """How the score's parts are computed (the scenario's [weights] weighs them)."""

    grade_a: Points = Field(description="Lowest score for an A")
    grade_b: Points = Field(description="Lowest score for a B")
    grade_c: Points = Field(description="Lowest score for a C")
    grade_d: Points = Field(description="Lowest score for a D (below: F)")
    sensitive_weight: Factor = Field(description="A sensitive item counts as this many containers")
    harm_killed: Factor = Field(description="Harm points per peacekeeper killed")
    harm_wounded: Factor = Field(description="Harm points per person wounded")
    harm_contractor_killed: Factor = Field(description="Harm points per contractor killed")
    harm_civilian_killed: Factor = Field(description="Harm points per civilian killed")
    harm_sick: Factor = Field(
        description="Harm points per case of sickness for want of fuel, water and food"
    )
    harm_scale: Factor = Field(
        description="Safety is 1 / (1 + harm / this): this much harm halves the safety part"
    )
    handed_over_credit: Prob = Field(
        description="Equipment handed to the host counts this much of repatriated (not sensitive)"
    )
    destroyed_credit: Prob = Field(
        description="Equipment destroyed counts this much of repatriated"
    )
    lost_penalty: Factor = Field(description="Equipment lost to armed groups counts minus this")
    sensitive_lost_penalty: Factor = Field(description="Sensitive items lost count minus this")
    on_time_early_days: Days = Field(
        description="A site counts as closed on time if it closes by its target date and no more "
        "than this many days before it (earlier is ahead of the plan agreed with the host)"
    )


class SupplyRules(_Section):
    """Fuel, water and food: days of supply at camps and on convoys."""

    camp_days: Annotated[float, Rule(ge=0.0, le=365.0)] = Field(
        description="Days of supply a camp holds at the start (a scenario site may set its own); "
        "also the most it can store"
    )
    reference_min: Annotated[int, Rule(ge=1, le=100_000)] = Field(
        description="A camp's day of supply feeds its start garrison, or at least this many people"
    )
    source_kinds: list[Literal["camp", "tob", "hq", "hub", "node", "exit"]] = Field(
        max_length=6,
        description="Kinds of site supplied from outside: the sources of road resupply",
    )
    road_days: Annotated[float, Rule(ge=0.0, le=100.0)] = Field(
        description="Days of supply routine road resupply brings a camp each day, up to its store, "
        "while an open road joins it to a source"
    )
    short_days: Annotated[float, Rule(ge=0.0, le=100.0)] = Field(
        description="Below this many days of supply a camp is on reduced rations"
    )
    short_attack: Factor = Field(description="Attack odds multiplier for a camp on reduced rations")
    empty_attack: Factor = Field(
        description="Attack odds multiplier for a camp with no supplies left"
    )
    sick_people: Annotated[int, Rule(ge=1, le=100_000)] = Field(
        description="With no supplies left, one person in this many falls sick each day (at least "
        "one; cases count as harm, score.harm_sick each)"
    )
    empty_stall: Prob = Field(
        description="Daily chance a convoy out of supplies loses the day (else it crawls on)"
    )
    convoy_reserve: Annotated[float, Rule(ge=0.0, le=100.0)] = Field(
        description="A convoy carries supply for its travel days plus this many days; "
        "with none left it loses days (empty_stall) and its people fall sick until resupplied"
    )
    person_days_per_load: Annotated[float, Rule(ge=0.0, le=100_000.0)] = Field(
        description="Person-days of fuel, water and food one load of an aircraft's cargo carries"
    )
    air_approval: Annotated[float, Rule(ge=-1.0, le=1.0)] = Field(
        description="Added to the host's approval chance for a resupply flight"
    )
    ban_exception: Prob = Field(
        description="Chance the host still approves a resupply flight where flights are refused"
    )


class EquipmentRules(_Section):
    """Who owns equipment, what destroying it costs, and how it leaves the country."""

    coe_container_share: Prob = Field(
        description="Share of a site's containers that belong to the contributing countries (COE); "
        "the rest are UN-owned. Vehicles and sensitive items are all COE"
    )
    destroy_rate: Factor = Field(
        description="Items (containers, vehicles, sensitive) destroyed per 100 people at the site per day"
    )
    contributors_start: Points = Field(
        description="The contributing countries' goodwill (0-100) at the start"
    )
    contributors_cost: Points = Field(
        description="Contributor goodwill lost per 100 contingent-owned items destroyed without consent"
    )
    consented_share: Prob = Field(
        description="Share of contributors_cost still lost when the contributors consented"
    )
    host_cost: Points = Field(
        description="Host relations lost per 100 UN-owned containers destroyed (the host wanted them)"
    )
    consent_days: Days = Field(
        description="Days the contributing countries take to answer a request to destroy their equipment"
    )
    consent_min_goodwill: Points = Field(
        description="Below this goodwill the contributing countries refuse consent"
    )
    air_export_per_day: Count = Field(
        description="Containers and sensitive items an air exit exports per day"
    )
    road_export_per_day: Count = Field(
        description="Containers and sensitive items a road border crossing exports per day"
    )
    awaiting_export_credit: Prob = Field(
        description="Equipment waiting at an exit counts this much of repatriated"
    )
    late_contingent_goodwill: Points = Field(
        description="Contributors' goodwill lost when a contingent is still in the country after "
        "the date it had to leave by (its `leaves_by`)"
    )


class CampRules(_Section):
    """The race for the camps: the host's army and the armed groups closing in, handovers and
    the phasing agreed with the host."""

    agreed_is_target: bool = Field(
        description="A camp's target closure date is also the handover date agreed with the host "
        "(where the scenario gives no agreed_handover): the army comes to receive it then"
    )
    handover_army_days: Days = Field(
        description="A handover needs the host's army at the camp or due within this many days"
    )
    seize_present: Prob = Field(
        description="Daily chance armed groups occupy an empty camp once they are there"
    )
    near_halving_days: Annotated[int, Rule(ge=1, le=365)] = Field(
        description="Armed groups' nearness halves for every this many days they are away: it "
        "scales the seizure odds of an empty camp and the attack odds on a held one"
    )
    contested_factor: Factor = Field(
        description="Seizure odds multiplier while the host's army is at the camp too"
    )
    attack_near: Factor = Field(
        description="A held camp's attack odds are multiplied by 1 + this times the armed "
        "groups' nearness (1 when they are there, 0 when none is coming)"
    )
    armed_default_days: Days = Field(
        description="Where a scenario gives no armed arrival: armed groups reach a camp in "
        "(1 - regional pressure) times this many days (never where the pressure is 0)"
    )
    armed_drift: Prob = Field(
        description="Daily chance, times regional pressure, that the armed groups' arrival at a "
        "camp comes a day earlier than estimated"
    )
    early_relations_per_day: Points = Field(
        description="Relations lost per day a camp is handed over or left before the date agreed "
        "with the host"
    )
    early_relations_max: Points = Field(
        description="Most relations lost for leaving one camp before the agreed date"
    )
    poc_end: dt.date = Field(description="The mandate to protect civilians runs until this day")
    poc_harm_chance: Prob = Field(
        description="Chance, times regional pressure, that civilians near a camp closed before "
        "poc_end come to harm"
    )
    poc_killed_max: Count = Field(description="If so, 0 to this many civilians killed")
    poc_wounded_max: Count = Field(description="If so, 1 to this many civilians wounded")
    hub_hold_days: Days = Field(
        description="A hub keeps its minimum garrison until this many days before the deadline"
    )


class Rules(_Section):
    """Every constant of the rules, by section."""

    convoy: ConvoyRules = Field(description="Road moves: incident odds and what incidents do")
    flight: FlightRules = Field(description="Air moves")
    host: HostRules = Field(description="The host government's habits in answering requests")
    site: SiteRules = Field(description="Attacks on camps and empty camps")
    intel: IntelRules = Field(description="How wrong the player's intelligence may be")
    season: SeasonRules = Field(description="The seasons")
    score: ScoreRules = Field(description="How the score's parts are computed")
    supply: SupplyRules = Field(description="Fuel, water and food")
    equipment: EquipmentRules = Field(description="Owners, destruction and export of equipment")
    camps: CampRules = Field(description="The race for the camps, handovers and phasing")


SECTIONS: dict[str, type[_Section]] = {
    f.name: typing.cast("type[_Section]", f.type) for f in dataclasses.fields(Rules)
}

Source = Annotated[
    str,
    Rule(
        min_length=1,
        max_length=300,
        description="Where the value comes from: a dossier key and what it says, or "
        "'game assumption: why'",
    ),
]


def _entry_model(section: str, name: str, info: Any) -> "type[BaseModel]":
    # checking a rules table only: a game plays without pydantic (declare.py)
    from pydantic import ConfigDict, create_model
    from pydantic import Field as PydanticField

    from .checked import translate  # pydantic, as above

    value_type: Any = (
        Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    )
    return create_model(
        f"Rule_{section}_{name}",
        __config__=ConfigDict(extra="forbid", frozen=True, defer_build=True),
        __doc__=f"{section}.{name}: {info.description}",
        value=(value_type, PydanticField(description=info.description)),
        source=(translate(Source), ...),
    )


@functools.cache
def tables() -> "tuple[type[BaseModel], type[BaseModel]]":
    """(the full table every rule must be in, the override table where every rule is optional).

    Built on first use, never at import: ~190 generated entry models and two tables per section
    were three quarters of the cost of importing this module (~35 of ~47 ms CPU, 1.4 of 2.9 MiB
    once pydantic has built a first model), and they serve only to check a rules file or a
    `[rules]` table (and to generate its schema and docs). A game whose world comes from the
    content cache (game/world_cache.py) plays without them: its override layers are plain data
    (`RuleLayer`)."""
    # checking a rules table only: a game plays without pydantic (declare.py)
    from pydantic import ConfigDict, Field, create_model

    from .checked import fields_of  # pydantic, as above

    full: dict[str, Any] = {}
    partial: dict[str, Any] = {}
    for section, model in SECTIONS.items():
        infos = fields_of(model)
        entries = {n: _entry_model(section, n, i) for n, i in infos.items()}
        required: dict[str, Any] = {
            n: (e, Field(description=infos[n].description)) for n, e in entries.items()
        }
        optional: dict[str, Any] = {
            n: (e | None, Field(default=None, description=infos[n].description))
            for n, e in entries.items()
        }
        full_s = create_model(
            f"RulesTable_{section}",
            __config__=ConfigDict(extra="forbid", frozen=True, defer_build=True),
            __doc__=model.__doc__,
            **required,
        )
        part_s = create_model(
            f"RulesOverride_{section}",
            __config__=ConfigDict(extra="forbid", frozen=True, defer_build=True),
            __doc__=model.__doc__,
            **optional,
        )
        about = fields_of(Rules)[section].description
        full[section] = (full_s, Field(description=about))
        partial[section] = (part_s | None, Field(default=None, description=about))
    table = create_model(
        "RulesTable",
        __config__=ConfigDict(extra="forbid", frozen=True, defer_build=True),
        __doc__="The whole rules table: every rule with its value and source.",
        **full,
    )
    override = create_model(
        "RulesOverride",
        __config__=ConfigDict(extra="forbid", frozen=True, defer_build=True),
        __doc__="Rules this file changes: name = { value = ..., source = '...' } by section.",
        **partial,
    )
    return table, override


def rules_table() -> "type[BaseModel]":
    """The model of the standard rules file: every rule with its value and source."""
    return tables()[0]


def rules_override() -> "type[BaseModel]":
    """The model of a theatre's or scenario's `[rules]` table: any rule, with its value and source."""
    return tables()[1]


def tables_built() -> bool:
    """Have the generated table models been built in this process? (A game started from the
    content cache must not build them: tests/test_world_cache.py.)"""
    return tables.cache_info().currsize > 0


# One file's rule overrides as plain data: section → rule name → (value, source), only the rules
# the file sets. What a checked theatre or scenario keeps of its `[rules]` table, so a world read
# back from the cache names no generated model.
RuleLayer = dict[str, dict[str, tuple[Any, str]]]


def layer_of(table: "BaseModel") -> RuleLayer:
    """The rules a checked table (full or override) sets, as plain data."""
    out: RuleLayer = {}
    for section in SECTIONS:
        part = getattr(table, section)
        if part is None:
            continue
        entries = {name: (e.value, e.source) for name, e in part if e is not None}
        if entries:
            out[section] = entries
    return out


def table_of(layer: RuleLayer) -> dict[str, dict[str, dict[str, Any]]]:
    """A layer written back as its file has it: section → name → {value, source}."""
    return {
        section: {
            name: {"value": value, "source": source} for name, (value, source) in part.items()
        }
        for section, part in layer.items()
    }


class CheckedAsOverride(Serialized):
    """The marker of `RuleOverrides`: a `[rules]` table is checked by the generated override model
    (built when a model holding one builds its validator or schema, i.e. when a file is checked,
    not at import) and kept as a plain `RuleLayer`; it is dumped as the file writes it."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(table_of)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: "GetCoreSchemaHandler"
    ) -> "core_schema.CoreSchema":
        from pydantic_core import core_schema  # checking a [rules] table only (declare.py)

        return core_schema.no_info_after_validator_function(
            _plain_layer,
            handler.generate_schema(rules_override()),
            serialization=core_schema.plain_serializer_function_ser_schema(table_of),
        )


def _plain_layer(table: "BaseModel") -> RuleLayer:
    """A checked override table's layer, its values as the plain classes (a Harm, say)."""
    from .checked import to_plain  # checking a [rules] table only (declare.py)

    layer: RuleLayer = to_plain(layer_of(table))
    return layer


RuleOverrides = Annotated[RuleLayer, CheckedAsOverride()]


def checked_model(tp: Any) -> "type[BaseModel] | None":
    """The override model if `tp` is `RuleOverrides` (a plain layer checked as that model), else
    None: for code that walks field types as a file writes them."""
    if typing.get_origin(tp) is Annotated:
        if any(isinstance(meta, CheckedAsOverride) for meta in typing.get_args(tp)[1:]):
            return rules_override()
    return None


def resolve(
    table: "BaseModel", *overrides: tuple[str, RuleLayer | None]
) -> tuple[Rules, dict[str, tuple[str, str]]]:
    """Merge the standard table with (origin, override) layers, later ones winning.

    Returns the values as `Rules` and, per ``section.name``, (source, origin) of the value used.
    """
    values: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
    sources: dict[str, tuple[str, str]] = {}
    for origin, layer in (("standard", layer_of(table)), *overrides):
        for section, part in (layer or {}).items():
            for name, (value, source) in part.items():
                values[section][name] = value
                sources[f"{section}.{name}"] = (source, origin)
    from .checked import check  # pydantic: a world from the content cache is not resolved again

    return check(Rules, values, strict=None), sources
