"""Deadline arithmetic: closing instants, the next open day, and what closed in a window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.deadlines import closed_between, closes_at, next_open_day

MOSCOW = ZoneInfo("Europe/Moscow")  # UTC+3 all year
KOLKATA = ZoneInfo("Asia/Kolkata")  # UTC+5:30 all year
BERLIN = ZoneInfo("Europe/Berlin")  # CET/CEST
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@dataclass
class Rule:
    weekday: int
    local_minutes: int
    advance_days: int = 0


def at(hh_mm: str, *, days: list[int], advance_days: int = 0) -> list[Rule]:
    hours, minutes = map(int, hh_mm.split(":"))
    return [Rule(day, hours * 60 + minutes, advance_days) for day in days]


WEEKDAYS_AT_10 = at("10:00", days=[MON, TUE, WED, THU, FRI])
# Green Bowl of the demo: 11:00 on the day, but Friday's orders close on Thursday at 18:00.
GREEN_BOWL = at("11:00", days=[MON, TUE, WED, THU]) + at("18:00", days=[FRI], advance_days=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_seed_example_closes_the_day_before_at_10_utc() -> None:
    """The product's own example: orders for Monday 2025-12-08 close at 2025-12-07 10:00 UTC."""
    in_moscow = closes_at(at("13:00", days=[MON], advance_days=1), date(2025, 12, 8), MOSCOW)
    in_utc = closes_at(at("10:00", days=[MON], advance_days=1), date(2025, 12, 8), UTC)
    assert in_moscow == in_utc == utc(2025, 12, 7, 10, 0)
    assert in_moscow.astimezone(MOSCOW).isoformat() == "2025-12-07T13:00:00+03:00"


def test_a_weekday_without_a_rule_has_no_deadline() -> None:
    assert closes_at(WEEKDAYS_AT_10, date(2026, 12, 12), MOSCOW) is None  # a Saturday
    assert closes_at([], date(2026, 12, 7), MOSCOW) is None


@pytest.mark.parametrize(
    ("tz", "day", "expected"),
    [
        (MOSCOW, date(2026, 1, 12), utc(2026, 1, 12, 7, 0)),  # winter
        (MOSCOW, date(2026, 7, 13), utc(2026, 7, 13, 7, 0)),  # summer: no DST, same offset
        (KOLKATA, date(2026, 1, 12), utc(2026, 1, 12, 4, 30)),
        (KOLKATA, date(2026, 7, 13), utc(2026, 7, 13, 4, 30)),
        (BERLIN, date(2026, 1, 12), utc(2026, 1, 12, 9, 0)),  # CET
        (BERLIN, date(2026, 7, 13), utc(2026, 7, 13, 8, 0)),  # CEST
    ],
    ids=["moscow-winter", "moscow-summer", "kolkata-winter", "kolkata-summer", "cet", "cest"],
)
def test_the_closing_time_is_the_wall_clock_time_in_the_zone(
    tz: ZoneInfo, day: date, expected: datetime
) -> None:
    deadline = closes_at(WEEKDAYS_AT_10, day, tz)
    assert deadline == expected
    assert deadline.tzinfo is UTC
    assert deadline.astimezone(tz).strftime("%H:%M") == "10:00"


def test_advance_days_count_back_from_the_delivery_date() -> None:
    # Friday 2026-12-11 closes on Thursday; Monday 2026-12-14 (3 days ahead) on Friday.
    assert closes_at(GREEN_BOWL, date(2026, 12, 11), MOSCOW) == utc(2026, 12, 10, 15, 0)
    three_ahead = at("12:00", days=[MON], advance_days=3)
    assert closes_at(three_ahead, date(2026, 12, 14), MOSCOW) == utc(2026, 12, 11, 9, 0)


def test_advance_days_across_a_dst_change_keep_the_local_time() -> None:
    # Berlin springs forward on Sunday 2026-03-29: Monday's order closes on Saturday, CET.
    rule = at("10:00", days=[MON], advance_days=2)
    assert closes_at(rule, date(2026, 3, 30), BERLIN) == utc(2026, 3, 28, 9, 0)
    assert closes_at(rule, date(2026, 4, 6), BERLIN) == utc(2026, 4, 4, 8, 0)


