"""The monthly report: who ordered what in a month, for the office to pay the cafes and settle
with its people. One source for the bot's `/report`, the API and `lunchbot report`.

Only active orders count (cancelled ones were never cooked). Money stays `Decimal` from the
database to the cell: every total is the exact sum of its orders, to the kopeck, and written as
a number with two decimals (never a float rounded into text).

- `.xlsx` (openpyxl): sheets People, Cafes and Orders, frozen header rows, widths that fit.
- `.csv`: the Orders sheet, UTF-8 with a BOM (so Excel reads Cyrillic), comma-separated,
  amounts as `570.00`, dates as `2026-11-20`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.dates import format_date

from core.i18n import Translator
from db.models import Category, Order, OrderExtra, OrderItem, OrderStatus
from services.errors import InvalidError

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD.MM.YYYY"
MAX_WIDTH = 60
ZERO = Decimal("0.00")

Label = Callable[[str], str]  # a Fluent key ("report-col-name") → the text in the reader's language


def parse_month(value: str | None, today: dt.date) -> dt.date:
    """`YYYY-MM` → its first day; None or empty → the current month."""
    if not value:
        return today.replace(day=1)
    match = MONTH_RE.match(value.strip())
    if match is None or not 2000 <= int(match[1]) <= 2999:
        raise InvalidError(
            f"month {value!r} is not YYYY-MM", code="invalid_month", field="month", value=value
        )
    return dt.date(int(match[1]), int(match[2]), 1)


def previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=31)).replace(day=1)


@dataclass(frozen=True)
class ReportOrder:
    date: dt.date
    cafe: str
    person: str
    tgid: int
    combo: str
    dishes: tuple[str, ...]
    extras: tuple[tuple[str, int], ...]
    notes: str
    amount: Decimal
    dish_categories: tuple[str, ...] = ()  # next to `dishes`, for the tally

    def dishes_with_category(self) -> list[tuple[str, str]]:
        return list(zip(self.dish_categories, self.dishes, strict=True))


@dataclass
class PersonLine:
    name: str
    tgid: int
    orders: int = 0
    total: Decimal = ZERO


@dataclass
class CafeDay:
    cafe: str
    date: dt.date
    orders: int = 0
    total: Decimal = ZERO
    tally: dict[tuple[int, str], int] = field(default_factory=dict)  # (category rank, dish)

    def tally_text(self) -> str:
        ranked = sorted(self.tally.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
        return ", ".join(f"{name} × {count}" for (_, name), count in ranked)


@dataclass(frozen=True)
class MonthlyReport:
    month: dt.date
    orders: tuple[ReportOrder, ...]

    @property
    def total(self) -> Decimal:
        return sum((order.amount for order in self.orders), ZERO)

    @property
    def name(self) -> str:
        return f"lunch-{self.month:%Y-%m}"

    def people(self) -> list[PersonLine]:
        lines: dict[int, PersonLine] = {}
        for order in self.orders:
            line = lines.setdefault(order.tgid, PersonLine(order.person, order.tgid))
            line.orders += 1
            line.total += order.amount
        return sorted(lines.values(), key=lambda p: (p.name.casefold(), p.tgid))

    def cafe_days(self) -> list[CafeDay]:
        days: dict[tuple[str, dt.date], CafeDay] = {}
        rank = {category.value: i for i, category in enumerate(Category)}
        for order in self.orders:
            day = days.setdefault((order.cafe, order.date), CafeDay(order.cafe, order.date))
            day.orders += 1
            day.total += order.amount
            for dish_category, dish in order.dishes_with_category():
                key = (rank.get(dish_category, 99), dish)
                day.tally[key] = day.tally.get(key, 0) + 1
            for extra, quantity in order.extras:
                key = (rank[Category.EXTRA.value], extra)
                day.tally[key] = day.tally.get(key, 0) + quantity
        return sorted(days.values(), key=lambda d: (d.date, d.cafe.casefold()))


async def monthly_report(month: dt.date) -> MonthlyReport:
    """Every active order delivered in `month`, by date, cafe and person (three queries)."""
    until = next_month(month)
    orders = (
        await Order.filter(date__gte=month, date__lt=until, status=OrderStatus.ACTIVE)
        .select_related("user", "cafe", "combo")
        .order_by("date", "id")
    )
    ids = [order.id for order in orders]
    dishes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    extras: dict[int, list[tuple[str, int]]] = defaultdict(list)
    if ids:
        for item in await OrderItem.filter(order_id__in=ids).select_related("menu_item"):
            menu_item = item.menu_item
            dishes[item.order_id].append((str(menu_item.category), menu_item.name))  # type: ignore[attr-defined]
        for extra in (
            await OrderExtra.filter(order_id__in=ids).select_related("menu_item").order_by("id")
        ):
            extras[extra.order_id].append((extra.menu_item.name, extra.quantity))  # type: ignore[attr-defined]
    lines = []
    for order in orders:
        position = {category: i for i, category in enumerate(order.combo.categories)}
        chosen = sorted(dishes[order.id], key=lambda d: position.get(d[0], 99))
        lines.append(
            ReportOrder(
                date=order.date,
                cafe=order.cafe.name,
                person=order.user.name,
                tgid=order.user.tgid,
                combo=order.combo.name,
                dishes=tuple(name for _, name in chosen),
                extras=tuple(extras[order.id]),
                notes=(order.notes or "").strip(),
                amount=order.total_amount,
                dish_categories=tuple(category for category, _ in chosen),
            )
        )
    lines.sort(key=lambda o: (o.date, o.cafe.casefold(), o.person.casefold(), o.tgid))
    return MonthlyReport(month=month, orders=tuple(lines))


# ---- files -------------------------------------------------------------------------------

ORDER_COLUMNS = ("date", "cafe", "person", "tgid", "combo", "dishes", "extras", "notes", "amount")


def _extras_text(extras: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} × {quantity}" for name, quantity in extras)


def _order_row(order: ReportOrder) -> list[object]:
    return [
        order.date,
        order.cafe,
        order.person,
        order.tgid,
        order.combo,
        ", ".join(order.dishes),
        _extras_text(order.extras),
        order.notes,
        order.amount,
    ]


def to_xlsx(report: MonthlyReport, label: Label, *, empty_note: str) -> bytes:
    # Imported here: openpyxl is a noticeable part of start-up, and only reports need it.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    people = workbook.active
    assert people is not None
    people.title = label("report-sheet-people")
    cafes = workbook.create_sheet(label("report-sheet-cafes"))
    orders = workbook.create_sheet(label("report-sheet-orders"))

    _header(people, [label(f"report-col-{c}") for c in ("person", "tgid", "orders", "total")])
    for person in report.people():
        people.append([person.name, person.tgid, person.orders, person.total])
    if report.orders:
        people.append([label("report-total"), None, len(report.orders), report.total])
        for cell in people[people.max_row]:
            cell.font = Font(bold=True)

    _header(cafes, [label(f"report-col-{c}") for c in ("cafe", "date", "orders", "total", "tally")])
    for day in report.cafe_days():
        cafes.append([day.cafe, day.date, day.orders, day.total, day.tally_text()])

    _header(orders, [label(f"report-col-{c}") for c in ORDER_COLUMNS])
    for order in report.orders:
        orders.append(_order_row(order))

    for sheet in (people, cafes, orders):
        if not report.orders:
            sheet.append([empty_note])
        _format(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(report: MonthlyReport, label: Label) -> bytes:
    """The Orders sheet. The BOM makes Excel read the file as UTF-8 (Cyrillic names)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([label(f"report-col-{c}") for c in ORDER_COLUMNS])
    for order in report.orders:
        row = _order_row(order)
        row[0] = order.date.isoformat()
        row[-1] = f"{order.amount:.2f}"
        writer.writerow(row)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _header(sheet: Worksheet, titles: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top")
    sheet.freeze_panes = "A2"


def _format(sheet: Worksheet) -> None:
    """Money with two decimals, dates as dates, each column as wide as its longest value."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = defaultdict(int)
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, Decimal):
                cell.number_format = MONEY_FORMAT
                shown = f"{value:,.2f}"
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
                shown = "00.00.0000"
            else:
                shown = "" if value is None else str(value)
            widths[cell.column] = max(widths[cell.column], len(shown))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)


# ---- one call for the bot, the API and the CLI -------------------------------------------

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class ReportFile:
    report: MonthlyReport
    filename: str
    content_type: str
    data: bytes


def month_title(month: dt.date, locale: str) -> str:
    """ "ноябрь 2026" / "November 2026" (CLDR's stand-alone month name)."""
    return format_date(month, "LLLL yyyy", locale=locale)


async def report_file(month: dt.date, fmt: str, translator: Translator, locale: str) -> ReportFile:
    if fmt not in FORMATS:
        raise InvalidError(
            f"format {fmt!r} is not one of xlsx, csv", code="invalid_format", field="format"
        )
    report = await monthly_report(month)

    def label(key: str) -> str:
        return translator.get(locale, key)

    if fmt == "csv":
        data = to_csv(report, label)
    else:
        note = translator.get(locale, "report-empty", month=month_title(month, locale))
        data = to_xlsx(report, label, empty_note=note)
    return ReportFile(report, f"{report.name}.{fmt}", FORMATS[fmt], data)
