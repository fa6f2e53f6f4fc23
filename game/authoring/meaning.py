"""Meaning checks on a theatre and a scenario: references that must exist, dates that must fit,
events that can fire, sites that can be reached.

The checks read the parsed TOML (plain dicts, as tomllib returns them), not the models, so they
also run on a file that has schema errors and every problem is reported at once. Anything of an
unexpected shape is skipped here: the schema check reports it.

Over 500 lines on purpose: one checker per kind of reference in a scenario, all reading the
same parsed tables; they share the names a scenario may use (`_Scenario`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model.content import Theatre, World
from .locate import locate, source_line, suggest

# A key path into parsed TOML (table keys and list indexes), and a parsed TOML table.
Loc = tuple[Any, ...]
Table = dict[str, Any]

SOURCE_KEY = re.compile(r"\[([A-Z]{1,3}[0-9]{1,4})\]")


def _sources(data: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(key path, text) of every `source` string in parsed TOML, at any depth."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "source" and isinstance(v, str):
                yield (*loc, k), v
            elif k != "sources":
                yield from _sources(v, (*loc, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _sources(v, (*loc, i))


class Report:
    """Problems found in one file, each located by its key path."""

    def __init__(self, path: Path | str, text: str) -> None:
        self.path, self.text = str(path), text
        self.problems: list[Problem] = []

    def add(self, loc: Loc, severity: str, message: str, value: bool = True) -> None:
        line, col = locate(self.text, loc, value=value)
        self.problems.append(
            Problem(self.path, line, col, severity, message, source_line(self.text, line))
        )

    def error(self, loc: Loc, message: str, value: bool = True) -> None:
        self.add(loc, "error", message, value)

    def warning(self, loc: Loc, message: str, value: bool = True) -> None:
        self.add(loc, "warning", message, value)


def tables(data: Any, key: str) -> Iterator[tuple[int, Table]]:
    """(index, table) for each table in data[key], skipping anything of the wrong shape."""
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield i, item


def ids(data: Any, key: str) -> dict[str, int]:
    return {t["id"]: i for i, t in tables(data, key) if isinstance(t.get("id"), str)}


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


# --------------------------------------------------------------------------- theatre


def check_theatre(data: Table, report: Report) -> None:
    """Duplicate ids, routes between unknown sites, sites that no route reaches."""
    for kind in ("sites", "routes"):
        seen: set[str] = set()
        for i, item in tables(data, kind):
            if isinstance(item.get("id"), str):
                if item["id"] in seen:
                    report.error((kind, i, "id"), f"duplicate {kind[:-1]} id {item['id']!r}")
                seen.add(item["id"])
    sites = ids(data, "sites")
    reached: set[str] = set()
    for i, route in tables(data, "routes"):
        rid = route.get("id", f"#{i + 1}")
        ends = [route.get("a"), route.get("b")]
        for end, site in zip(("a", "b"), ends, strict=True):
            if isinstance(site, str):
                if site in sites:
                    reached.add(site)
                else:
                    report.error(
                        ("routes", i, end),
                        f"route {rid!r} joins unknown site {site!r}{suggest(site, sites)}",
                    )
        if ends[0] == ends[1] and isinstance(ends[0], str):
            report.error(("routes", i, "b"), f"route {rid!r} joins site {ends[0]!r} to itself")
    for sid, i in sites.items():
        if sid not in reached:
            site = data["sites"][i]
            air = site.get("airfield", "none") not in ("none", None)
            how = "; it can be reached only by air" if air else ""
            report.warning(("sites", i, "id"), f"no route reaches site {sid!r}{how}")


# --------------------------------------------------------------------------- scenario


class _Scenario:
    """The names a scenario may refer to, and the checks on each kind of reference."""

    def __init__(self, sc: Table, th: Table | None, report: Report) -> None:
        self.sc, self.th, self.r = sc, th or {}, report
        self.start = sc.get("start") if _is_date(sc.get("start")) else None
        self.deadline = sc.get("deadline") if _is_date(sc.get("deadline")) else None
        self.known_theatre = th is not None
        self.sites = set(ids(self.th, "sites"))
        self.routes = set(ids(self.th, "routes"))
        self.regions = {
            s["region"] for _, s in tables(self.th, "sites") if isinstance(s.get("region"), str)
        }
        self.scenario_map()
        self.contingents = set(ids(sc, "contingents"))
        assets = sc.get("assets") if isinstance(sc.get("assets"), dict) else {}
        self.aircraft = set(ids(assets, "aircraft"))
        self.events = {e["id"]: e for _, e in tables(sc, "events") if isinstance(e.get("id"), str)}
        self.flags_set: set[str] = set()
        self.host_conditions: set[str] = set()
        host = sc.get("host") if isinstance(sc.get("host"), dict) else {}
        for _, c in tables(host, "conditions"):
            if isinstance(c.get("id"), str):
                self.host_conditions.add(c["id"])
        for _, effect in self.all_effects():
            if effect.get("kind") == "set_flag" and isinstance(effect.get("flag"), str):
                self.flags_set.add(effect["flag"])
            cond = effect.get("condition")
            if effect.get("kind") == "add_condition" and isinstance(cond, dict):
                if isinstance(cond.get("id"), str):
                    self.host_conditions.add(cond["id"])

    def all_effects(self) -> Iterator[tuple[Loc, Table]]:
        for i, event in tables(self.sc, "events"):
            for j, eff in tables(event, "effects"):
                yield ("events", i, "effects", j), eff
            for ci, choice in tables(event, "choices"):
                for j, eff in tables(choice, "effects"):
                    yield ("events", i, "choices", ci, "effects", j), eff

    # -- single references
    def ref(self, loc: Loc, what: str, value: Any, known: set[str], key: bool = False) -> bool:
        """Report an unknown reference; True when the value is known (or cannot be checked).
        With `key`, the reference is a table's key (e.g. a garrison's contingent)."""
        if not isinstance(value, str) or value in known:
            return True
        if what in ("site", "route", "region") and not self.known_theatre:
            return True  # the theatre is missing: that is reported once, at `theatre`
        where = f" (not in theatre {self.th.get('id')!r})" if what in ("site", "route") else ""
        self.r.error(loc, f"unknown {what} {value!r}{where}{suggest(value, known)}", not key)
        return False

    def in_scenario(self, loc: Loc, value: Any, what: str = "date") -> bool:
        """Report a date outside the scenario; True when it fits (or cannot be checked)."""
        if not _is_date(value) or self.start is None or self.deadline is None:
            return True
        if self.start <= value <= self.deadline:
            return True
        self.r.error(
            loc, f"{what} {value} is outside the scenario ({self.start} to {self.deadline})"
        )
        return False

    def target_date(self, loc: Loc, value: Any) -> None:
        if not _is_date(value) or self.start is None or self.deadline is None:
            return
        if value > self.deadline:
            self.r.error(loc, f"target date {value} is after the deadline {self.deadline}")
        elif value < self.start:
            self.r.error(loc, f"target date {value} is before the start {self.start}")

    def regions_of(self, loc: Loc, regions: Any) -> None:
        if isinstance(regions, list):
            for k, region in enumerate(regions):
                self.ref(loc + (k,), "region", region, self.regions)

    # -- the parts of a scenario
    def scenario_map(self) -> None:
        """The scenario's own map: `use_sites` keeps part of the theatre, `add_sites` and
        `add_routes` add to it (each checked against the theatre)."""
        sc, theatre_sites = self.sc, set(self.sites)
        use = sc.get("use_sites")
        if isinstance(use, list) and self.known_theatre:
            for i, sid in enumerate(use):
                self.ref(("use_sites", i), "site", sid, theatre_sites)
            self.sites = {s for s in theatre_sites if s in use}
            ends = {r["id"]: (r.get("a"), r.get("b")) for _, r in tables(self.th, "routes")}
            self.routes = {
                rid for rid in self.routes if all(e in self.sites for e in ends.get(rid, ()))
            }
        for i, site in tables(sc, "add_sites"):
            sid = site.get("id")
            if isinstance(sid, str):
                if sid in theatre_sites:
                    self.r.error(
                        ("add_sites", i, "id"),
                        f"{sid!r} is already a site of the theatre: change how it starts in "
                        "[[sites]] instead",
                    )
                self.sites.add(sid)
            if isinstance(site.get("region"), str):
                self.regions.add(site["region"])
        for i, route in tables(sc, "add_routes"):
            if isinstance(route.get("id"), str):
                if route["id"] in self.routes:
                    self.r.error(("add_routes", i, "id"), f"duplicate route id {route['id']!r}")
                self.routes.add(route["id"])
            for end in ("a", "b"):
                self.ref(("add_routes", i, end), "site", route.get(end), self.sites)

    def check_source_keys(self) -> None:
        """Every bracketed key a `source` cites ([A51]) is one of the scenario's [[sources]]."""
        known = {s["key"] for _, s in tables(self.sc, "sources") if isinstance(s.get("key"), str)}
        for loc, text in _sources(self.sc, ()):
            for key in SOURCE_KEY.findall(text):
                if key not in known:
                    self.r.error(
                        loc,
                        f"cites [{key}], which is not one of the scenario's [[sources]]"
                        + (suggest(key, known) or "; add it there with its url"),
                    )

    def check(self) -> None:
        sc, r = self.sc, self.r
        self.check_source_keys()
        for key in ("contingents", "events", "sites"):
            seen: set[str] = set()
            for i, item in tables(sc, key):
                if isinstance(item.get("id"), str):
                    if item["id"] in seen:
                        r.error((key, i, "id"), f"duplicate {key[:-1]} id {item['id']!r}")
                    seen.add(item["id"])
        assets = sc.get("assets") if isinstance(sc.get("assets"), dict) else {}
        seen = set()
        for i, a in tables(assets, "aircraft"):
            if isinstance(a.get("id"), str):
                if a["id"] in seen:
                    r.error(("assets", "aircraft", i, "id"), f"duplicate aircraft id {a['id']!r}")
                seen.add(a["id"])
        for i, setup in tables(sc, "sites"):
            self.ref(("sites", i, "id"), "site", setup.get("id"), self.sites)
            garrison = setup.get("garrison")
            if isinstance(garrison, dict):
                for c in garrison:
                    self.ref(("sites", i, "garrison", c), "contingent", c, self.contingents, True)
            self.target_date(("sites", i, "target_date"), setup.get("target_date"))
        for i, group in tables(sc, "armed_groups"):
            pressure = group.get("pressure")
            if isinstance(pressure, dict):
                for region in pressure:
                    loc = ("armed_groups", i, "pressure", region)
                    self.ref(loc, "region", region, self.regions, True)
        host = sc.get("host") if isinstance(sc.get("host"), dict) else {}
        for i, cond in tables(host, "conditions"):
            self.regions_of(("host", "conditions", i, "regions"), cond.get("regions"))
        never = self.check_triggers()
        self.check_waits(never)
        for loc, effect in self.all_effects():
            self.check_effect(loc, effect)
        self.check_camps()
        self.check_after_closure()
        self.check_record()
        self.check_flags_read()

    def check_flags_read(self) -> None:
        """A flag that is set but that no condition tests changes nothing: warn where it is set."""
        read: set[str] = set()
        for _, event in tables(self.sc, "events"):
            trigger = event.get("trigger")
            for _, cond in tables(trigger, "all"):
                if cond.get("kind") == "flag" and isinstance(cond.get("flag"), str):
                    read.add(cond["flag"])
        for loc, effect in self.all_effects():
            flag = effect.get("flag")
            if effect.get("kind") == "set_flag" and isinstance(flag, str) and flag not in read:
                self.r.warning(
                    loc + ("flag",),
                    f"flag {flag!r} is set but no event's condition tests it: it changes nothing",
                )

    def check_record(self) -> None:
        """The historical record's closures and seized camps name sites of this scenario's theatre,
        and its closures and milestones fall within the scenario."""
        hist = self.sc.get("historical")
        if not isinstance(hist, dict):
            return
        closures = hist.get("closures")
        if isinstance(closures, dict):
            for sid, when in closures.items():
                loc = ("historical", "closures", sid)
                if self.ref(loc, "site", sid, self.sites, True):
                    self.in_scenario(loc, when, "recorded closure")
        seized = hist.get("seized")
        if isinstance(seized, list):
            for k, sid in enumerate(seized):
                self.ref(("historical", "seized", k), "site", sid, self.sites)
        for i, milestone in tables(hist, "milestones"):
            self.in_scenario(
                ("historical", "milestones", i, "date"), milestone.get("date"), "milestone"
            )

    def check_camps(self) -> None:
        """Forces' arrivals name sites; an event's site exists; every choice costs or gives something."""
        seen: set[str] = set()
        for i, force in tables(self.sc, "forces"):
            if isinstance(force.get("id"), str):
                if force["id"] in seen:
                    self.r.error(("forces", i, "id"), f"duplicate force id {force['id']!r}")
                seen.add(force["id"])
            arrivals = force.get("arrivals")
            if isinstance(arrivals, dict):
                for sid in arrivals:
                    self.ref(("forces", i, "arrivals", sid), "site", sid, self.sites, True)
        for i, event in tables(self.sc, "events"):
            if "site" in event:
                self.ref(("events", i, "site"), "site", event.get("site"), self.sites)
            for ci, choice in tables(event, "choices"):
                if not choice.get("effects"):
                    self.r.warning(
                        ("events", i, "choices", ci, "id"),
                        f"choice {choice.get('id')!r} of event {event.get('id')!r} has no effects: "
                        "every option should have a real cost or benefit",
                    )

    def check_after_closure(self) -> None:
        """A site that stays open is one the mission holds (a camp, TOB, HQ or hub); a looting
        is not about its own site's event (such an event stops once the site has closed)."""
        kinds = {s.get("id"): s.get("kind", "camp") for _, s in tables(self.th, "sites")}
        kinds.update({s.get("id"): s.get("kind", "camp") for _, s in tables(self.sc, "add_sites")})
        for i, setup in tables(self.sc, "sites"):
            kind = kinds.get(setup.get("id"))
            if setup.get("stays_open") is True and kind in ("node", "exit"):
                self.r.error(
                    ("sites", i, "stays_open"),
                    f"{setup.get('id')!r} is {'an' if kind == 'exit' else 'a'} {kind}, not a mission site: only a camp, tob, hq "
                    "or hub stays open",
                )
        for i, event in tables(self.sc, "events"):
            looted: list[tuple[Loc, Any]] = [
                (("events", i, "effects", j, "site"), e.get("site"))
                for j, e in tables(event, "effects")
                if e.get("kind") == "site_looted"
            ]
            looted += [
                (("events", i, "choices", ci, "effects", j, "site"), e.get("site"))
                for ci, choice in tables(event, "choices")
                for j, e in tables(choice, "effects")
                if e.get("kind") == "site_looted"
            ]
            for loc, sid in looted:
                if sid is not None and sid == event.get("site"):
                    self.r.error(
                        loc,
                        f"site_looted on {sid!r} can never happen: this event is about {sid!r} "
                        "(site = ...), so it stops once the site is left or handed over; remove "
                        "the event's site or trigger it on the site's status",
                    )

    def check_theatre_garrisons(self) -> None:
        """Theatre garrisons name contingents that this scenario must define."""
        setups = {s.get("id"): s for _, s in tables(self.sc, "sites")}
        for i, site in tables(self.th, "sites"):
            garrison = site.get("garrison")
            override = setups.get(site.get("id"), {}).get("garrison")
            if not isinstance(garrison, dict) or override is not None:
                continue
            if site.get("id") not in self.sites:
                continue  # not on this scenario's map (use_sites)
            for c in garrison:
                if isinstance(c, str) and c not in self.contingents:
                    self.r.error(
                        ("sites", i, "garrison", c),
                        f"theatre site {site.get('id')!r} has people of contingent {c!r}, "
                        f"which the scenario does not define{suggest(c, self.contingents)}",
                        value=False,
                    )

    def check_triggers(self) -> set[str]:
        """Check every trigger; returns the ids of events that can never fire on their own."""
        never: set[str] = set()
        for i, event in tables(self.sc, "events"):
            eid = event.get("id", f"#{i + 1}")
            trigger = event.get("trigger")
            if not isinstance(trigger, dict):
                continue
            loc = ("events", i, "trigger")
            reasons = self.trigger_problems(loc, eid, trigger)
            if reasons:
                never.add(eid)
                for where, why in reasons:
                    self.r.error(where, f"event {eid!r} can never fire: {why}")
        return never

    def trigger_problems(self, loc: Loc, eid: str, t: Table) -> list[tuple[Loc, str]]:
        out: list[tuple[Loc, str]] = []
        start, end = self.start, self.deadline
        kind = t.get("kind")
        if kind == "date":
            when = t.get("date")
            if _is_date(when) and start and end:
                if when > end:
                    out.append((loc + ("date",), f"its date {when} is after the deadline {end}"))
                elif when < start:
                    out.append((loc + ("date",), f"its date {when} is before the start {start}"))
            return out
        w0, w1 = t.get("start"), t.get("end")
        w0 = w0 if _is_date(w0) else None
        w1 = w1 if _is_date(w1) else None
        if w0 and w1 and w0 > w1:
            out.append((loc + ("end",), f"its window ends ({w1}) before it starts ({w0})"))
        elif w0 and end and w0 > end:
            out.append((loc + ("start",), f"its window starts {w0}, after the deadline {end}"))
        elif w1 and start and w1 < start:
            out.append((loc + ("end",), f"its window ends {w1}, before the start {start}"))
        else:
            self.in_scenario(loc + ("start",), w0, "window start")
            self.in_scenario(loc + ("end",), w1, "window end")
        if kind == "chance":
            p = t.get("probability")
            if isinstance(p, int | float) and not isinstance(p, bool) and p <= 0:
                out.append((loc + ("probability",), "its probability is 0"))
        if kind == "condition":
            last = min(x for x in (w1, end) if x) if (w1 or end) else None
            for j, cond in tables(t, "all"):
                why = self.condition_problem(loc + ("all", j), eid, cond, last)
                if why:
                    out.append(why)
        return out

    def condition_problem(
        self, loc: Loc, eid: str, c: Table, last: dt.date | None
    ) -> tuple[Loc, str] | None:
        kind, value = c.get("kind"), c.get("value")
        if kind in ("site_status", "people_below"):
            if not self.ref(loc + ("site",), "site", c.get("site"), self.sites):
                return None
        if kind == "people_below" and value == 0:
            return loc + ("value",), "no site can hold fewer than 0 people"
        if kind == "relations_below" and isinstance(value, int | float) and value <= 0:
            return loc + ("value",), "relations cannot fall below 0"
        if kind == "relations_above" and isinstance(value, int | float) and value >= 100:
            return loc + ("value",), "relations cannot rise above 100"
        if kind == "after" and _is_date(c.get("date")) and last and c["date"] > last:
            return loc + ("date",), f"it waits for {c['date']}, after {last}"
        if kind == "flag" and c.get("value", True) is True:
            flag = c.get("flag")
            if isinstance(flag, str) and flag not in self.flags_set:
                return loc + ("flag",), f"no effect ever sets flag {flag!r}"
        if kind == "event_fired":
            other = c.get("event")
            if not isinstance(other, str):
                return None
            if other == eid:
                return loc + ("event",), "it waits for itself"
            if other not in self.events:
                hint = suggest(other, self.events)
                return loc + ("event",), f"it waits for unknown event {other!r}{hint}"
            choice = c.get("choice")
            choices = {ch.get("id") for _, ch in tables(self.events[other], "choices")}
            if isinstance(choice, str) and choice not in choices:
                hint = suggest(choice, [x for x in choices if isinstance(x, str)])
                return loc + ("choice",), f"event {other!r} has no choice {choice!r}{hint}"
        return None

    def check_waits(self, never: set[str]) -> None:
        """An event that waits for an event that can never fire can never fire either."""
        changed = True
        while changed:
            changed = False
            for i, event in tables(self.sc, "events"):
                # Named as check_triggers names it, so an event without an id is the same "#n" there.
                eid, t = event.get("id", f"#{i + 1}"), event.get("trigger")
                if eid in never or not isinstance(t, dict) or t.get("kind") != "condition":
                    continue
                for j, cond in tables(t, "all"):
                    other = cond.get("event")
                    if cond.get("kind") == "event_fired" and other in never and other != eid:
                        never.add(eid)
                        changed = True
                        self.r.error(
                            ("events", i, "trigger", "all", j, "event"),
                            f"event {eid!r} can never fire: it waits for event {other!r}, "
                            "which can never fire",
                        )
                        break

    def check_effect(self, loc: Loc, e: Table) -> None:
        kind = e.get("kind")
        for key, what, known in (
            ("site", "site", self.sites),
            ("route", "route", self.routes),
            ("contingent", "contingent", self.contingents),
            ("aircraft", "aircraft type", self.aircraft),
        ):
            if key in e and not (kind == "aircraft" and key == "site"):
                self.ref(loc + (key,), what, e[key], known)
        if kind == "pressure":
            self.ref(loc + ("region",), "region", e.get("region"), self.regions)
        if kind == "force_arrival":
            forces = set(ids(self.sc, "forces")) | {"army", "armed"}
            self.ref(loc + ("force",), "force", e.get("force"), forces)
        if kind == "target_date":
            self.target_date(loc + ("date",), e.get("date"))
        if kind == "add_condition" and isinstance(e.get("condition"), dict):
            self.regions_of(loc + ("condition", "regions"), e["condition"].get("regions"))
        if kind == "remove_condition" and isinstance(e.get("id"), str):
            if e["id"] not in self.host_conditions:
                hint = suggest(e["id"], self.host_conditions)
                self.r.warning(
                    loc + ("id",),
                    f"no host condition {e['id']!r} is ever in force; this removes nothing{hint}",
                )


def check_scenario(
    sc: Table, theatre: Table | None, report: Report, theatre_report: Report | None = None
) -> None:
    """Check a parsed scenario against its parsed theatre (None when it could not be read).
    Problems about the theatre's own lines go to `theatre_report`."""
    _Scenario(sc, theatre, report).check()
    if theatre_report is not None and theatre is not None:
        _Scenario(sc, theatre, theatre_report).check_theatre_garrisons()


def check_world(
    world: World, spath: Path, stext: str, tpath: Path, ttext: str, theatre: Theatre | None = None
) -> list[Problem]:
    """Every meaning problem of a loaded scenario and its theatre file (errors and warnings);
    `theatre` is the file's own map when the scenario changes it (world.theatre is the merged one)."""
    sreport, treport = Report(spath, stext), Report(tpath, ttext)
    tdata = (theatre or world.theatre).model_dump()
    check_theatre(tdata, treport)
    check_scenario(world.scenario.model_dump(exclude_unset=True), tdata, sreport, treport)
    return sorted(sreport.problems + treport.problems)
