"""The master scenario events list: every inject with its time or trigger, sender, receiver, text,
expected player action, linked task and controller notes, beside what the trainee actually did
(from the typed log). Used by the review and the instructor's view while the exercise runs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..engine import Game
from ..model import log
from ..model.exercise import Exercise, Inject


@dataclass(frozen=True)
class MselRow:
    id: str
    when: str  # the scheduled date, or "held: <trigger>"
    sender: str
    receiver: str
    title: str
    text: str
    expected_action: str
    task: str
    controller_notes: str
    fired: str  # the date it fired, or ''
    actual: str
    status: str  # "as expected", "differs", "pending", "not fired", "no expectation"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _when(inject: Inject) -> str:
    if inject.date is not None:
        return inject.date.isoformat()
    return "held" + (f": {inject.release_when}" if inject.release_when else "")


def actual_response(game: Game, inject: Inject, fired_day: int) -> tuple[str, str]:
    """What the trainee did after the inject fired, and whether it is what was expected."""
    expect = inject.expect
    st = game.state
    said: list[str] = []
    ok_choice: bool | None = None
    for e in st.log:
        if isinstance(e.data, log.ChoiceMade) and e.data.event == inject.id:
            label = next((c.label for c in inject.choices if c.id == e.data.choice), e.data.choice)
            said.append(f"{label}{' (by default)' if e.data.default else ''}")
            if expect is not None and expect.choice is not None:
                ok_choice = e.data.choice == expect.choice and not e.data.default
    ok_orders: bool | None = None
    if expect is not None and expect.orders:
        last = fired_day + expect.within_days
        # An answer given in the days just before the inject (the trainee was ahead of it) counts.
        answers = [
            e
            for e in st.log
            if isinstance(e.data, log.OrderApplied)
            and fired_day - expect.within_days <= e.day <= last
            and e.data.order_kind in expect.orders
        ]
        if answers:
            first = answers[0]
            ahead = " (already done before the inject)" if first.day < fired_day else ""
            said.append(f"{game.date_of(first.day)}: {first.text}{ahead}")
            ok_orders = True
        elif st.day > last:
            kinds = " or ".join(k.replace("_", " ") for k in expect.orders)
            said.append(f"no {kinds} within {expect.within_days} day(s)")
            ok_orders = False
    actual = "; ".join(said) or "nothing recorded"
    if expect is None:
        return actual, "no expectation"
    checks = [c for c in (ok_choice, ok_orders) if c is not None]
    wanted = (expect.choice is not None) + bool(expect.orders)
    if len(checks) < wanted and all(checks):
        return actual, "pending"
    return actual, "as expected" if all(checks) else "differs"


def msel_rows(game: Game, exercise: Exercise) -> list[MselRow]:
    fired = {e.data.event: e.day for e in game.state.log if isinstance(e.data, log.EventFired)}
    rows = []
    for inject in exercise.injects:
        day = fired.get(inject.id)
        if day is None:
            actual, status = "", "not fired"
        else:
            actual, status = actual_response(game, inject, day)
        rows.append(
            MselRow(
                id=inject.id,
                when=_when(inject),
                sender=inject.sender,
                receiver=inject.receiver,
                title=inject.title,
                text=inject.text,
                expected_action=inject.expected_action,
                task=inject.task or "",
                controller_notes=inject.controller_notes,
                fired=game.date_of(day).isoformat() if day is not None else "",
                actual=actual,
                status=status,
            )
        )
    return rows
