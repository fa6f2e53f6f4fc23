"""How the game's state reads on screen: dates, statuses, cargo and request lines (pure functions)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..model.orders import RequestFlight, RequestMovement

if TYPE_CHECKING:
    from ..engine import Game
    from ..model.quote import Quote
    from ..model.state import Cargo, Request, SiteState

STATUS_STYLE = {
    "open": "green",
    "drawing_down": "yellow",
    "handed_over": "cyan",
    "abandoned": "bright_black",
    "seized": "bold red",
}
STATUS_WORD = {
    "open": "open",
    "drawing_down": "drawing down",
    "handed_over": "handed over",
    "abandoned": "abandoned",
    "seized": "SEIZED",
}
# The same in a word that fits the sites table's Status column (the glyph before it says it too;
# "+QRF" replaces it while a quick-reaction force is there).
STATUS_SHORT = {
    "open": "open",
    "drawing_down": "closing",
    "handed_over": "handed",
    "abandoned": "empty",
    "seized": "SEIZED",
}
LOG_STYLE = {
    "order": "",
    "refused": "magenta",
    "host": "cyan",
    "move": "green",
    "incident": "bold red",
    "security": "red",
    "event": "bold yellow",
    "choice": "yellow",
    "deadline": "bold",
    "info": "bright_black",
}
KINDS = ("containers", "vehicles", "sensitive")


def long_date(d: dt.date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def figure_words(dotted: str) -> str:
    """A summary figure's dotted path in words: "sites.handed_over" → "Sites handed over"."""
    return dotted.replace(".", " ").replace("_", " ").capitalize()


def short_date(d: dt.date | None) -> str:
    return "—" if d is None else f"{d.day} {d:%b}"


def date_of(game: Game, day: int) -> dt.date:
    return game.date_of(day)


def site_name(game: Game, site_id: str) -> str:
    return game.name(site_id)


def threat_style(p: float) -> str:
    """Colour for a chance of trouble: green, yellow, red."""
    if p >= 0.15:
        return "bold red"
    if p >= 0.06:
        return "yellow"
    return "green"


def people_total(game: Game) -> int:
    led = game.state.ledger
    return led.initial_people + led.arrived


def equipment_out(game: Game) -> tuple[int, int]:
    led = game.state.ledger
    total = sum(led.initial.get(k, 0) for k in KINDS)
    out = sum(getattr(led, k).repatriated for k in KINDS)
    return out, total


def next_closure(game: Game) -> SiteState | None:
    """The open site with the nearest target closure date, or None."""
    open_sites = [
        s
        for s in game.state.sites.values()
        if s.closable and not s.closed and s.target_date is not None
    ]
    return min(open_sites, key=lambda s: (s.target_date, s.id), default=None)


def cargo_words(cargo: Cargo) -> str:
    parts = []
    if cargo.headcount:
        parts.append(f"{cargo.headcount} people")
    for kind in KINDS:
        n = getattr(cargo, kind)
        if n:
            parts.append(f"{n} {kind}")
    if cargo.trucks:
        parts.append(f"{cargo.trucks} trucks")
    return ", ".join(parts) or "empty"


def order_cargo_words(order: RequestMovement | RequestFlight) -> str:
    """What a stored request carries, in words (a convoy's vehicles and trucks, a flight's sorties)."""
    convoy = order if isinstance(order, RequestMovement) else None
    counts = (
        ("people", order.people),
        ("containers", order.containers),
        ("vehicles", convoy.vehicles if convoy else 0),
        ("sensitive", order.sensitive),
        ("trucks", convoy.trucks if convoy else 0),
    )
    parts = [f"{n} {key}" for key, n in counts if n]
    if isinstance(order, RequestFlight):
        parts.append(f"{order.sorties} sortie(s) of {order.aircraft}")
    return ", ".join(parts) or "nothing"


def request_route(game: Game, req: Request) -> str:
    o = req.order
    return f"{site_name(game, o.origin)} → {site_name(game, o.destination)}"


