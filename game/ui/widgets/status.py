"""The status bar: date, days to the deadline and to the next closure, host relations, people and
equipment out, and the latest news: the last day's incidents first (the game screen says which),
else the latest line of the log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from .. import present as p

if TYPE_CHECKING:
    from ...engine import Game


class StatusBar(Widget):
    """Two lines at the top of the game screen, drawn from the bound game."""

    DEFAULT_CSS = """
    StatusBar { height: 2; background: $panel; padding: 0 1; }
    """

    # Each change redraws only the line it changed (most days the date line; the news line
    # less often): see _redraw.
    game = reactive(None, always_update=True, layout=False, repaint=False)
    clock = reactive("", layout=False, repaint=False)  # the turn timer, set by the game screen
    # The incidents of the last day key (losses, attacks), set by the game screen: shown in this
    # fixed-height bar rather than as toasts, which reflow the whole screen as they come and go.
    alerts: reactive[tuple[str, ...]] = reactive((), layout=False, repaint=False)

    _texts: list[Text] | None = None  # the lines last drawn
    _strips: tuple[int, dict[int, Strip]] | None = None  # their width and terminal lines

    def watch_game(self) -> None:
        self._redraw()

    def watch_clock(self) -> None:
        self._redraw()

    def watch_alerts(self) -> None:
        self._redraw()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None  # the theme changed: the lines are styled again

    def _redraw(self) -> None:
        """Repaint the lines whose text changed (all of them if the width did)."""
        width = self.content_size.width
        before, self._texts = self._texts, self.lines()
        drawn = self._strips
        if before is None or drawn is None or drawn[0] != width or len(before) != len(self._texts):
            self._strips = None
            self.refresh()
            return
        for y, (old, new) in enumerate(zip(before, self._texts, strict=True)):
            if old != new:
                drawn[1].pop(y, None)
                self.refresh(Region(0, y, width, 1))

    def render(self) -> Text:
        return Text("\n").join(self.lines())

    def render_line(self, y: int) -> Strip:
        """A line of the bar as styled segments, drawn once per change (Textual's whole text
        pipeline, wrapping and all, was a millisecond of every day for these two lines)."""
        width = self.content_size.width
        if self._strips is None or self._strips[0] != width or self._texts is None:
            self._texts = self.lines()
            self._strips = (width, {})
        strips, texts = self._strips[1], self._texts
        if not 0 <= y < len(texts):
            return Strip.blank(width, self.rich_style)
        if y not in strips:  # (lines are cut to the width; the bar pads them)
            strips[y] = Strip(Content.from_rich_text(texts[y]).render_segments(self.visual_style))
        return strips[y]

    def lines(self) -> list[Text]:
        game = self.game
        width = self.content_size.width or 80
        if game is None:
            return []
        st = game.state
        sc = game.scenario
        to_deadline = (sc.deadline - st.date).days
        top = Text()
        if self.clock:
            top.append(f"⏱ {self.clock}", "bold reverse" if self.clock.startswith("0:") else "bold")
            top.append("  ")
        top.append(p.long_date(st.date), "bold")
        top.append("  deadline in ")
        top.append(f"{to_deadline} d", "bold red" if to_deadline <= 5 else "bold")
        site = p.next_closure(game)
        if site is not None:
            days = (site.target_date - st.date).days
            style = "bold red" if days < 0 else "yellow" if days <= 3 else "bold"
            word = f"{-days} d late" if days < 0 else f"{days} d"
            top.append(
                f"  close {p.site_name(game, site.id)} in "
                if days >= 0
                else f"  close {p.site_name(game, site.id)} "
            )
            top.append(word, style)
        rel = st.relations
        top.append("  host ")
        top.append(
            f"{rel:.0f} {p.relations_word(rel)}",
            "green" if rel >= 50 else "yellow" if rel >= 30 else "red",
        )
        top.append(f"  seed {game.seed}", "dim")
        top.truncate(width, overflow="ellipsis")
        out, total = st.ledger.withdrawn, p.people_total(game)
        eq_out, eq_total = p.equipment_out(game)
        news = Text()
        news.append(f"out {out}/{total} people, {eq_out}/{eq_total} equipment", "bold")
        news.append("  │ ", "dim")
        news.append_text(self._alerts() if self.alerts and not st.finished else self._news(game))
        news.truncate(width, overflow="ellipsis")
        return [top, news]

    def _alerts(self) -> Text:
        """The last day's incidents: how many, and the first in full (the Log pane has all)."""
        alerts = self.alerts
        many = f"{len(alerts)} incidents (all in Log, 4)" if len(alerts) > 1 else "Incident"
        out = Text(f"⚠ {many}:", "bold reverse red")
        out.append(f" {alerts[0]}", "bold red")
        return out

    @staticmethod
    def _news(game: Game) -> Text:
        st = game.state
        if st.finished:
            return Text(f"Game over ({st.end_reason}) — press Enter for the results", "bold")
        if st.pending_choices:
            return Text("A decision is waiting — press e", "bold yellow")
        for entry in reversed(st.log):
            if entry.kind not in ("info",):
                when = p.short_date(p.date_of(game, entry.day))
                return Text(f"{when}: {entry.text}", p.LOG_STYLE.get(entry.kind, ""))
        return Text(game.scenario.title, "dim")
