"""Menu spreadsheets: a cafe's menu as an `.xlsx` workbook (or its dishes as `.csv`), read into
the import structure of `services.importer` and validated by the same models as
`lunchbot import`, so a spreadsheet, a YAML file and the database agree on what is valid.

The layout (README, "Menus from a spreadsheet"; `examples/menu.xlsx` is one):

- "Кафе"/"Cafe": Ключ/Key, Название/Name (one row);
- "Блюда"/"Dishes": Ключ/Key, Название/Name, Категория/Category, Цена/Price,
  Доступно/Available;
- "Комбо"/"Combos": Ключ/Key, Название/Name, Категории/Categories, Цена/Price,
  Доступно/Available;
- "Дедлайны"/"Deadlines": Дни/Days, Время/Time, За сколько дней/Days before;
- "Выходные"/"Days off": Дата/Date.

Headers are Russian or English, in any of the first rows (a title above them is fine).
Only "Блюда" is required. A sheet left out keeps what the cafe has (its combos, deadlines,
days off); a sheet given is the whole truth: dishes and combos it leaves out become
unavailable. Spreadsheet habits are forgiven: merged cells (the value of a merged range is in
each of its cells), empty rows, numbers stored as text ("120,50", "120 ₽"), categories and
weekdays in words ("суп", "пн-пт"), a "Комментарий"/"Comment" column. An empty key is the
existing dish of that name, or a new one. Every error names sheet, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from db.models import Category
from services.importer import WEEKDAYS, CafeIn, ImportError_, ImportFile, parse, validate
from services.inputs import field_path

MAX_UPLOAD = 1024 * 1024  # bytes: a menu is a few kilobytes; more is not a menu
KINDS = {".xlsx": "xlsx", ".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}

# Sheet and column names by locale: (Russian, English). The first is what we write in `ru`.
SHEETS = {
    "cafe": ("Кафе", "Cafe"),
    "menu": ("Блюда", "Dishes"),
    "combos": ("Комбо", "Combos"),
    "deadlines": ("Дедлайны", "Deadlines"),
    "days_off": ("Выходные", "Days off"),
}
COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "cafe": {"key": ("Ключ", "Key"), "name": ("Название", "Name")},
    "menu": {
        "key": ("Ключ", "Key"),
        "name": ("Название", "Name"),
        "category": ("Категория", "Category"),
        "price": ("Цена", "Price"),
        "available": ("Доступно", "Available"),
    },
    "combos": {
        "key": ("Ключ", "Key"),
        "name": ("Название", "Name"),
        "categories": ("Категории", "Categories"),
        "price": ("Цена", "Price"),
        "available": ("Доступно", "Available"),
    },
    "deadlines": {
        "weekdays": ("Дни", "Days"),
        "time": ("Время", "Time"),
        "advance_days": ("За сколько дней", "Days before"),
    },
    "days_off": {"date": ("Дата", "Date")},
}
REQUIRED = {
    "cafe": ("key",),
    "menu": ("name", "category"),
    "combos": ("name", "categories", "price"),
    "deadlines": ("weekdays", "time"),
    "days_off": ("date",),
}
COMMENT = ("комментарий", "примечание", "comment", "note", "notes", "причина", "reason")
HEADER_SCAN = 10  # rows searched for the header (a title above it is fine)

CATEGORY_WORDS = {
    Category.SOUP: ("суп", "супы", "soup"),
    Category.SALAD: ("салат", "салаты", "salad"),
    Category.MAIN: ("горячее", "основное", "второе", "main"),
    Category.GARNISH: ("гарнир", "гарниры", "garnish", "side"),
    Category.DRINK: ("напиток", "напитки", "drink"),
    Category.DESSERT: ("десерт", "десерты", "dessert"),
    Category.BAKERY: ("выпечка", "bakery"),
    Category.EXTRA: ("добавка", "добавки", "дополнительно", "extra", "extras"),
}
_CATEGORY = {word: str(c) for c, words in CATEGORY_WORDS.items() for word in words}
CATEGORY_NAMES = {"ru": {c: words[0] for c, words in CATEGORY_WORDS.items()}}
WEEKDAY_WORDS = (
    ("пн", "понедельник", "mon", "monday"),
    ("вт", "вторник", "tue", "tuesday"),
    ("ср", "среда", "wed", "wednesday"),
    ("чт", "четверг", "thu", "thursday"),
    ("пт", "пятница", "fri", "friday"),
    ("сб", "суббота", "sat", "saturday"),
    ("вс", "воскресенье", "sun", "sunday"),
)
_WEEKDAY = {word: i for i, words in enumerate(WEEKDAY_WORDS) for word in words}
YES = ("да", "yes", "true", "1", "+", "✅", "y", "д", "есть")
NO = ("нет", "no", "false", "0", "-", "⛔", "n", "н", "стоп", "stop")


def _norm(value: Any) -> str:
    """A header or sheet name as compared: case, spaces, "ё" and a unit after a comma or in
    brackets ("Цена, ₽", "Price (RUB)") do not matter."""
    text = re.split(r"[,(]", str(value or ""), maxsplit=1)[0]
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").split()).casefold()


_SHEET = {_norm(name): kind for kind, names in SHEETS.items() for name in names}
_COLUMN = {
    kind: {
        **{_norm(n): f for f, names in cols.items() for n in names},
        **{_norm(f): f for f in cols},
    }
    for kind, cols in COLUMNS.items()
}


def file_kind(filename: str | None) -> str | None:
    """ "xlsx", "csv", "yaml", "json", or None for a file type we do not read."""
    name = (filename or "").lower()
    return next((kind for suffix, kind in KINDS.items() if name.endswith(suffix)), None)


# ---- reading ---------------------------------------------------------------------------


@dataclass
class _Sheet:
    kind: str
    title: str
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row number, values)

    def column(self, name: str) -> str:
        return self.headers.get(name) or COLUMNS[self.kind][name][0]


class _Places:
    """Where each entry of the import structure came from, to name it in errors."""

    def __init__(self) -> None:
        self.sheets: dict[str, _Sheet] = {}
        self.rows: dict[tuple[str, int], int] = {}  # (kind, index) -> sheet row number

    def __call__(self, loc: tuple[Any, ...]) -> str:
        # loc is ("cafes", 0, kind, index, field, …) or ("cafes", 0, field)
        parts = list(loc[2:]) if loc[:1] == ("cafes",) else list(loc)
        if parts and parts[0] in self.sheets and len(parts) > 1 and isinstance(parts[1], int):
            sheet = self.sheets[parts[0]]
            row = self.rows.get((parts[0], parts[1]))
            place = f"{sheet.title}, row {row}" if row else sheet.title
            if len(parts) > 2 and parts[2] in COLUMNS[sheet.kind]:
                place += f", «{sheet.column(parts[2])}»"
            return place
        if parts and parts[0] in ("key", "name") and "cafe" in self.sheets:
            sheet = self.sheets["cafe"]
            row = self.rows.get(("cafe", 0))
            return f"{sheet.title}, row {row}, «{sheet.column(parts[0])}»"
        return field_path(loc) or "file"


def _cells_of(ws: Any) -> list[list[Any]]:
    """The sheet's values, row by row, with each merged range's value in all its cells."""
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
        for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
            row = grid[r - 1]
            row.extend([None] * (merged.max_col - len(row)))
            for c in range(merged.min_col, merged.max_col + 1):
                row[c - 1] = top
    return grid


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(kind: str, title: str, grid: list[list[Any]], problems: list[str]) -> _Sheet:
    sheet = _Sheet(kind, title)
    known = _COLUMN[kind]
    header_at = None
    for index, row in enumerate(grid[:HEADER_SCAN]):
        names = {_norm(v) for v in row if not _blank(v)}
        if len(names & set(known)) >= min(2, len(COLUMNS[kind])):
            header_at = index
            break
    if header_at is None:
        expected = ", ".join(f"«{names[0]}»/«{names[1]}»" for names in COLUMNS[kind].values())
        problems.append(f"{title}: no header row found; the columns are {expected}")
        return sheet
    columns: dict[int, str] = {}
    for col, value in enumerate(grid[header_at]):
        if _blank(value) or _norm(value) in COMMENT:
            continue
        name = known.get(_norm(value))
        if name is None:
            expected = ", ".join(f"«{n[0]}»" for n in COLUMNS[kind].values())
            problems.append(
                f"{title}, row {header_at + 1}: unknown column «{str(value).strip()}»; "
                f"the columns are {expected}"
            )
        elif name in sheet.headers:
            # A header merged over two columns names both: the first one holds the value.
            continue
        else:
            sheet.headers[name] = str(value).strip()
            columns[col] = name
    for name in REQUIRED[kind]:
        if name not in sheet.headers:
            problems.append(f"{title}: the column «{COLUMNS[kind][name][0]}» is missing")
    for number, row in enumerate(grid[header_at + 1 :], start=header_at + 2):
        values = {columns[c]: v for c, v in enumerate(row) if c in columns and not _blank(v)}
        if values:  # empty rows (and rows with only a comment) are skipped
            sheet.rows.append((number, values))
    return sheet


def _text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else value


def _money(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = re.sub(r"(?i)\s|\u00a0|₽|руб\.?|rub", "", str(value)).replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return str(value).strip()  # the model says why it is not a price


def _flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    return text


def _category(value: Any) -> Any:
    text = _text(value)
    return _CATEGORY.get(text.casefold(), text)


def _categories(value: Any) -> list[Any]:
    return [_category(part) for part in re.split(r"[,;+/]", str(value)) if part.strip()]


def _weekdays(value: Any) -> list[Any]:
    days: list[Any] = []
    for part in re.split(r"[,;\s]+", str(value).casefold().replace("–", "-").replace("—", "-")):
        if not part:
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            if first in _WEEKDAY and last in _WEEKDAY and _WEEKDAY[first] <= _WEEKDAY[last]:
                days.extend(WEEKDAYS[i] for i in range(_WEEKDAY[first], _WEEKDAY[last] + 1))
                continue
        days.append(WEEKDAYS[_WEEKDAY[part]] if part in _WEEKDAY else part)
    return days


def _time(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and 0 <= value < 1:  # Excel keeps a time as a day's fraction
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = _text(value).replace(".", ":")
    return f"{text}:00" if text.isdigit() else text


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return text


def derived_key(prefix: str, name: str) -> str:
    """A stable key for a row written without one (the same name gives the same key)."""
    digest = hashlib.sha1(" ".join(name.split()).casefold().encode()).hexdigest()[:8]
    return f"{prefix}-{digest}"


def _entries(
    sheet: _Sheet, places: _Places, known: dict[str, str], prefix: str, problems: list[str]
) -> list[dict[str, Any]]:
    """Dishes or combos: rows as import entries; `known` maps a casefolded name to the key of
    the cafe's existing entry of that name (for rows without a key)."""
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, values in sheet.rows:
        entry: dict[str, Any] = {}
        for name, value in values.items():
            if name in ("key", "name"):
                entry[name] = _text(value)
            elif name == "category":
                entry[name] = _category(value)
            elif name == "categories":
                entry[name] = _categories(value)
            elif name == "price":
                entry[name] = _money(value)
            elif name == "available":
                entry[name] = _flag(value)
        if "key" not in entry and isinstance(entry.get("name"), str):
            name = " ".join(entry["name"].split()).casefold()
            entry["key"] = known.get(name) or derived_key(prefix, entry["name"])
        key = entry.get("key")
        if isinstance(key, str):
            if key in seen:
                column = "key" if "key" in values else "name"
                problems.append(
                    f"{sheet.title}, row {number}, «{sheet.column(column)}»: "
                    f"{values[column]!r} is already on row {seen[key]}"
                )
                continue
            seen[key] = number
        places.rows[(sheet.kind, len(entries))] = number
        entries.append(entry)
    return entries


