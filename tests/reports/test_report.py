"""The monthly report: `/report` in the bot (a document through the Bot API double), the HTTP
endpoint (xlsx and csv) and `lunchbot report`; exact sums, cancelled orders left out."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import sys
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest
from openpyxl import load_workbook

from core.clock import FrozenClock
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer
from tests.conftest import TOKEN
from tests.links.conftest import Json, texts
from tests.reports.conftest import TOTALS, november
from tests.support.miniapp import IVAN, MiniApp
from tests.support.processes import PROCESS_TIMEOUT

pytestmark = pytest.mark.timeout(300)

ANNA = {"id": 9101, "first_name": "Анна", "last_name": "Петрова", "language_code": "ru"}


def money(value: object) -> Decimal:
    """A money cell as written: a number; exact to the kopeck."""
    assert isinstance(value, int | float), value
    return Decimal(str(value)).quantize(Decimal("0.01"))


def rows(sheet) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


async def documents(bot_api: BotAPIServer, chat_id: int) -> list[Json]:
    return [m for m in bot_api.messages(chat_id) if "document" in m]


async def test_report_in_the_bot_has_the_right_rows_and_exact_sums(
    app: Application, bot_api: BotAPIServer, anna: Json
) -> None:
    await november()
    await bot_api.send_text(anna["id"], anna, "/report 2026-11")
    (sent,) = await documents(bot_api, anna["id"])
    assert sent["document"]["file_name"] == "lunch-2026-11.xlsx"
    assert sent["caption"] == "📊 Отчёт за ноябрь 2026: 4 заказа, 1\u00a0985,00 ₽"
    book = load_workbook(io.BytesIO(bot_api.document_bytes(sent)))
    assert book.sheetnames == ["Сотрудники", "Кафе", "Заказы"]

    people = rows(book["Сотрудники"])
    assert people[0] == ["Сотрудник", "Telegram id", "Заказов", "Сумма, ₽"]
    assert [(r[0], r[1], r[2], money(r[3])) for r in people[1:3]] == [
        ("Иван Сидоров", 9201, 2, TOTALS["Иван Сидоров"]),
        ("Мария <b>&", 9301, 2, TOTALS["Мария <b>&"]),
    ]
    assert people[3][:3] == ["Итого", None, 4]
    assert money(people[3][3]) == Decimal("1985.00")

    cafes = rows(book["Кафе"])
    assert cafes[0] == ["Кафе", "Дата доставки", "Заказов", "Сумма, ₽", "По блюдам"]
    summary = [(r[0], r[1].date().isoformat(), r[2], money(r[3]), r[4]) for r in cafes[1:]]
    assert summary == [
        ("Пельменная №1", "2026-11-03", 2, Decimal("1085.00"),
         "Борщ × 2, Оливье × 2, Котлета по-киевски × 1, Морс клюквенный × 2, "
         "Пирожок с капустой × 1"),
        ("Пельменная №1", "2026-11-20", 1, Decimal("450.00"),
         "Борщ × 1, Оливье × 1, Котлета по-киевски × 1"),
        ("Суши-бар", "2026-11-20", 1, Decimal("450.00"),
         "Борщ × 1, Оливье × 1, Котлета по-киевски × 1"),
    ]  # fmt: skip

    orders_sheet = book["Заказы"]
    orders = rows(orders_sheet)
    assert orders[0] == ["Дата доставки", "Кафе", "Сотрудник", "Telegram id", "Комбо", "Блюда",
                         "Дополнительно", "Комментарий", "Сумма, ₽"]  # fmt: skip
    assert len(orders) == 5  # the cancelled order and December's are left out
    assert orders[1][2:] == [
        "Иван Сидоров", 9201, "Лёгкий", "Борщ, Оливье", "Морс клюквенный × 2", "без лука", 560
    ]  # fmt: skip
    assert sum(money(r[8]) for r in orders[1:]) == Decimal("1985.00")
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
    assert orders_sheet["I2"].number_format == "#,##0.00"
    assert orders_sheet["A2"].number_format == "DD.MM.YYYY"
    widths = {col: orders_sheet.column_dimensions[col].width for col in "ABCFI"}
    assert widths["C"] >= len("Иван Сидоров")
    assert widths["F"] >= len("Борщ, Оливье, Котлета")

    # The month before, from the button next to the file.
    await bot_api.click(anna["id"], "◀ октябрь 2026", from_user=anna)
    _, second = await documents(bot_api, anna["id"])
    assert second["document"]["file_name"] == "lunch-2026-10.xlsx"
    assert second["caption"] == "📊 За октябрь 2026 заказов нет: в файле только заголовки."


async def test_report_defaults_to_this_month_and_an_empty_month_is_a_file_not_an_error(
    app: Application, bot_api: BotAPIServer, anna: Json
) -> None:
    await bot_api.send_text(anna["id"], anna, "/report")  # the clock: 7 December 2026
    (sent,) = await documents(bot_api, anna["id"])
    assert sent["document"]["file_name"] == "lunch-2026-12.xlsx"
    book = load_workbook(io.BytesIO(bot_api.document_bytes(sent)))
    for sheet in book.worksheets:
        header, note = rows(sheet)
        assert all(header)
        assert note == ["Заказов за декабрь 2026 нет."] + [None] * (len(header) - 1)
    # Bad input gets the usage line, and no file.
    await bot_api.send_text(anna["id"], anna, "/report 2026-13")
    assert bot_api.messages(anna["id"])[-1]["text"].startswith("Использование: <code>/report")
    assert len(await documents(bot_api, anna["id"])) == 1


async def test_employees_get_no_report(
    app: Application, bot_api: BotAPIServer, ivan_employee: Json
) -> None:
    await bot_api.send_text(ivan_employee["id"], ivan_employee, "/report 2026-11")
    assert texts(bot_api, ivan_employee["id"]) == ["Это могут только менеджеры и администраторы."]
    assert bot_api.calls_to("sendDocument") == []


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_the_api_gives_xlsx_and_csv_to_managers_and_403_to_employees(
    app: Application, app_url: str, clock: FrozenClock, anna: Json, http: aiohttp.ClientSession
) -> None:
    await november()
    manager = MiniApp(http, app_url, clock, ANNA)
    url = f"{app_url}/api/v1/reports/monthly"
    auth = {"Authorization": manager.authorization()}
    async with http.get(url, params={"month": "2026-11", "format": "csv"}, headers=auth) as r:
        assert r.status == 200
        assert r.headers["Content-Disposition"] == 'attachment; filename="lunch-2026-11.csv"'
        body = await r.read()
    assert body.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert table[0][:3] == ["Дата доставки", "Кафе", "Сотрудник"]
    assert len(table) == 5
    assert table[1] == ["2026-11-03", "Пельменная №1", "Иван Сидоров", "9201", "Лёгкий",
                        "Борщ, Оливье", "Морс клюквенный × 2", "без лука", "560.00"]  # fmt: skip
    assert sum(Decimal(row[8]) for row in table[1:]) == Decimal("1985.00")
    assert "Мария <b>&" in {row[2] for row in table}

    async with http.get(url, params={"month": "2026-11"}, headers=auth) as r:
        assert r.status == 200
        book = load_workbook(io.BytesIO(await r.read()))
    assert len(rows(book.worksheets[2])) == 5

    for bad in ("11-2026", "0000-01", "2026-13"):
        async with http.get(url, params={"month": bad}, headers=auth) as r:
            assert r.status == 422
            assert (await r.json())["error"]["details"]["field"] == "month"
    async with http.get(url, params={"format": "pdf"}, headers=auth) as r:
        assert r.status == 422
    status, body = await MiniApp(http, app_url, clock, IVAN).get("/reports/monthly")
    assert status == 403
    assert body["error"]["code"] == "forbidden"


async def test_lunchbot_report_writes_the_file(
    app: Application, database_url: str, tmp_path: Path
) -> None:
    await november()
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}} | {
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "LOG_LEVEL": "WARNING",
    }
    target = tmp_path / "nov.csv"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "lunchbot", "report", "2026-11", "-o", str(target), "--format", "csv",
        env=env, stdout=-1, stderr=-1,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), timeout=PROCESS_TIMEOUT)
    assert proc.returncode == 0, err.decode()
    assert out.decode().strip() == f"{target}: 4 orders, 1985.00 ₽ (2026-11)"
    table = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert len(table) == 5
