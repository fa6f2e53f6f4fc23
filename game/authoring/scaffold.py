"""`drawdown new scenario NAME`: a valid, commented scenario to start from.

The scaffold plays on the bundled `sandbox` theatre (which never changes shape) and shows every
kind of event trigger, condition, effect and host condition once; a test checks that it validates,
plays to the end and covers every kind the models know.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from string import Template

from .. import files


class ScaffoldError(Exception):
    """The scaffold cannot be written (exists, bad name, unwritable folder)."""


def scaffold_path(name: str) -> Path:
    """NAME → NAME.toml in the current folder; a name with a '/' or ending in .toml is a path."""
    if not name or name.strip() != name:
        raise ScaffoldError(f"bad name {name!r}")
    path = Path(name)
    if "/" in name or os.sep in name or name.endswith(".toml"):
        return path if path.suffix == ".toml" else path.with_name(path.name + ".toml")
    return Path(f"{name}.toml")


def scenario_id(path: Path) -> str:
    """A valid id from a file name: lowercase, letters, digits, '-' and '_'."""
    stem = re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-_")
    return (stem or "my-scenario")[:64]


def scaffold_text(sid: str, title: str | None = None) -> str:
    title = title or sid.replace("-", " ").replace("_", " ").capitalize()
    return TEMPLATE.substitute(id=sid, title=title.replace('"', "'"))


def write_scaffold(path: Path, force: bool = False) -> None:
    if files.exists(path) and not force:
        raise ScaffoldError(f"{path} already exists (use --force to overwrite it)")
    if files.is_dir(path):
        raise ScaffoldError(f"{path} is a folder")
    if not files.is_dir(path.parent):
        raise ScaffoldError(f"folder {path.parent} does not exist")
    try:
        files.write_file(path, scaffold_text(scenario_id(path)).encode("utf-8"))
    except files.WriteProblem as err:
        raise ScaffoldError(str(err)) from None


TEMPLATE = Template(
    """\
# A new Drawdown scenario. Check it with `drawdown validate THIS_FILE`, try it with
# `drawdown play THIS_FILE`, and see how hard it is with
# `drawdown sim THIS_FILE --policy cautious --runs 50`.
# Every key is described in docs/reference.md; `drawdown schema scenario > scenario.schema.json`
# gives your editor the same reference (put `#:schema ./scenario.schema.json` on the first line).
# Everything below is a game assumption until you give it a source.

id = "$id"                          # lowercase letters, digits, '-' and '_'
title = "$title"
summary = "One line for the scenario list."
theatre = "sandbox"                 # a bundled theatre id, or a path like "../theatres/mine.toml"
start = 2023-08-01                  # dates are TOML dates: no quotes
deadline = 2023-08-31               # the game ends here, or when everyone has left
turn_days = 1
goal = "withdraw"                   # withdraw | sustain
difficulty = "easy"                 # tutorial | easy | normal | hard

# ---------------------------------------------------------------- who is there
# Every contingent named in a site's garrison (here or in the theatre) must be listed.

[[contingents]]
id = "burkina"
name = "Burkinabè company"
kind = "troops"                     # troops | police | civilians
country = "Burkina Faso"

[[contingents]]
id = "civilians"
name = "Mission civilians"
kind = "civilians"

# ---------------------------------------------------------------- the sites in this scenario
# Sites come from the theatre (sandbox: ber, timbuktu, gao, labbezanga); list one here to change
# how it starts. Keys you leave out keep the theatre's values.

[[sites]]
id = "ber"
garrison = { burkina = 150, civilians = 10 }
stocks = { containers = 30, vehicles = 25, sensitive = 4 }
trucks = 20                         # contracted trucks at the camp at the start
target_date = 2023-08-18            # close the camp by this date (must be before the deadline)
min_garrison = 50                   # below this the camp is thinly held and may be seized

[[sites]]
id = "timbuktu"
target_date = 2023-08-31
min_garrison = 30

# A site that stays open after the others close (a liquidation or rear site) has no target date;
# `keeps` people stay there past the deadline, and the game ends once everyone else has left.
[[sites]]
id = "gao"
stays_open = true
keeps = 10

# ---------------------------------------------------------------- what the mission has

