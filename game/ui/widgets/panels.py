"""The game screen's panes: sites, convoys and flights, authorizations, the log and intelligence.

Each pane renders the bound game and nothing else; selecting a row only says which row the player
looks at (a site or a request), never changes the game.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from .. import present as p
from .text import Static

if TYPE_CHECKING:
    from rich.console import Group
    from textual.strip import Strip

    from ...engine import Game
    from ...model.state import Request
    from .log_lines import LogLines

Row = tuple[str, tuple[Any, ...]]  # a row's key and its cells


def plain(text: str) -> Text:
    """A one-line cell or a column's title as DataTable draws a string, without reading it as
    Rich markup: a name from a scenario file is shown as written ("[" and ":" too), and the first
    screen does not load Rich's markup parser and its emoji table (~3 ms, bench/tui.py)."""
    return Text(text, no_wrap=True, end="")


class GameTable(DataTable[Any]):
    """A row-cursor table rebuilt from the game whenever it changes, keeping the cursor's row."""

    # No repaint of its own: the table repaints when a cell or a row changes, not every day.
    game: reactive[Game | None] = reactive(None, always_update=True, repaint=False)
    COLUMNS: tuple[str, ...] = ()
    # Fixed widths for columns whose cells change length from day to day (an auto width is set
    # by the first fill and would cut later, longer cells); the others fit their content.
    WIDTHS: dict[str, int] = {}
    WRAPS = False  # a row as tall as its cells need (RequestsTable); else one line

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._keys: list[str] = []
        self._values: list[tuple[Any, ...]] = []
        self._unshown_key: str | None = None  # the cursor's row before the table is mounted

    def on_mount(self) -> None:
        for col in self.COLUMNS:
            self.add_column(plain(col), key=col, width=self.WIDTHS.get(col))

    def watch_game(self, game: Game | None) -> None:
        if game is None or not self.columns:
            return
        rows = [(key, self.written_cells(values)) for key, values in self.rows_of(game)]
        keys = [key for key, _ in rows]
        # Same rows: change only the cells that changed (no relayout), unless a cell outgrew
        # its row, which is then drawn anew.
        if keys == self._keys and not self.outgrown(rows):
            for index, ((key, values), old) in enumerate(zip(rows, self._values, strict=True)):
                changed = [
                    (column, value)
                    for column, value, before in zip(self.COLUMNS, values, old, strict=True)
                    if value != before
                ]
                if changed:
                    self._update_row(index, key, changed)
            self._values = [values for _, values in rows]
            return
        keep = self.selected_key() if self._keys else self._unshown_key
        self._unshown_key = None
        self.clear()
        for key, values in rows:
            self.add_row(*values, key=key)
        self._keys = keys
        self._values = [values for _, values in rows]
        if keep is not None and keep in keys:
            self.move_cursor(row=keys.index(keep), animate=False)

    def written_cells(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """The row's string cells as Text, drawn as DataTable draws a string but not read as
        markup: a name or text from a scenario file shows as written, and a "[/x]" in it cannot
        end the game with a MarkupError (widgets/text.py)."""
        return tuple(
            Text(v, no_wrap=not self.WRAPS, end="") if isinstance(v, str) else v for v in values
        )

    def _update_row(self, index: int, key: str, cells: list[tuple[str, Any]]) -> None:
        """Change some cells of one row and repaint that row only.

        DataTable.update_cell bumps a counter that is part of every render-cache key, so the
        next frame renders every cell of the table again (most of an advance-day key's time,
        bench/tui.py). Here the new values go in and only the changed cells' cached renders are
        dropped (rendering a cell is ~0.3 ms: a whole row again was most of a day's table time);
        the cache keys named are DataTable's own (Textual is pinned: pyproject.toml)."""
        row_key = RowKey(key)
        changed = set()
        for column, value in cells:
            self._data[row_key][ColumnKey(column)] = value
            changed.add(ColumnKey(column))
        for cell_key in [
            k for k in self._cell_render_cache.keys() if k[0] == row_key and k[1] in changed
        ]:
            self._cell_render_cache.discard(cell_key)
        for row_render in [k for k in self._row_render_cache.keys() if k[0] == row_key]:
            self._row_render_cache.discard(row_render)
        for renderable in [k for k in self._row_renderable_cache.keys() if k[1] == index]:
            self._row_renderable_cache.discard(renderable)
        self._line_cache.clear()  # lines are joined from the rows' renders: cheap to redo
        self.refresh_row(index)

    def follow(self, game: Game) -> None:
        """Before the table is mounted (a pane built when first shown, widgets/tabs.py): keep the
        row its cursor would be on as a drawn table keeps it, the same row while it is listed,
        else the first; the first fill starts there and `selected_key` answers it meanwhile."""
        keys = self.keys_of(game)
        if self._unshown_key not in keys:
            self._unshown_key = keys[0] if keys else None

    def selected_key(self) -> str | None:
        if not self.is_mounted:
            return self._unshown_key
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:
            return None

    def rows_of(self, game: Game) -> Iterator[Row]:  # pragma: no cover - overridden
        return iter(())

    def keys_of(self, game: Game) -> list[str]:
        """The rows' keys, in order (what `rows_of` lists, without drawing its cells)."""
        return [key for key, _ in self.rows_of(game)]

    def outgrown(self, rows: list[Row]) -> bool:
        """Whether a changed cell of these rows (the same keys as those shown) needs more lines
        than its row has: updated in place, it would be cut. Rows are one line by default."""
        return False


class SitesTable(GameTable):
    COLUMNS = ("Site", "Status", "People", "Cont.", "Veh.", "Sens.", "Trk.", "Target")
    # "◐ closing", "998 thin": the longest a site's status and headcount get. With these the
    # table is 73 wide, the pane beside the map in a 1024×768 classroom browser.
    WIDTHS = {"Status": 9, "People": 8}

    def watch_game(self, game: Game | None) -> None:
        first = not self._keys
        super().watch_game(game)
        start = first_that_matters(game) if first and game is not None else None
        if start is not None and start in self._keys:  # the first fill: start where it matters
            self.move_cursor(row=self._keys.index(start), animate=False)

    def rows_of(self, game: Game) -> Iterator[Row]:
        today = game.state.date
        for sid, s in game.state.sites.items():
            name = p.site_name(game, sid)
            status = Text(p.glyph_status(s.status) + " ", p.STATUS_STYLE[s.status])
            if s.qrf_until >= game.state.day:
                status.append("+QRF", "bold")
            else:
                status.append(p.STATUS_SHORT[s.status], p.STATUS_STYLE[s.status])
            if sid in game.staying():  # a liquidation site: it stays after the others close
                target = Text(f"stays ({game.staying()[sid]})", "cyan")
            elif s.target_date is None:
                target = Text("—", "dim")
            else:
                late = s.target_date < today and not s.closed
                target = Text(p.short_date(s.target_date), "bold red" if late else "")
            people = Text(str(s.headcount))
            if s.min_garrison and s.headcount and s.headcount < s.min_garrison:
                people.stylize("bold red")
                people.append(" thin")
            yield (
                sid,
                (
                    plain(name if len(name) <= 16 else name[:15] + "…"),
                    status,
                    people,
                    plain(str(s.containers)),
                    plain(str(s.vehicles)),
                    plain(str(s.sensitive)),
                    plain(str(s.trucks)),
                    target,
                ),
            )


def first_that_matters(game: Game) -> str | None:
    """The first site the player commands people at (else the first with anything of the
    mission's): where the sites table starts, rather than on an empty first row."""
    held = [(sid, s) for sid, s in game.state.sites.items() if s.held]
    return next((sid for sid, s in held if s.headcount), None) or next(
        (sid for sid, s in held if s.containers or s.vehicles or s.sensitive or s.trucks), None
    )


def days_words(days: int | None) -> str:
    if days is None:
        return "not coming"
    return "there" if days == 0 else f"in {days} d"


class SiteOutlook(Static):
    """The selected camp's race, from the engine's camp and supply outlooks: when the army and
    the armed groups arrive, the odds of seizure if it is left, the cost of leaving early, and
    the days of supply left. Shown as the engine gives them; nothing is worked out here."""

    game: reactive[Game | None] = reactive(
        None, always_update=True, repaint=False
    )  # update() repaints
    site: reactive[str | None] = reactive(None, repaint=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lines = -1  # lines the outlook took when last shown
        self._shown: tuple[Text, int] | None = None  # the outlook last shown, and its width

    def on_resize(self) -> None:
        self._lines = -1
        self.show()

    def watch_game(self, game: Game | None) -> None:
        self.show()

    def watch_site(self, site: str | None) -> None:
        self.show()

    def show(self) -> None:
        game = self.game
        if game is None:
            return
        site = self.site if self.site in game.state.sites else next(iter(game.state.sites), None)
        text = Text("") if site is None else self.outlook(game, site)
        # Most days the selected camp's outlook reads the same (4 days in 5 over drawdown-2023):
        # then nothing is redrawn (bench/tui.py).
        width = self.content_region.width
        if (text, width) == self._shown and self._lines >= 0:
            return
        self._shown = (text, width)
        # A layout pass (the whole screen reflowed) only when the line count changes: most
        # days the outlook changes its words, not its height (bench/tui.py).
        lines = len(text.wrap(self.app.console, width)) if width > 0 else -1
        self.update(text, layout=lines != self._lines or lines < 0)
        self._lines = lines

    @staticmethod
    def outlook(game: Game, site: str) -> Text:
        view = game.camp_outlook(site)
        line = Text(f"{p.site_name(game, site)}: ", "bold")
        if view.status in ("handed_over", "seized"):  # no longer the mission's to leave
            line.append(p.STATUS_WORD[view.status], p.STATUS_STYLE[view.status])
            on = game.state.sites[site].handed_on if view.status == "handed_over" else None
            line.append(f" on {p.short_date(on)}" if on else "")
            return line
        line.append(
            f"army {days_words(view.army_days)}, armed groups {days_words(view.armed_days)}"
        )
        line.append("; empty, seized " if view.status == "abandoned" else "; if left, seized ")
        line.append(f"{view.seizure_if_left:.1%}/day", p.threat_style(view.seizure_if_left))
        if view.early_cost:
            line.append(f"; early: relations {-view.early_cost:+.1f}")
        supply = game.supply_outlook(site)
        if supply.tracked and not supply.source:
            style = "" if supply.stage == "normal" else "bold red"
            line.append(f"; supply {supply.days_left:.0f} d", style)
            if not supply.road_open:
                line.append(" (road cut)", "bold red")
        return line


class MovesTable(GameTable):
    COLUMNS = ("Id", "Route", "Progress", "What", "Cargo")

    def rows_of(self, game: Game) -> Iterator[Row]:
        for c in game.state.convoys:
            route = f"{p.site_name(game, c.origin)} → {p.site_name(game, c.destination)}"
            escort = f"convoy, {c.escort} escort" + (", EOD" if c.clearance else "")
            if not c.authorized:
                escort += ", UNAUTHORIZED"
            progress = f"day {c.progress}/{c.travel_days}" + (
                f" +{c.delay} delay" if c.delay else ""
            )
            if c.incidents:
                progress += f", {c.incidents} incident(s)"
            yield c.id, (c.id, route, progress, escort, p.cargo_words(c.cargo))
        for f in game.state.flights:
            route = f"{p.site_name(game, f.origin)} → {p.site_name(game, f.destination)}"
            what = f"flight, {f.sorties}× {f.aircraft}" + ("" if f.authorized else ", UNAUTHORIZED")
            yield f.id, (f.id, route, "in the air", what, p.cargo_words(f.cargo))


class RequestsTable(GameTable):
    COLUMNS = ("Id", "Route", "Status", "Cargo")
    # Fixed widths that fit 80 columns; a longer route, status or cargo wraps onto more lines.
    WIDTHS = {"Id": 4, "Route": 20, "Status": 25, "Cargo": 22}
    WRAPS = True

    def add_row(self, *cells: Any, height: int | None = 1, **kwargs: Any) -> RowKey:
        return super().add_row(*cells, height=None, **kwargs)  # as many lines as it needs

    def outgrown(self, rows: list[Row]) -> bool:
        """Most days only a count of days left changes, on the same line; a longer status or
        cargo may need another line, and the table is then drawn anew, each row as tall as its
        cells need."""
        console = self.app.console
        for (key, values), old in zip(rows, self._values, strict=True):
            row = self.rows[RowKey(key)]
            for column, value, before in zip(self.COLUMNS, values, old, strict=True):
                text = value if isinstance(value, Text) else Text(str(value))
                if value != before and len(text.wrap(console, self.WIDTHS[column])) > row.height:
                    return True
        return False

    @staticmethod
    def in_order(game: Game) -> list[Request]:
        """Approved first, then waiting, refused, and the rest; newest first within each."""
        order = {"approved": 0, "pending": 1, "delayed": 1, "denied": 2}
        return sorted(
            game.state.requests.values(), key=lambda r: (order.get(r.status, 3), -r.requested)
        )

    def keys_of(self, game: Game) -> list[str]:
        return [r.id for r in self.in_order(game)]

    def rows_of(self, game: Game) -> Iterator[Row]:
        for r in self.in_order(game):
            style = {
                "approved": "green",
                "denied": "red",
                "expired": "dim",
                "used": "dim",
                "cancelled": "dim",
            }
            detail = Text(p.request_detail(game, r), style.get(r.status, "yellow"))
            route = ("✈ " if r.kind == "flight" else "") + p.request_route(game, r)
            yield r.id, (r.id, route, detail, p.order_cargo_words(r.order))


class EventLog(Widget):
    """The Log pane: the game's log, newest at the bottom (the lines are `log_lines.LogLines`).

    The lines widget is a RichLog, whose import costs ~15 ms of start-up (bench/tui.py) for a
    pane the first screen does not show: it is built when the pane is first shown (as this
    widget is: widgets/tabs.py). The game's
    log keeps every entry and the screen's notes wait in `notes`, so nothing written before
    then is lost. The pane keeps the last MAX_LINES rendered lines (the oldest scroll away):
    every line it keeps is a rendered strip held for the whole game, so a long campaign's pane
    would only grow (bench/tui.py, peak memory). The game keeps its whole log: the review and
    the report show all of it."""

    DEFAULT_CSS = "EventLog > LogLines { height: 1fr; }"
    MAX_LINES = 1000

    game: reactive[Game | None] = reactive(None, always_update=True, repaint=False)

    def __init__(self, hints: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hints = hints  # the events' advice, unless an exercise turns hints off
        self.notes: list[tuple[int, str]] = []  # (log length when noted, text)
        self._lines: LogLines | None = None

    @property
    def lines(self) -> list[Strip]:
        """The rendered lines the pane holds (none until it has been shown)."""
        return [] if self._lines is None else self._lines.lines

    def on_show(self) -> None:
        if self._lines is None:
            # imported when the pane is first shown: RichLog pulls in rich.pretty and attrs
            from .log_lines import LogLines

            self._lines = LogLines(self.notes, self.hints, self.MAX_LINES)
            self._lines.shown_game = self.game
            self.mount(self._lines)

    def watch_game(self, game: Game | None) -> None:
        if self._lines is not None:
            self._lines.show_game(game)

    def note(self, text: str, at: int) -> None:
        """A line from the screen rather than the game (what the turn timer did), shown after
        the game's first `at` log entries (what it has logged so far: the pane may not be bound
        to the game yet, as before its pane is first shown)."""
        self.notes.append((at, text))
        self.watch_game(self.game)


class IntelView(Static):
    """Reported threat per road stretch, armed-group pressure by region, the host's conditions."""

    game = reactive(None, always_update=True, repaint=False)  # update() repaints

    def __init__(self, fog: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fog = fog  # fog of war: only what the player's intelligence estimates
        self._stale = True  # the game changed since the tables were last drawn

    def watch_game(self, game: Game | None) -> None:
        # Drawn when seen: in its hidden tab, rebuilding the tables (and the layout pass an
        # update asks for) every day is work nobody sees; on_show catches up.
        self._stale = True
        if game is not None and self.is_on_screen:
            self._draw(game)

    def on_show(self) -> None:
        if self._stale and self.game is not None:
            self._draw(self.game)

    def _draw(self, game: Game) -> None:
        self._stale = False
        self.update(self.intel(game, self.fog))

    @staticmethod
    def intel(game: Game, fog: bool = False) -> Group:
        st = game.state
        title = (
            "Roads (your intelligence's estimate per stretch today, unescorted; it may be wrong)"
            if fog
            else "Roads (threat per stretch today, unescorted)"
        )
        roads = Table(title=title, expand=True, title_justify="left")
        for col in ("Route", "Stretch", "IED", "Ambush", "Note"):
            roads.add_column(col)
        for route in game.world.theatre.routes:
            name = f"{p.site_name(game, route.a)}–{p.site_name(game, route.b)}"
            blocked = st.blocked.get(route.id, -1) >= st.day
            threat = game.road_threat(route.id, estimate=fog)
            for i, (s, (ied, ambush)) in enumerate(zip(route.stretches, threat, strict=True)):
                # names from the scenario files as Text: shown as written, never read as markup
                note = "hotspot" if s.hotspot else ""
                if blocked and i == 0:
                    note = f"BLOCKED to {p.short_date(p.date_of(game, st.blocked[route.id]))}"
                roads.add_row(
                    Text(name if i == 0 else ""),
                    Text(f"{s.name} ({s.km} km)"),
                    Text(f"{ied:.0%}", p.threat_style(ied)),
                    Text(f"{ambush:.0%}", p.threat_style(ambush)),
                    Text(note, "bold red"),
                )
        regions = Table(title="Armed-group pressure by region", expand=True, title_justify="left")
        regions.add_column("Region")
        regions.add_column("Pressure")
        for region, value in sorted(st.pressure.items()):
            bar = "█" * round(value * 10) + "░" * (10 - round(value * 10))
            regions.add_row(Text(region), Text(f"{bar} {value:.0%}", p.threat_style(value / 4)))
        host = Table(
            title=Text(f"Host: {game.scenario.host.name}"), expand=True, title_justify="left"
        )
        host.add_column("Standing conditions")
        for c in st.conditions:
            host.add_row(Text(c.description or c.kind))
        if not st.conditions:
            host.add_row("none")
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from rich.console import Group

        return Group(roads, regions, host)