def request_detail(game: Game, req: Request) -> str:
    """What a request's status means for the player, in words."""
    day = game.state.day
    if req.status in ("pending", "delayed"):
        what = "waiting" if req.status == "pending" else "delayed"
        text = f"{what}; answer due {short_date(game.answer_date(req.id))}"
        usable = game.usable_from(req.id)
        if usable is not None and usable != game.answer_date(req.id):
            text += f", usable from {short_date(usable)} if approved"
        if req.pressed:
            text += f" (pressed {req.pressed}×)"
        return text
    if req.status == "approved":
        start, end = date_of(game, req.valid_from), date_of(game, req.valid_until)
        if day < req.valid_from:
            text = f"usable {short_date(start)}–{short_date(end)}"
        elif day <= req.valid_until:
            left = req.valid_until - day
            text = (
                f"usable now, until {short_date(end)} ({left} day{'s' if left != 1 else ''} left)"
                if left
                else f"usable today only (last day {short_date(end)})"
            )
        else:
            text = f"lapsed {short_date(end)}"
        # the engine words its conditions once; older saves may lack a word for a limit
        extras = list(req.conditions)
        if req.max_trucks is not None and not any("trucks" in c for c in extras):
            extras.append(f"at most {req.max_trucks} trucks")
        if req.no_sensitive and not any("sensitive" in c for c in extras):
            extras.append("no sensitive equipment")
        return text + ("; " + "; ".join(extras) if extras else "")
    if req.status == "denied":
        return f"refused: {req.reason}" if req.reason else "refused"
    return req.reason or req.status


def request_dispatchable(game: Game, req: Request) -> bool:
    """Can it go now with its authorization? (the engine's answer)"""
    return game.check({"kind": "dispatch", "request": req.id}).ok


def open_requests(game: Game) -> list[Request]:
    """Requests that can still be dispatched, pressed or cancelled."""
    return [r for r in game.state.requests.values() if r.status not in ("used", "cancelled")]


def mission_sites(game: Game) -> list[str]:
    """Sites where the mission still has something (what orders can act on)."""
    return [
        sid
        for sid, s in game.state.sites.items()
        if s.status not in ("handed_over", "seized", "abandoned") or s.headcount
    ]


def relations_word(value: float) -> str:
    if value >= 60:
        return "good"
    if value >= 40:
        return "strained"
    if value >= 20:
        return "poor"
    return "hostile"


def glyph_status(status: str) -> str:
    return {"open": "●", "drawing_down": "◐", "handed_over": "○", "abandoned": "·", "seized": "✖"}[
        status
    ]


CAPACITY_WORDS = {
    "escort_troops": "escort troops",
    "seats": "seats",
    "trucks": "trucks",
    "loads": "loads",
    "sorties": "sortie(s)",
    "landings": "landing(s)",
}


def is_move(quote: Quote) -> bool:
    """A convoy or a flight (the quote carries odds on the road or in the air)."""
    return quote.ied is not None or quote.fired_on is not None or quote.travel_days > 0


def quote_costs(quote: Quote) -> str:
    """What an order uses and what is at stake, all from the engine's quote: capacity; for a
    move the expected killed and wounded, containers and items at risk and days; relations with
    the host and the contributing countries' goodwill."""
    parts = []
    used = ", ".join(f"{n} {CAPACITY_WORDS.get(k, k)}" for k, n in quote.capacity.items() if n)
    if used:
        parts.append(f"uses {used}")
    if is_move(quote):
        parts.append(
            f"expected {quote.expected_killed:.1f} killed, {quote.expected_wounded:.1f} wounded"
        )
        parts.append(f"{quote.expected_loads_lost:.1f} containers/items at risk")
        days = quote.expected_days or quote.travel_days
        if days:
            parts.append(f"about {days:.1f} days")
    elif quote.expected_loads_lost >= 0.05:
        parts.append(f"expected {quote.expected_loads_lost:.1f} loads lost")
    parts.append(
        f"relations {quote.relations:+.1f}" if round(quote.relations, 1) else "no cost in relations"
    )
    if round(quote.contributors, 1):
        parts.append(f"contributors' goodwill {quote.contributors:+.1f}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]
