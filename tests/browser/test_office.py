"""The office tab: only for managers and admins; today at a glance, this month as bars by cafe
and a people table, and the month's .xlsx downloaded from the page."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from playwright.async_api import Page, expect

from core.clock import FrozenClock
from db.models import Deadline, Role, User
from lunchbot.app import Application
from tests.browser.conftest import open_app, shot
from tests.support.orders import make_cafe, make_order

ANNA = {"id": 9101, "first_name": "Анна", "last_name": "Петрова", "language_code": "ru"}
IVAN = {"id": 9201, "first_name": "Иван", "last_name": "Сидоров", "language_code": "ru"}


async def _month() -> None:
    pel, menu, combos = await make_cafe()
    sushi, smenu, scombos = await make_cafe("Суши-бар", key="sushi", chat_id=None)
    for cafe in (pel, sushi):
        for weekday in range(5):
            await Deadline.create(cafe=cafe, weekday=weekday, local_minutes=10 * 60)
    await User.create(tgid=ANNA["id"], name="Анна Петрова", role=Role.MANAGER)
    people = [await User.create(tgid=9200 + i, name=n) for i, n in
              enumerate(["Иван Сидоров", "Ольга <b>&", "Пётр", "Мария"], start=1)]  # fmt: skip
    light = [menu["borsch"], menu["olivier"]]
    for day in (1, 2, 3, 4, 7):
        for i, user in enumerate(people[: 1 + day % 4]):
            if (day + i) % 3:
                await make_order(user, pel, dt.date(2026, 12, day), combos["light"], light)
            else:
                await make_order(user, sushi, dt.date(2026, 12, day), scombos["light"],
                                 [smenu["borsch"], smenu["olivier"]])  # fmt: skip
    # Tomorrow: Иван has ordered, the others have not.
    await make_order(people[0], pel, dt.date(2026, 12, 8), combos["full"],
                     [menu["borsch"], menu["olivier"], menu["kotleta"]],
                     extras=[(menu["mors"], 1)])  # fmt: skip


async def test_the_office_tab_for_a_manager(
    page: Page, app: Application, app_url: str, clock: FrozenClock
) -> None:
    await _month()
    await open_app(page, app_url, clock, user=ANNA)
    await page.get_by_role("button", name="Офис").click()
    today = page.locator(".office-today")
    await expect(today.get_by_role("heading", name="Заказы на вт, 8 декабря")).to_be_visible()
    await expect(today.locator(".office-cafe")).to_have_count(2)
    await expect(today.locator(".office-cafe").first).to_contain_text("1 заказ")
    await expect(today.locator(".office-cafe").first).to_contain_text("570 ₽")
    await expect(today.locator(".office-missing h3")).to_have_text("Ещё не заказали: 4")
    await expect(today.locator(".office-missing p")).to_have_text(
        "Анна Петрова, Мария, Ольга <b>&, Пётр"
    )
    month = page.locator(".office-month")
    await expect(month.locator("svg.bars rect.bar")).not_to_have_count(0)
    labels = await month.locator("svg.bars .bar-label").all_text_contents()
    assert labels == ["01", "02", "03", "04", "07", "08"]
    values = await month.locator("svg.bars .bar-value").all_text_contents()
    assert values == ["2", "3", "4", "1", "4", "1"]
    await expect(month.locator(".legend li")).to_have_text(["Пельменная №1", "Суши-бар"])
    rows = page.locator("table.people tbody tr")
    await expect(rows).to_have_count(4)
    await expect(rows.first).to_have_text("Иван Сидоров6" + "2 170 ₽".replace(" ", "\u00a0"))
    await shot(page, "office")

    async with page.expect_download() as info:
        await page.get_by_role("button", name="Скачать .xlsx").click()
    download = await info.value
    assert download.suggested_filename == "lunch-2026-12.xlsx"
    book = load_workbook(io.BytesIO((await download.path()).read_bytes()))
    assert len(list(book["Заказы"].iter_rows())) == 1 + 15


async def test_employees_have_no_office_tab(
    page: Page, app: Application, app_url: str, clock: FrozenClock
) -> None:
    await open_app(page, app_url, clock, user=IVAN)
    await expect(page.get_by_role("button", name="Профиль")).to_be_visible()
    await expect(page.get_by_role("button", name="Офис")).to_have_count(0)