def read_workbook(data: bytes, current: CafeIn | None) -> ImportFile:
    """An `.xlsx` menu, validated; `current` is the cafe it is uploaded to (None: the
    workbook's "Кафе" sheet names it, as `lunchbot import` needs)."""
    # openpyxl is imported when a spreadsheet is handled: the bot's start does not pay for it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportError_([f"not an .xlsx workbook: {error}"]) from None
    problems: list[str] = []
    sheets: dict[str, _Sheet] = {}
    for ws in book.worksheets:
        kind = _SHEET.get(_norm(ws.title))
        if kind is None or kind in sheets:
            continue  # an instructions sheet, a chart: not ours to read
        sheets[kind] = _table(kind, ws.title, _cells_of(ws), problems)
    if "menu" not in sheets:
        problems.append("no sheet «Блюда» (or «Dishes») with the dishes")
    if problems:
        raise ImportError_(problems)
    return _assemble(sheets, current)


def read_csv(data: bytes, current: CafeIn | None) -> ImportFile:
    """The dishes alone, as the "Блюда" sheet's columns (Excel writes `;` in Russian)."""
    if current is None:
        raise ImportError_(["a .csv holds dishes only: upload it to a cafe in /menus"])
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes every byte but one
        raise ImportError_(["the .csv is not text in UTF-8 or Windows-1251"])
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid: list[list[Any]] = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    problems: list[str] = []
    sheet = _table("menu", "CSV", grid, problems)
    if problems:
        raise ImportError_(problems)
    return _assemble({"menu": sheet}, current)


