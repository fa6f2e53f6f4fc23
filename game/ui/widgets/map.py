"""The map: the scenario's sites placed by latitude and longitude, with their airfields, exits and
the forces at each camp; roads coloured by threat, blocked roads, and convoys and flights on their
way. Labels never overlap each other or a mark. `legend_markdown` explains every mark (help, `?`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from .. import present as p

if TYPE_CHECKING:
    from ...engine import Game
    from ...model.content import Site
    from ...model.state import Convoy, SiteState

Cell = tuple[int, int]


# --------------------------------------------------------------------------- the marks


@dataclass(frozen=True)
class Mark:
    """One kind of mark on the map: its character, its style and what it means (the legend)."""

    char: str
    style: str
    meaning: str


STATUS_MARKS = {
    status: Mark(p.glyph_status(status), p.STATUS_STYLE[status], f"site {p.STATUS_WORD[status]}")
    for status in ("open", "drawing_down", "handed_over", "abandoned", "seized")
}
RUNWAY = Mark("≡", "bold", "runway beside the site (planes and helicopters land)")
HELIPAD = Mark("H", "bold", "helicopter pad beside the site (helicopters only)")
EXIT = Mark("»", "bold cyan", "a way out of the country: flights home or a border crossing")
ARMY = Mark("▲", "bold green", "the host's army at the camp, or close enough to receive it")
ARMED = Mark("▼", "bold red", "armed groups at the camp")
CONVOY = Mark("▶", "bold reverse", "a convoy on the road")
CONVOY_UNAUTHORIZED = Mark("▶", "bold magenta reverse", "a convoy moving without authorization")
FLIGHT = Mark("✈", "bold", "a flight in the air, over the airfield it flies to")
BLOCKED = Mark("x", "bold red", "a blocked road")
HOTSPOT = Mark("!", "bold red", "a documented hotspot on the road")

LEGEND: tuple[Mark, ...] = (
    *STATUS_MARKS.values(),
    RUNWAY,
    HELIPAD,
    EXIT,
    ARMY,
    ARMED,
    CONVOY,
    CONVOY_UNAUTHORIZED,
    FLIGHT,
    BLOCKED,
    HOTSPOT,
)


def legend_markdown() -> str:
    """The map's legend, for the help screen: every mark and what it means."""
    lines = ["# The map", "", "| Mark | Meaning |", "|---|---|"]
    lines += [f"| `{m.char}` | {m.meaning} |" for m in LEGEND]
    lines += [
        "| `─ │ ╱ ╲` | a road, coloured by its threat today: green low, yellow some, red high "
        "(with fog of war, as your intelligence sees it) |",
        "",
        "Each site's label is its name and the people there. Airfield and exit marks stand to the "
        "right of the site's mark, the army and armed groups to its left. `m` shows the map over "
        "the whole screen; click a site to select it.",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the layout


@dataclass(frozen=True)
class Label:
    x: int
    y: int
    text: str
    style: str

    @property
    def cells(self) -> list[Cell]:
        return [(self.x + i, self.y) for i in range(len(self.text))]


@dataclass
class Layout:
    """Where everything goes at one size: each site's cell, every mark and every label."""

    width: int
    height: int
    sites: dict[str, Cell] = field(default_factory=dict)
    marks: dict[Cell, Mark] = field(default_factory=dict)
    labels: list[Label] = field(default_factory=list)

    def mark(self, cell: Cell, mark: Mark) -> bool:
        """Put a mark where nothing is marked yet (inside the map); True if it was put."""
        x, y = cell
        if 0 <= x < self.width and 0 <= y < self.height and cell not in self.marks:
            self.marks[cell] = mark
            return True
        return False


def project(sites: Iterable[Site], width: int, height: int) -> dict[str, Cell]:
    """Each site's cell: longitude → x, latitude → y (north up), keeping the aspect."""
    sites = list(sites)
    lats = [s.lat for s in sites]
    lons = [s.lon for s in sites]
    lat0, lat1 = min(lats), max(lats)
    lon0, lon1 = min(lons), max(lons)
    span_x = max(lon1 - lon0, 1e-6)
    span_y = max(lat1 - lat0, 1e-6)
    margin_x, margin_y = 3, 1  # room for the forces' marks left of a site, and a label row
    usable_w = max(1, width - 2 * margin_x - 1)
    usable_h = max(1, height - 2 * margin_y - 1)
    # a terminal cell is about twice as tall as wide: keep degrees square on screen
    scale = min(usable_w / span_x, usable_h * 2 / span_y)
    used_w, used_h = span_x * scale, span_y * scale / 2
    off_x = margin_x + (usable_w - used_w) / 2
    off_y = margin_y + (usable_h - used_h) / 2
    return {
        s.id: (round(off_x + (s.lon - lon0) * scale), round(off_y + (lat1 - s.lat) * scale / 2))
        for s in sites
    }


def facilities(site: Site) -> list[Mark]:
    """The marks right of a site: a way out, then its airfield."""
    out = [EXIT] if site.air_exit or site.road_exit or site.kind == "exit" else []
    if site.airfield == "runway":
        out.append(RUNWAY)
    elif site.airfield == "helipad":
        out.append(HELIPAD)
    return out


def forces(game: Game, sid: str, state: SiteState | None) -> list[Mark]:
    """The marks left of a camp: the army and the armed groups, as the engine's outlook has them
    (only for a camp the race is still on for)."""
    if state is None or not state.closable or state.status in ("handed_over", "seized"):
        return []
    out = [ARMY] if game.army_close(sid) else []  # camp_outlook's, without the rest (speed)
    if game.days_away("armed", sid) == 0:
        out.append(ARMED)
    return out


def convoy_cell(game: Game, convoy: Convoy, pos: Mapping[str, Cell]) -> Cell | None:
    """Where a convoy is along its routes, by the share of its travel days done."""
    routes = game.routes
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


def label_texts(site: Site, state: SiteState | None) -> list[tuple[str, str]]:
    """A site's label, longest first: name and people, name, a shorter name, three letters."""
    name = site.name.split(" (")[0].split("/")[0].strip() or site.id
    short = name.split(" ")[0]
    count = f" {state.headcount}" if state is not None and state.headcount else ""
    style = "bold" if count else "dim"
    texts = [name + count, name, short + count, short, short[:3]]
    return [(t, style) for i, t in enumerate(texts) if t and t not in texts[:i]]


def place_labels(
    layout: Layout,
    sites: Iterable[tuple[Site, SiteState | None]],
    extent: Mapping[str, tuple[int, int]],
) -> None:
    """Labels that overlap no mark and no other label (and touch neither, but for their own
    site's marks): the busiest
    sites first, each to the right, left, above or below its marks, shortened if needed, left
    out if nothing fits. `extent` gives, per site, how far its marks reach left and right."""
    taken: set[Cell] = set(layout.marks)
    order = sorted(sites, key=lambda ss: (-(ss[1].headcount if ss[1] else 0), ss[0].id))
    for site, state in order:
        x, y = layout.sites[site.id]
        left, right = extent.get(site.id, (0, 0))
        for text, style in label_texts(site, state):
            n = len(text)
            spots = [
                (x + right + 2, y),
                (x - left - 1 - n, y),
                (x - n // 2, y - 1),
                (x - n // 2, y + 1),
            ]
            fits = [
                Label(lx, ly, text, style)
                for lx, ly in spots
                if lx >= 0 and lx + n <= layout.width and 0 <= ly < layout.height
            ]
            own = {(x + dx, y) for dx in range(-left, right + 1)}
            for label in fits:
                cells = label.cells
                pad = {(label.x - 1, label.y), (label.x + n, label.y)}
                if taken.isdisjoint(cells) and (taken - own).isdisjoint(pad):
                    taken.update(cells)
                    layout.labels.append(label)
                    break
            else:
                continue
            break


def lay_out(game: Game, width: int, height: int) -> Layout:
    """Everything on the map at this size, from the game's state and the engine's read API."""
    st = game.state
    sites = list(game.world.theatre.sites)  # the scenario's own map (use_sites, add_sites)
    layout = Layout(width, height, project(sites, width, height) if sites else {})
    extent: dict[str, tuple[int, int]] = {}
    placed: list[tuple[Site, SiteState | None]] = []
    for site in sites:  # every site's own mark first: a neighbour's marks never hide it
        state = st.sites.get(site.id)
        layout.mark(layout.sites[site.id], STATUS_MARKS[state.status if state else "open"])
    for site in sites:
        state = st.sites.get(site.id)
        x, y = layout.sites[site.id]
        right = left = 0
        for mark in facilities(site):
            if layout.mark((x + 1 + right, y), mark):
                right += 1
        for mark in forces(game, site.id, state):
            if layout.mark((x - 1 - left, y), mark):
                left += 1
        extent[site.id] = (left, right)
        placed.append((site, state))
    for convoy in st.convoys:
        spot = convoy_cell(game, convoy, layout.sites)
        if spot:
            layout.mark(spot, CONVOY if convoy.authorized else CONVOY_UNAUTHORIZED)
    for flight in st.flights:
        end = layout.sites.get(flight.destination) or layout.sites.get(flight.origin)
        if end:
            layout.mark((end[0], max(0, end[1] - 1)), FLIGHT)
    place_labels(layout, placed, extent)
    return layout


# --------------------------------------------------------------------------- drawing


Row = list[tuple[str, str]]  # a row of cells: each its character and its style


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells: list[Row] = [[(" ", "")] * width for _ in range(height)]

    def put(self, x: int, y: int, ch: str, style: str = "") -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
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


def segment(x0: int, y0: int, x1: int, y1: int) -> list[Cell]:
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


def draw_roads(canvas: Canvas, game: Game, pos: Mapping[str, Cell], fog: bool) -> None:
    """Roads coloured by threat (true, or as estimated under fog of war), blocked ones as x,
    hotspots as !."""
    for route in game.world.theatre.routes:
        if route.a not in pos or route.b not in pos:
            continue
        threat = max(
            (ied + ambush for ied, ambush in game.road_threat(route.id, estimate=fog)),
            default=0.0,
        )
        blocked = game.blocked_until(route.id) is not None
        (x0, y0), (x1, y1) = pos[route.a], pos[route.b]
        ch, style = (
            (BLOCKED.char, BLOCKED.style)
            if blocked
            else (line_char(x1 - x0, y1 - y0), p.threat_style(threat / 2))
        )
        cells = segment(x0, y0, x1, y1)
        for x, y in cells[1:-1]:
            canvas.put(x, y, ch, style)
        total_km = route.km or 1
        for i, stretch in enumerate(route.stretches):
            if stretch.hotspot:
                km_mid = sum(s.km for s in route.stretches[:i]) + stretch.km / 2
                x, y = cells[min(len(cells) - 1, round(km_mid / total_km * (len(cells) - 1)))]
                canvas.put(x, y, HOTSPOT.char, HOTSPOT.style)


def paint(game: Game, width: int, height: int, fog: bool = False) -> tuple[Layout, Canvas]:
    """The map at this size: its layout and its cells."""
    layout = lay_out(game, width, height)
    canvas = Canvas(width, height)
    draw_roads(canvas, game, layout.sites, fog)
    for label in layout.labels:
        for i, ch in enumerate(label.text):
            canvas.put(label.x + i, label.y, ch, label.style)
    for (x, y), mark in layout.marks.items():
        canvas.put(x, y, mark.char, mark.style)
    return layout, canvas


def draw(game: Game, width: int, height: int, fog: bool = False) -> tuple[Layout, Text]:
    """The map at this size: its layout and its text."""
    layout, canvas = paint(game, width, height, fog)
    return layout, canvas.text()


def row_strip(row: Row, base: Style) -> Strip:
    """One row of the map as a line of the terminal: a segment per run of equally styled cells."""
    segments: list[Segment] = []
    run: list[str] = []
    run_style = row[0][1] if row else ""
    for ch, style in row:
        if style != run_style:
            segments.append(Segment("".join(run), base + style_of(run_style)))
            run, run_style = [], style
        run.append(ch)
    if run:
        segments.append(Segment("".join(run), base + style_of(run_style)))
    return Strip(segments).adjust_cell_length(len(row), base)


@lru_cache(maxsize=64)
def style_of(style: str) -> Style:
    return Style.parse(style) if style else Style()


class MapView(Widget, can_focus=True):
    """The map widget: draws the game bound to it, repainting only the rows that changed."""

    DEFAULT_CSS = """
    MapView { border: round $primary 50%; border-title-color: $text; min-height: 8; }
    MapView:focus { border: round $accent; }
    """

    # No repaint on every new day: watch_game repaints the rows whose cells changed (most days
    # none, or the few a convoy moves along); a whole repaint of the map was ~15 ms (bench/tui.py).
    game: reactive[Any] = reactive(None, always_update=True, repaint=False)
    fog = False  # fog of war: roads coloured by the intelligence estimate, not the true threat
    layout_now: Layout | None = None  # the layout last drawn (for clicks and tests)
    _canvas: Canvas | None = None  # the cells last drawn
    _strips: dict[int, Strip]  # rows already turned into terminal lines, by row

    class SiteClicked(Message):
        def __init__(self, site: str) -> None:
            super().__init__()
            self.site = site

    def on_mount(self) -> None:
        self.border_title = "Map"
        self.border_subtitle = "●open ◐closing ○handed ✖seized  ? legend"
        self.layout_now = None
        self._canvas = None
        self._strips = {}

    def watch_game(self) -> None:
        # (setting the border's subtitle repaints too, even to the same text: it is set once)
        before = self._canvas
        width, height = self.content_size
        if before is None or (before.width, before.height) != (width, height):
            self.refresh()  # drawn afresh at the new size when painted
            return
        if not self._draw(width, height):
            return
        for y, (old, new) in enumerate(zip(before.cells, self._canvas_cells(), strict=True)):
            if old != new:
                self._strips.pop(y, None)
                self.refresh(Region(0, y, width, 1))

    def _canvas_cells(self) -> list[Row]:
        return self._canvas.cells if self._canvas is not None else []

    def _draw(self, width: int, height: int) -> bool:
        """Draw the bound game at this size (False if there is nothing to draw)."""
        game = self.game
        if game is None or width < 4 or height < 3:
            self._canvas, self.layout_now = None, None
            return False
        self.layout_now, self._canvas = paint(game, width, height, self.fog)
        return True

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = {}  # the theme or the focus changed: lines are styled again

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        canvas = self._canvas
        if canvas is None or (canvas.width, canvas.height) != (width, height):
            self._strips = {}
            if not self._draw(width, height):
                return Strip.blank(width, self.rich_style)
        strip = self._strips.get(y)
        if strip is None:
            cells = self._canvas_cells()
            if not 0 <= y < len(cells):
                return Strip.blank(width, self.rich_style)
            strip = self._strips[y] = row_strip(cells[y], self.rich_style)
        return strip

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.layout_now is None:
            return
        best = min(
            self.layout_now.sites.items(),
            key=lambda kv: abs(kv[1][0] - offset.x) + 2 * abs(kv[1][1] - offset.y),
            default=None,
        )
        if best and abs(best[1][0] - offset.x) + 2 * abs(best[1][1] - offset.y) <= 8:
            self.post_message(self.SiteClicked(best[0]))