[assets]
truck_capacity = 1                  # containers per truck
pax_per_vehicle = 6
escort_light = 20                   # troops with a convoy for a light escort
escort_heavy = 60
qrf = 1                             # quick-reaction forces to reinforce a site
qrf_days = 5

[[assets.aircraft]]
id = "c130"
name = "C-130 transport"
kind = "plane"                      # plane | helicopter
count = 1
pax = 80
cargo = 4
strategic = true                    # can fly people home from an air exit (Gao)

# ---------------------------------------------------------------- the host government

[host]
name = "transitional government"
relations = 50                      # 0-100; approvals get likelier as it rises
lead_days = 2                       # days from a request to its answer
validity_days = 4                   # days an authorization stays valid
approve = 0.7                       # chance of approval at relations 50

# Standing conditions: one of each kind that can be in force from the start.
[[host.conditions]]
kind = "extra_lead"
id = "note-verbale"
days = 1
description = "every request goes by note verbale through the foreign ministry"

[[host.conditions]]
kind = "approval_penalty"
id = "cautious-ministry"
amount = 0.05
applies_to = "flight"               # movement | flight | all
description = "flights are approved a little less often"

[[armed_groups]]
id = "jnim"
name = "JNIM"
pressure = { Timbuktu = 0.4, Gao = 0.2 }   # by theatre region, 0 to 1

# The race for the camps: when the host's army (which receives handovers) and the armed groups
# (who seize camps left empty) are expected at each site. Unlisted sites keep standard estimates.
[[forces]]
id = "army"
name = "the host's army"
side = "army"                       # army | armed
arrivals = { ber = 2023-08-14 }     # a date, or "never"

[[forces]]
id = "coalition"
name = "the armed coalition"
side = "armed"
arrivals = { ber = 2023-08-20 }

# ---------------------------------------------------------------- events
# An event has a trigger (kind = "date", "chance" or "condition"), effects applied when it fires,
# and optional choices for the player (the default applies if the player does not answer).

# Trigger: on a date. Effects: site_threat, pressure, message. Choices: target_date,
# relations, force_arrival, set_flag, trucks. An event with a site stops once that site is closed.
[[events]]
id = "clashes-near-ber"
site = "ber"
title = "Fighting near Ber"
text = "Government forces and an armed coalition clash around Ber."
trigger = { kind = "date", date = 2023-08-06 }
effects = [
  { kind = "site_threat", site = "ber", delta = 0.1 },
  { kind = "pressure", region = "Timbuktu", delta = 0.1 },
  { kind = "message", text = "Staying means more exposure; leaving early means less time to pack." },
]
default = "hold"
hint = "Leaving early costs containers; staying costs risk."

[[events.choices]]
id = "leave-early"
label = "Bring the departure forward"
effects = [
  { kind = "target_date", site = "ber", date = 2023-08-14 },
  { kind = "relations", delta = 3 },
  { kind = "force_arrival", site = "ber", force = "coalition", days = -3 },
]

[[events.choices]]
id = "hold"
label = "Hold to the plan and ask for more trucks"
effects = [
  { kind = "set_flag", flag = "held-ber" },
  { kind = "trucks", site = "timbuktu", delta = 5 },
]

# Trigger: a daily chance within a window. Effects: block_route, civilian_casualties.
[[events]]
id = "blockade"
title = "Blockade of the Timbuktu road"
text = "Armed groups announce a blockade: the road to Gao closes for a few days."
trigger = { kind = "chance", probability = 0.1, start = 2023-08-08, end = 2023-08-20 }
effects = [
  { kind = "block_route", route = "timbuktu-gao", days = 4 },
  { kind = "civilian_casualties", killed = 0, wounded = 2 },
]

# Trigger: conditions (all must hold). Conditions: after, site_status.
# Effects: unblock_route, qrf.
[[events]]
id = "road-reopens"
title = "The road reopens"
text = "Local mediation lifts the blockade."
trigger = { kind = "condition", all = [
  { kind = "after", date = 2023-08-15 },
  { kind = "site_status", site = "gao", status = "open" },
] }
effects = [
  { kind = "unblock_route", route = "timbuktu-gao" },
  { kind = "qrf", delta = 1 },
]

