"""The map: sites placed by latitude and longitude, roads coloured by threat, convoys on their way."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Span, Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from .. import present as p


@dataclass
class Canvas:
    width: int
    height: int

    def __post_init__(self) -> None:
        self.cells = [[(" ", "")] * self.width for _ in range(self.height)]

    def put(self, x: int, y: int, ch: str, style: str = "", *, over: bool = True) -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
            if over or self.cells[y][x][0] == " ":
                self.cells[y][x] = (ch, style)

    def text(self) -> Text:
        """The canvas as one Text: a span per run of equally styled cells, not per cell (a
        per-cell append was most of the map's redraw on each new day)."""
        chars: list[str] = []
        spans: list[Span] = []
        pos = 0
        for i, row in enumerate(self.cells):
            if i:
                chars.append("\n")
                pos += 1
            run_start, run_style = pos, ""
            for ch, style in row:
                if style != run_style:
                    if run_style and pos > run_start:
                        spans.append(Span(run_start, pos, run_style))
                    run_start, run_style = pos, style
                chars.append(ch)
                pos += len(ch)
            if run_style and pos > run_start:
                spans.append(Span(run_start, pos, run_style))
        return Text("".join(chars), no_wrap=True, overflow="crop", spans=spans)


def line_char(dx: int, dy: int) -> str:
    if dy == 0:
        return "─"
    if dx == 0:
        return "│"
    slope = dy / dx
    if abs(slope) < 0.4:
        return "─"
    if abs(slope) > 2.5:
        return "│"
    return "╲" if slope > 0 else "╱"


def segment(x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int]]:
    """Cells of a straight line (Bresenham), ends included."""
    cells = []
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    while True:
        cells.append((x0, y0))
        if x0 == x1 and y0 == y1:
            return cells
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x0 += sx
        if e2 <= dx:
            err += dx
            y0 += sy