def _assemble(sheets: dict[str, _Sheet], current: CafeIn | None) -> ImportFile:
    problems: list[str] = []
    places = _Places()
    places.sheets = sheets
    cafe: dict[str, Any] = {}
    if current is not None:
        cafe = current.model_dump(mode="python", exclude={"menu", "combos"})
    if "cafe" in sheets:
        sheet = sheets["cafe"]
        if not sheet.rows:
            problems.append(f"{sheet.title}: the cafe's row is missing")
        else:
            number, values = sheet.rows[0]
            places.rows[("cafe", 0)] = number
            key = _text(values.get("key")) if "key" in values else None
            if current is not None and key is not None and key != current.key:
                problems.append(
                    f"{sheet.title}, row {number}, «{sheet.column('key')}»: this is the menu of "
                    f"{key!r}, not of {current.key!r} (pick that cafe in /menus)"
                )
            if key is not None:
                cafe["key"] = key
            if "name" in values:
                cafe["name"] = _text(values["name"])
    elif current is None:
        problems.append("no sheet «Кафе» (or «Cafe») with the cafe's key")

    def by_name(entries: Iterable[Any]) -> dict[str, str]:
        return {" ".join(e.name.split()).casefold(): e.key for e in entries}

    cafe["menu"] = _entries(
        sheets["menu"], places, by_name(current.menu if current else []), "dish", problems
    )
    if "combos" in sheets:
        known = by_name(current.combos if current else [])
        cafe["combos"] = _entries(sheets["combos"], places, known, "combo", problems)
    elif current is not None:
        cafe["combos"] = [c.model_dump(mode="python") for c in current.combos]
    if "deadlines" in sheets:
        sheet = sheets["deadlines"]
        cafe["deadlines"] = []
        for number, values in sheet.rows:
            places.rows[("deadlines", len(cafe["deadlines"]))] = number
            entry: dict[str, Any] = {}
            if "weekdays" in values:
                entry["weekdays"] = _weekdays(values["weekdays"])
            if "time" in values:
                entry["time"] = _time(values["time"])
            if "advance_days" in values:
                entry["advance_days"] = _whole(values["advance_days"])
            cafe["deadlines"].append(entry)
    if "days_off" in sheets:
        sheet = sheets["days_off"]
        cafe["days_off"] = []
        for number, values in sheet.rows:
            if "date" not in values:
                problems.append(f"{sheet.title}, row {number}, «{sheet.column('date')}»: required")
                continue
            places.rows[("days_off", len(cafe["days_off"]))] = number
            cafe["days_off"].append(_date(values["date"]))
    if problems:
        raise ImportError_(problems)
    return validate({"cafes": [cafe]}, places)