# Conditions: relations_below. Effects: add_condition (freeze_movement), deny_pending.
[[events]]
id = "host-angry"
title = "The government freezes movement"
text = "Relations have fallen: the government freezes movement to the north and refuses pending requests."
trigger = { kind = "condition", all = [ { kind = "relations_below", value = 35 } ] }
effects = [
  { kind = "add_condition", condition = { kind = "freeze_movement", id = "north-freeze", regions = ["Timbuktu"], description = "no convoys to or from Timbuktu" } },
  { kind = "deny_pending", applies_to = "movement" },
]

# Conditions: event_fired, relations_above. Effects: remove_condition, add_condition
# (deny_flights).
[[events]]
id = "host-calms"
title = "The freeze is lifted"
text = "After talks the freeze is lifted, but flights north now need special clearance."
trigger = { kind = "condition", all = [
  { kind = "event_fired", event = "host-angry" },
  { kind = "relations_above", value = 45 },
] }
effects = [
  { kind = "remove_condition", id = "north-freeze" },
  { kind = "add_condition", condition = { kind = "deny_flights", id = "no-north-flights", regions = ["Timbuktu"], description = "no flights to Timbuktu" } },
]

# Conditions: flag. Effects: arrivals, aircraft, clear_flag.
[[events]]
id = "relief-flight"
title = "Relief for the Ber garrison"
text = "Because you held Ber, a relief platoon flies in and an extra helicopter sortie is granted."
trigger = { kind = "condition", all = [ { kind = "flag", flag = "held-ber" } ] }
effects = [
  { kind = "arrivals", site = "gao", contingent = "burkina", count = 20 },
  { kind = "aircraft", aircraft = "c130", delta = 1 },
  { kind = "clear_flag", flag = "held-ber" },
]

# Conditions: people_below. Effects: casualties, contractor_casualties, contingent_leaves.
[[events]]
id = "thin-line"
title = "A thin line at Ber"
text = "The camp is thinly held; an attack wounds several, a contracted driver among them, and some civilians are sent home."
trigger = { kind = "condition", all = [ { kind = "people_below", site = "ber", value = 60 } ], end = 2023-08-25 }
effects = [
  { kind = "casualties", site = "ber", killed = 0, wounded = 3 },
  { kind = "contractor_casualties", killed = 0, wounded = 1 },
  { kind = "contingent_leaves", contingent = "civilians", count = 5 },
]

# Conditions: unauthorized_moves_at_least, and "any of" (at least one must hold). Effects: relations.
[[events]]
id = "protest-note"
title = "A note of protest"
text = "The foreign ministry protests your unauthorized movements, or the tone of your meetings."
trigger = { kind = "condition", any = [
  { kind = "unauthorized_moves_at_least", value = 1 },
  { kind = "relations_below", value = 30 },
] }
effects = [ { kind = "relations", delta = -5 } ]

# Effects: site_looted. A camp left or handed over is looted afterwards: what the mission still
# held there is lost; what it handed over is the host's loss (reported, not held against you).
# (No `site = "ber"` on this event: an event about a site stops once the site has closed.)
[[events]]
id = "ber-looted"
title = "Ber looted"
text = "A week after the mission leaves, the camp at Ber is looted and its buildings levelled."
trigger = { kind = "condition", any = [
  { kind = "site_status", site = "ber", status = "handed_over" },
  { kind = "site_status", site = "ber", status = "abandoned" },
], start = 2023-08-20 }
effects = [ { kind = "site_looted", site = "ber", share = 0.5 } ]

# ---------------------------------------------------------------- scoring and briefing

[weights]                           # how much each part of the score counts
people_out = 3
safety = 3
equipment = 2
sites_on_time = 2
handover = 1
relations = 1

[briefing]
situation = "Ber's camp must close within three weeks; the road to Timbuktu is contested."
mission = "Bring people and equipment to Gao, hand the camps over, and be done by 31 August."
constraints = "Every movement needs the government's authorization, by note verbale."

# Cite what is real: [[sources]] entries, and `source = "..."` on sites and events.
# [[sources]]
# key = "A1"
# url = "example.org/report"
# title = "A report"
"""
)