def place_labels(marks: dict, width: int, height: int) -> list[tuple[tuple[int, int], str, str]]:
    """Labels that do not overlap each other or any marker: the busiest sites are placed first, each
    to the right, left, above or below its marker, shortened if needed, left out if nothing fits."""
    taken: set[tuple[int, int]] = set(marks)
    placed = []
    order = sorted(
        marks.items(), key=lambda kv: (-(kv[1][1].headcount if kv[1][1] else 0), kv[1][0].id)
    )
    for (x, y), (site, state) in order:
        name = site.name.split(" ")[0].split("/")[0]
        count = f" {state.headcount}" if state and state.headcount else ""
        style = "bold" if count else "dim"
        for text in (name + count, name, name[:3]):
            n = len(text)
            spots = [(x + 2, y), (x - 1 - n, y), (x - n // 2, y - 1), (x - n // 2, y + 1)]
            for lx, ly in spots:
                cells = [(lx + i, ly) for i in range(n)]
                pad = {(lx - 1, ly), (lx + n, ly)}
                if lx < 0 or lx + n > width or not 0 <= ly < height:
                    continue
                if taken.isdisjoint(cells) and taken.isdisjoint(pad - set(marks)):
                    taken.update(cells)
                    placed.append(((lx, ly), text, style))
                    break
            else:
                continue
            break
    return placed


class MapView(Widget, can_focus=True):
    """Sites as markers coloured by status, roads as lines coloured by threat, convoys as ▶."""

    DEFAULT_CSS = """
    MapView { border: round $primary 50%; border-title-color: $text; min-height: 8; }
    MapView:focus { border: round $accent; }
    """

    # No repaint on every new day: watch_game repaints only when the drawing changed.
    game = reactive(None, always_update=True, repaint=False)
    fog = False  # fog of war: roads coloured by the intelligence estimate, not the true threat

    class SiteClicked(Message):
        def __init__(self, site: str) -> None:
            super().__init__()
            self.site = site

    def on_mount(self) -> None:
        self.border_title = "Map"
        self.border_subtitle = "●open ◐closing ○handed ✖seized ▶convoy"
        self._positions: dict[str, tuple[int, int]] = {}
        self._drawn: tuple[int, int, Text] | None = None  # width, height and the drawing

    def watch_game(self) -> None:
        # (setting the border's subtitle repaints too, even to the same text: it is set once)
        if self._drawn is None:
            self.refresh()
            return
        width, height, before = self._drawn
        if (width, height) != (self.content_size.width, self.content_size.height):
            self.refresh()
            return
        self._drawn = None
        if self.render() != before:  # most days nothing on the map moves: no repaint then
            self.refresh()

    def project(self, width: int, height: int) -> dict[str, tuple[int, int]]:
        """Each site's cell: longitude → x, latitude → y (north up), keeping the aspect."""
        sites = self.game.world.theatre.sites
        lats = [s.lat for s in sites]
        lons = [s.lon for s in sites]
        lat0, lat1 = min(lats), max(lats)
        lon0, lon1 = min(lons), max(lons)
        span_x = max(lon1 - lon0, 1e-6)
        span_y = max(lat1 - lat0, 1e-6)
        margin_x, margin_y = 2, 1
        usable_w = max(1, width - 2 * margin_x - 1)
        usable_h = max(1, height - 2 * margin_y - 1)
        # a terminal cell is about twice as tall as wide: keep degrees square on screen
        scale = min(usable_w / span_x, usable_h * 2 / span_y)
        used_w, used_h = span_x * scale, span_y * scale / 2
        off_x = margin_x + (usable_w - used_w) / 2
        off_y = margin_y + (usable_h - used_h) / 2
        return {
            s.id: (
                round(off_x + (s.lon - lon0) * scale),
                round(off_y + (lat1 - s.lat) * scale / 2),
            )
            for s in sites
        }

    def render(self) -> Text:
        game = self.game
        width, height = self.content_size.width, self.content_size.height
        if game is None or width < 4 or height < 3:
            return Text("")
        drawn = self._drawn
        if drawn is not None and drawn[:2] == (width, height):
            return drawn[2]
        text = self.draw(game, width, height)
        self._drawn = (width, height, text)
        return text

    def draw(self, game, width: int, height: int) -> Text:
        pos = self.project(width, height)
        self._positions = pos
        canvas = Canvas(width, height)
        st = game.state
        for route in game.world.theatre.routes:
            if route.a not in pos or route.b not in pos:
                continue
            threat = max(
                (ied + ambush for ied, ambush in game.road_threat(route.id, estimate=self.fog)),
                default=0.0,
            )
            blocked = st.blocked.get(route.id, -1) >= st.day
            style = "bold red" if blocked else p.threat_style(threat / 2)
            (x0, y0), (x1, y1) = pos[route.a], pos[route.b]
            ch = "x" if blocked else line_char(x1 - x0, y1 - y0)
            cells = segment(x0, y0, x1, y1)
            for x, y in cells[1:-1]:
                canvas.put(x, y, ch, style)
            hot = [i for i, s in enumerate(route.stretches) if s.hotspot]
            total_km = route.km or 1
            for i in hot:
                km_mid = sum(s.km for s in route.stretches[:i]) + route.stretches[i].km / 2
                x, y = cells[min(len(cells) - 1, round(km_mid / total_km * (len(cells) - 1)))]
                canvas.put(x, y, "!", "bold red")
        marks = {}
        for site in game.world.theatre.sites:
            if site.id in pos:
                state = st.sites.get(site.id)
                marks[pos[site.id]] = (site, state)
        for (lx, ly), text, style in place_labels(marks, width, height):
            for i, ch in enumerate(text):
                canvas.put(lx + i, ly, ch, style)
        for convoy in st.convoys:
            spot = self.convoy_cell(convoy, pos)
            if spot:
                canvas.put(
                    *spot, "▶", "bold reverse" if convoy.authorized else "bold magenta reverse"
                )
        for (x, y), (_site, state) in marks.items():
            status = state.status if state else "open"
            canvas.put(x, y, p.glyph_status(status), p.STATUS_STYLE[status])
        for flight in st.flights:
            end = pos.get(flight.destination) or pos.get(flight.origin)
            if end:
                canvas.put(end[0], max(0, end[1] - 1), "✈", "bold")
        return canvas.text()

    def convoy_cell(self, convoy, pos) -> tuple[int, int] | None:
        """Where a convoy is along its routes, by the share of its travel days done."""
        routes = self.game.routes
        here = convoy.origin
        legs = []
        for rid in convoy.routes:
            r = routes.get(rid)
            if r is None:
                return None
            there = r.b if r.a == here else r.a
            legs.append((here, there, r.days))
            here = there
        total = sum(d for *_, d in legs) or 1
        share = min(1.0, (convoy.progress + 0.5) / max(1, convoy.travel_days)) * total
        for a, b, days in legs:
            if share <= days and a in pos and b in pos:
                f = share / days
                (x0, y0), (x1, y1) = pos[a], pos[b]
                return round(x0 + (x1 - x0) * f), round(y0 + (y1 - y0) * f)
            share -= days
        return pos.get(convoy.destination)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        best = min(
            self._positions.items(),
            key=lambda kv: abs(kv[1][0] - offset.x) + 2 * abs(kv[1][1] - offset.y),
            default=None,
        )
        if best and abs(best[1][0] - offset.x) + 2 * abs(best[1][1] - offset.y) <= 8:
            self.post_message(self.SiteClicked(best[0]))
