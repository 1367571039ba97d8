"""The sandbox's generated history: a real previous month for /report and the office tab, and
still only the four regulars eligible for advice."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from sandbox.demo import WITH_HISTORY, build_world


def test_a_month_of_history_and_the_same_four_eligible_for_advice() -> None:
    now = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)
    orders = build_world(now, ZoneInfo("Europe/Moscow")).data.orders
    november = [o for o in orders if o.date.month == 11]
    assert len({o.date for o in november}) >= 18  # nearly every weekday of the month
    assert len({o.user for o in november}) >= 8
    assert any(o.status == "cancelled" for o in orders)
    assert all(o.date.weekday() < 5 for o in november)
    window = dt.date(2026, 11, 7)
    recent = Counter(
        o.user for o in orders if window < o.date < now.date() and o.status == "active"
    )
    assert {tgid for tgid, count in recent.items() if count >= 5} == set(WITH_HISTORY)
