"""The spreadsheet layout: what a manager's real workbook looks like (a title, merged header
cells, empty rows, numbers stored as text, words for categories and weekdays) is read as they
meant it, errors name sheet, row and column, and what we write reads back unchanged."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from services.importer import ImportError_, apply, load_file, parse
from services.menu_files import read_upload, write_workbook
from tests.support.catalog import CATALOG


def _book() -> Workbook:
    """A workbook as people make them: a merged title above a two-row header with merged
    cells, the price column's numbers stored as text, empty rows in between."""
    book = Workbook()
    ws = book.active
    ws.title = "Блюда"
    ws.append(["Меню «Пельменной №1» на неделю"])
    ws.merge_cells("A1:E1")
    ws.append(["Блюдо", None, None, "Стоимость", None])
    ws.merge_cells("A2:C2")
    ws.merge_cells("D2:E2")
    ws.append(["Ключ", "Название", "Категория", "Цена, ₽", "Доступно"])
    ws.append(["borsch", "Борщ", "Суп", None, "да"])
    ws.append([None, None, None, None, None])
    ws.append(["mors", "Морс клюквенный", "добавка", "120,50", "да"])
    ws.append([None, "Пирожок с капустой", "extra", " 75 ₽", None])
    ws.append([])
    ws.append(["kvas", "Квас", "extra", "90", "нет"])
    combos = book.create_sheet("Комбо")
    combos.append(["Название", "Категории", "Цена"])
    combos.append(["Суп дня", "суп", "250"])
    deadlines = book.create_sheet("Дедлайны")
    deadlines.append(["Дни", "Время", "За сколько дней"])
    deadlines.append(["пн-пт", dt.time(10, 0), None])
    deadlines.append(["сб", "18.00", "1"])
    days_off = book.create_sheet("Выходные")
    days_off.append(["Дата", "Комментарий"])
    days_off.append([dt.date(2026, 12, 31), "Новый год"])
    days_off.append(["01.01.2027", None])
    cafe = book.create_sheet("Кафе", 0)
    cafe.append(["Ключ", "Название"])
    cafe.append(["pelmennaya", "Пельменная №1"])
    return book


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_real_workbook_with_merged_headers_empty_rows_and_text_numbers_is_read() -> None:
    (cafe,) = read_upload("menu.xlsx", _bytes(_book()), None).cafes
    assert cafe.key == "pelmennaya"
    items = {m.name: m for m in cafe.menu}
    assert list(items) == ["Борщ", "Морс клюквенный", "Пирожок с капустой", "Квас"]
    assert items["Борщ"].category == "soup"
    assert items["Морс клюквенный"].price == Decimal("120.50")
    assert items["Пирожок с капустой"].price == Decimal("75")
    assert items["Пирожок с капустой"].available is True  # empty means available
    assert items["Квас"].available is False
    (combo,) = cafe.combos
    assert (combo.categories, combo.price) == (["soup"], Decimal("250"))
    weekdays = {d.time.strftime("%H:%M"): (d.weekdays, d.advance_days) for d in cafe.deadlines}
    assert weekdays == {"10:00": (["mon", "tue", "wed", "thu", "fri"], 0), "18:00": (["sat"], 1)}
    assert cafe.days_off == [dt.date(2026, 12, 31), dt.date(2027, 1, 1)]


def test_errors_name_sheet_row_and_column_and_all_are_reported() -> None:
    book = _book()
    ws = book["Блюда"]
    ws["C4"] = "sup"
    ws["D6"] = "много"
    ws.append(["borsch", "Борщ ещё раз", "soup"])
    book["Дедлайны"]["B2"] = "25:00"
    with pytest.raises(ImportError_) as caught:
        read_upload("menu.xlsx", _bytes(book), None)
    assert caught.value.errors == [
        "Блюда, row 10, «Ключ»: 'borsch' is already on row 4",
    ]
    ws.delete_rows(10)
    with pytest.raises(ImportError_) as caught:
        read_upload("menu.xlsx", _bytes(book), None)
    errors = sorted(caught.value.errors)
    assert errors[0].startswith(
        "Блюда, row 4, «Категория»: 'sup' is not one of soup, salad, main, garnish"
    )
    assert errors[1].startswith("Блюда, row 6, «Цена, ₽»: ")
    assert errors[2] == "Дедлайны, row 2, «Время»: '25:00' is not a time of day as HH:MM"
    assert len(errors) == 3