def read_import_text(data: bytes, current: CafeIn | None) -> ImportFile:
    """A YAML/JSON file in the import format, as an upload: its cafes only (people and orders
    go through `lunchbot import`), and for the cafe uploaded to, what it leaves out is kept."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(["the file is not UTF-8 text"]) from None
    parsed = parse(text)
    if parsed.users or parsed.orders:
        raise ImportError_(["an upload holds cafes only; people and orders: `lunchbot import`"])
    if current is None:
        return parsed
    others = [c.key for c in parsed.cafes if c.key != current.key]
    if others or not parsed.cafes:
        raise ImportError_(
            [f"this file must hold the cafe {current.key!r} alone (found: {others or 'none'})"]
        )
    (cafe,) = parsed.cafes
    kept = {
        name: getattr(current, name)
        for name in ("name", "active", "language", "deadlines", "combos", "days_off")
        if name not in cafe.model_fields_set
    }
    return ImportFile(cafes=[cafe.model_copy(update=kept)])


def read_upload(filename: str | None, data: bytes, current: CafeIn | None) -> ImportFile:
    """Any menu file a manager may send (by its name's suffix), validated."""
    if len(data) > MAX_UPLOAD:
        raise ImportError_([f"the file is over {MAX_UPLOAD // 1024} KB"])
    kind = file_kind(filename)
    if kind == "xlsx":
        return read_workbook(data, current)
    if kind == "csv":
        return read_csv(data, current)
    if kind in ("yaml", "json"):
        return read_import_text(data, current)
    raise ImportError_(["send an .xlsx, .csv, .yaml or .json file"])


# ---- writing ---------------------------------------------------------------------------


def _weekday_text(weekdays: list[str], locale: str) -> str:
    words = [WEEKDAY_WORDS[WEEKDAYS.index(d)][0 if locale == "ru" else 2] for d in weekdays]
    indexes = [WEEKDAYS.index(d) for d in weekdays]
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{words[0]}-{words[-1]}"
    return ", ".join(words)


def write_workbook(cafe: CafeIn, locale: str = "ru") -> bytes:
    """The cafe's menu as the workbook `read_workbook` reads back unchanged."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lang = 0 if locale == "ru" else 1
    yes, no = ("да", "нет") if lang == 0 else ("yes", "no")
    book = Workbook()
    book.remove(book.active)

    def category(value: Any) -> str:
        return CATEGORY_NAMES["ru"][Category(value)] if lang == 0 else str(value)

    def sheet(kind: str, rows: list[list[Any]], widths: list[int]) -> Any:
        ws = book.create_sheet(SHEETS[kind][lang])
        ws.append([names[lang] for names in COLUMNS[kind].values()])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for letter, width in zip("ABCDE", widths, strict=False):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A2"
        return ws

    sheet("cafe", [[cafe.key, cafe.name]], [20, 36])
    menu = sheet(
        "menu",
        [
            [
                m.key,
                m.name,
                category(m.category),
                float(m.price) if m.price or m.category == Category.EXTRA else None,
                yes if m.available else no,
            ]
            for m in cafe.menu
        ],
        [20, 36, 14, 10, 11],
    )
    combos = sheet(
        "combos",
        [
            [
                c.key,
                c.name,
                ", ".join(category(x) for x in c.categories),
                float(c.price),
                yes if c.available else no,
            ]
            for c in cafe.combos
        ],
        [20, 30, 30, 10, 11],
    )
    for ws in (menu, combos):
        for (cell,) in ws.iter_rows(min_row=2, min_col=4, max_col=4):
            cell.number_format = "0.00"
    grouped: dict[tuple[str, int], list[str]] = {}
    for d in cafe.deadlines:
        grouped.setdefault((d.time.strftime("%H:%M"), d.advance_days), []).extend(d.weekdays)
    sheet(
        "deadlines",
        [
            [_weekday_text(sorted(days, key=WEEKDAYS.index), locale), time, advance]
            for (time, advance), days in grouped.items()
        ],
        [20, 10, 16],
    )
    days_off = sheet("days_off", [[day] for day in sorted(cafe.days_off or [])], [14])
    for (cell,) in days_off.iter_rows(min_row=2, max_col=1):
        cell.number_format = "DD.MM.YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def describe(errors: list[str], limit: int = 20) -> str:
    """Errors as lines for a message (the first `limit` of them)."""
    shown = errors[:limit]
    more = len(errors) - len(shown)
    return "\n".join(shown) + (f"\n… (+{more})" if more > 0 else "")