def test_times_in_dst_transitions_are_read_with_the_earlier_offset() -> None:
    night = at("02:30", days=[SUN])
    # 02:30 does not exist on 2026-03-29 in Berlin (02:00 → 03:00): it closes at 03:30 CEST.
    gap = closes_at(night, date(2026, 3, 29), BERLIN)
    assert gap == utc(2026, 3, 29, 1, 30)
    assert gap.astimezone(BERLIN).isoformat() == "2026-03-29T03:30:00+02:00"
    # 02:30 happens twice on 2026-10-25 (03:00 → 02:00): the first time counts.
    assert closes_at(night, date(2026, 10, 25), BERLIN) == utc(2026, 10, 25, 0, 30)


@pytest.mark.parametrize(
    ("rules", "now", "expected"),
    [
        # Monday 09:59:59 in Moscow: today is still open.
        (WEEKDAYS_AT_10, utc(2026, 12, 7, 6, 59, 59), (date(2026, 12, 7), utc(2026, 12, 7, 7))),
        # Monday 10:00: tomorrow.
        (WEEKDAYS_AT_10, utc(2026, 12, 7, 7, 0), (date(2026, 12, 8), utc(2026, 12, 8, 7))),
        # Friday after the deadline: over the weekend to Monday.
        (WEEKDAYS_AT_10, utc(2026, 12, 11, 8, 0), (date(2026, 12, 14), utc(2026, 12, 14, 7))),
        # Sunday 23:00 UTC is already Monday 02:00 in Moscow.
        (WEEKDAYS_AT_10, utc(2026, 12, 13, 23, 0), (date(2026, 12, 14), utc(2026, 12, 14, 7))),
        # Thursday 12:00: Thursday is closed, Friday is open until Thursday 18:00.
        (GREEN_BOWL, utc(2026, 12, 10, 9, 0), (date(2026, 12, 11), utc(2026, 12, 10, 15))),
        # Thursday 18:00: Friday has closed too; next is Monday.
        (GREEN_BOWL, utc(2026, 12, 10, 15, 0), (date(2026, 12, 14), utc(2026, 12, 14, 8))),
        # Two weeks ahead: the first Monday whose deadline is still to come.
        (
            at("10:00", days=[MON], advance_days=14),
            utc(2026, 12, 7, 8, 0),
            (date(2026, 12, 28), utc(2026, 12, 14, 7)),
        ),
    ],
    ids=[
        "before-today",
        "at-today",
        "weekend",
        "local-date",
        "advance-open",
        "advance-closed",
        "two-weeks",
    ],
)
def test_next_open_day(
    rules: list[Rule], now: datetime, expected: tuple[date, datetime] | None
) -> None:
    assert next_open_day(rules, MOSCOW, now) == expected


def test_no_rules_no_open_day() -> None:
    assert next_open_day([], MOSCOW, utc(2026, 12, 7, 8)) is None


def test_closed_between_lists_each_deadline_once_in_order() -> None:
    # From Thursday 10:00 to Monday 12:00, Moscow: Thursday, Friday (on Thursday 18:00), Monday.
    closed = closed_between(GREEN_BOWL, MOSCOW, utc(2026, 12, 10, 7, 0), utc(2026, 12, 14, 9, 0))
    assert closed == [
        (date(2026, 12, 10), utc(2026, 12, 10, 8, 0)),
        (date(2026, 12, 11), utc(2026, 12, 10, 15, 0)),
        (date(2026, 12, 14), utc(2026, 12, 14, 8, 0)),
    ]


def test_closed_between_is_open_at_the_start_and_closed_at_the_end() -> None:
    deadline = utc(2025, 12, 7, 10, 0)
    rules = at("13:00", days=[MON], advance_days=1)
    assert closed_between(rules, MOSCOW, deadline - timedelta(minutes=1), deadline) == [
        (date(2025, 12, 8), deadline)
    ]
    assert closed_between(rules, MOSCOW, deadline, deadline + timedelta(minutes=1)) == []
    assert closed_between(rules, MOSCOW, deadline, deadline) == []
    assert closed_between([], MOSCOW, deadline - timedelta(days=7), deadline) == []