def test_unknown_columns_missing_sheets_and_other_cafes_are_errors() -> None:
    book = _book()
    book["Блюда"]["F3"] = "Калории"
    with pytest.raises(ImportError_) as caught:
        read_upload("menu.xlsx", _bytes(book), None)
    assert caught.value.errors[0].startswith("Блюда, row 3: unknown column «Калории»")

    other = parse(CATALOG).cafes[1]  # Green Bowl
    with pytest.raises(ImportError_) as caught:
        read_upload("menu.xlsx", _bytes(_book()), other)
    assert "this is the menu of 'pelmennaya', not of 'green-bowl'" in caught.value.errors[0]

    empty = Workbook()
    with pytest.raises(ImportError_, match="no sheet «Блюда»"):
        read_upload("menu.xlsx", _bytes(empty), other)
    with pytest.raises(ImportError_, match=r"not an \.xlsx workbook"):
        read_upload("menu.xlsx", b"not a zip", other)
    with pytest.raises(ImportError_, match=r"send an \.xlsx"):
        read_upload("menu.pdf", b"%PDF", other)


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_what_we_write_reads_back_unchanged(locale: str) -> None:
    cafe = parse(CATALOG).cafes[1].model_copy(update={"days_off": [dt.date(2026, 12, 31)]})
    (back,) = read_upload("menu.xlsx", write_workbook(cafe, locale), cafe).cafes
    assert back == cafe


def test_a_csv_holds_the_dishes_alone_and_keeps_the_rest() -> None:
    cafe = parse(CATALOG).cafes[1]
    text = "Название;Категория;Цена\nТом ям;суп;\nЦезарь;салат;\nЛимонад;добавка;160,00\n"
    (back,) = read_upload("menu.csv", text.encode("cp1251"), cafe).cafes
    assert {m.name: m.price for m in back.menu}["Лимонад"] == Decimal("160.00")
    assert [m.key for m in back.menu] == ["tom-yam", "cezar", "limonad"]  # matched by name
    assert back.combos == cafe.combos
    assert back.deadlines == cafe.deadlines


async def test_lunchbot_import_reads_xlsx_as_the_whole_menu(clean_db: None, tmp_path: Path) -> None:
    from db.models import Cafe, MenuItem

    await apply(parse(CATALOG))
    path = tmp_path / "menu.xlsx"
    path.write_bytes(_bytes(_book()))
    data = load_file(path)
    await apply(data, complete_menus=True)
    cafe = await Cafe.get(key="pelmennaya")
    available = set(
        await MenuItem.filter(cafe_id=cafe.id, is_available=True).values_list("name", flat=True)
    )
    assert available == {"Борщ", "Морс клюквенный", "Пирожок с капустой"}
    # The dishes the workbook leaves out are kept, unavailable.
    assert await MenuItem.filter(cafe_id=cafe.id, key="olivier", is_available=False).exists()


def test_the_committed_example_is_what_the_script_writes_and_it_reads() -> None:
    root = Path(__file__).resolve().parents[2]
    (cafe,) = load_file(root / "examples" / "menu.xlsx").cafes
    demo = next(c for c in load_file(root / "examples" / "demo.yaml").cafes if c.key == cafe.key)
    assert cafe.menu == demo.menu
    assert cafe.combos == demo.combos
    assert cafe.deadlines == demo.deadlines
    assert cafe.days_off


def test_a_yaml_upload_is_that_cafe_alone_and_keeps_what_it_leaves_out() -> None:
    current = parse(CATALOG).cafes[1]  # Green Bowl
    text = """
cafes:
  - key: green-bowl
    name: "Green Bowl"
    menu:
      - {key: tom-yam, name: "Том ям", category: soup}
"""
    (cafe,) = read_upload("menu.yaml", text.encode(), current).cafes
    assert [m.key for m in cafe.menu] == ["tom-yam"]
    assert cafe.deadlines == current.deadlines  # not in the file: kept
    assert cafe.combos == current.combos
    with pytest.raises(ImportError_, match="must hold the cafe 'green-bowl' alone"):
        read_upload("menu.yaml", text.replace("green-bowl", "pelmennaya").encode(), current)
    with pytest.raises(ImportError_, match="cafes only"):
        read_upload("menu.json", b'{"users": [{"tgid": 1, "name": "X"}]}', current)
