"""When ordering for a delivery date closes: pure arithmetic over a cafe's Deadline rows.

A cafe has at most one Deadline row per weekday of the *delivery* date: orders for day D close
at the wall-clock time `local_minutes` in TIMEZONE on day D - `advance_days`. No row for D's
weekday means the cafe does not deliver on D. So with Europe/Moscow and a Monday row
(13:00, advance_days=1), orders for Monday 2025-12-08 close at 2025-12-07 13:00+03:00, which is
2025-12-07 10:00 UTC.

Ordering for D is open while now < closes_at(D): at the deadline itself it is too late.
Nothing here touches the database or a clock: callers pass the rows, the zone and the instant.
The ordering API uses these to refuse late orders; the deadline notifier finds the deadlines
that have passed with `closed_between`, and reads a closed date's orders holding
`services.ordering.ordering_lock` exclusively (so no late write slips in).

Daylight saving time (for zones that have it): the closing time is read with `fold=0`
(PEP 495). A time repeated when the clocks go back means its first occurrence; a time that
does not exist because the clocks jump forward is read with the offset from before the jump,
so it closes as late as the jump is long (02:30 in a 02:00→03:00 jump closes at 03:30).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable
from typing import Protocol


class DeadlineRule(Protocol):
    """What the arithmetic needs of a `db.models.Deadline` row."""

    weekday: int  # of the delivery date: 0 = Monday … 6 = Sunday
    local_minutes: int  # minutes after local midnight
    advance_days: int


def closes_at(
    rules: Iterable[DeadlineRule],
    day: dt.date,
    tz: dt.tzinfo,
    days_off: Container[dt.date] = (),
) -> dt.datetime | None:
    """The instant ordering for delivery on `day` closes, or None when no rule covers `day`'s
    weekday or `day` is one of the cafe's `days_off`: the cafe does not deliver then.

    The instant is in UTC: aware datetimes in a zone compare unequal to everything when they
    fall in a repeated hour (PEP 495), which would be a trap for idempotency keys and sets.
    """
    rule = next((r for r in rules if r.weekday == day.weekday()), None)
    if rule is None or day in days_off:
        return None
    hours, minutes = divmod(rule.local_minutes, 60)
    wall_clock = dt.datetime.combine(
        day - dt.timedelta(days=rule.advance_days), dt.time(hours, minutes), tzinfo=tz
    )
    return wall_clock.astimezone(dt.UTC)


def next_open_day(
    rules: Iterable[DeadlineRule],
    tz: dt.tzinfo,
    now: dt.datetime,
    days_off: Container[dt.date] = (),
) -> tuple[dt.date, dt.datetime] | None:
    """The earliest delivery date still open for ordering at `now`, with its deadline; None when
    the cafe has no deadlines at all (it does not deliver), or only days off ahead."""
    rules = list(rules)
    if not rules:
        return None
    today = now.astimezone(tz).date()
    # Some weekday of the coming week always opens once its advance is behind us, unless days
    # off take it: then look a little further (a closure of some weeks), and give up after.
    span = max(r.advance_days for r in rules) + (8 if not days_off else 8 * 7)
    for offset in range(span):
        day = today + dt.timedelta(days=offset)
        deadline = closes_at(rules, day, tz, days_off)
        if deadline is not None and now < deadline:
            return day, deadline
    if days_off:
        return None
    raise AssertionError("unreachable: a deadline repeats every week")


def closed_between(
    rules: Iterable[DeadlineRule],
    tz: dt.tzinfo,
    after: dt.datetime,
    until: dt.datetime,
    days_off: Container[dt.date] = (),
) -> list[tuple[dt.date, dt.datetime]]:
    """Every delivery date whose ordering closed in the window `after` < deadline <= `until`,
    earliest deadline first: what a job that last looked at `after` has to act on now. A day
    off has no deadline, so nothing fires for it."""
    rules = list(rules)
    if not rules or until <= after:
        return []
    # A day early: a deadline in a DST gap at midnight is pushed into the next day.
    first = after.astimezone(tz).date() - dt.timedelta(days=1)
    last = until.astimezone(tz).date() + dt.timedelta(days=max(r.advance_days for r in rules))
    found = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        deadline = closes_at(rules, day, tz, days_off)
        if deadline is not None and after < deadline <= until:
            found.append((day, deadline))
    return sorted(found, key=lambda pair: pair[1])
