"""The cafe's aggregated order message: its documented shape to the byte, plurals, escaping,
splitting, and a fixed number of queries however many orders there are."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest

from bot.notifications.message import OrdersMessage
from bot.texts import MAX_MESSAGE_LENGTH as MAX_LENGTH
from bot.texts import telegram_length
from core.i18n import Translator
from db.models import MenuItem, User
from services.notifications.orders import load_cafe_orders
from tests.support.orders import GOLDEN, make_cafe, make_golden_orders, make_order

DATE = dt.date(2026, 12, 8)


@pytest.fixture(scope="module")
async def translator() -> Translator:
    t = Translator()
    await t.load()
    return t


async def test_the_golden_message(translator: Translator) -> None:
    cafe = await make_golden_orders(DATE)
    summary = await load_cafe_orders(cafe.id, DATE)
    assert summary is not None
    assert summary.total == Decimal("1010.00")
    assert OrdersMessage(translator).render(summary) == [GOLDEN]


@pytest.mark.parametrize(
    ("count", "total"),
    [
        (1, "1 заказ, 320,00 ₽"),
        (3, "3 заказа, 960,00 ₽"),
        (5, "5 заказов, 1\u00a0600,00 ₽"),
        (21, "21 заказ, 6\u00a0720,00 ₽"),
    ],
)
async def test_russian_plurals_in_the_total(translator: Translator, count: int, total: str) -> None:
    cafe, menu, combos = await make_cafe()
    for i in range(count):
        user = await User.create(tgid=100 + i, name=f"Сотрудник {i:02}")
        await make_order(user, cafe, DATE, combos["light"], [menu["borsch"], menu["olivier"]])
    (text,) = OrdersMessage(translator).render(await load_cafe_orders(cafe.id, DATE))
    assert text.endswith(f"Итого: {total}")


async def test_english_cafe_chat(translator: Translator) -> None:
    cafe, menu, combos = await make_cafe(language="en")
    user = await User.create(tgid=1, name="John")
    await make_order(user, cafe, DATE, combos["light"], [menu["borsch"], menu["olivier"]])
    (text,) = OrdersMessage(translator).render(await load_cafe_orders(cafe.id, DATE))
    assert text.startswith("📋 Пельменная №1 — Order for 12/8/26\n")
    assert "     - Борщ (soup)" in text
    assert text.endswith("Total: 1 order, 320.00 ₽")


async def test_a_long_message_is_split_between_user_blocks_losing_nothing(
    translator: Translator,
) -> None:
    cafe, menu, combos = await make_cafe()
    for i in range(200):
        user = await User.create(tgid=1000 + i, name=f"Сотрудник номер {i:03}")
        await make_order(
            user,
            cafe,
            DATE,
            combos["full"],
            [menu["borsch"], menu["olivier"], menu["kotleta"]],
            extras=[(menu["pirozhok"], 1)],
            notes=f"заметка {i}",
        )
    parts = OrdersMessage(translator).render(await load_cafe_orders(cafe.id, DATE))
    assert len(parts) > 1
    assert all(telegram_length(part) <= MAX_LENGTH for part in parts)
    assert parts[0].startswith("📋 Пельменная №1 — Заказ на 08.12.2026\n━")
    assert sum(part.count("📋") for part in parts) == 1
    assert parts[-1].endswith("Итого: 200 заказов, 105\u00a0000,00 ₽")
    assert sum(part.count("Итого") for part in parts) == 1
    names = [line for part in parts for line in part.splitlines() if line.startswith("👤")]
    assert names == [f"👤 Сотрудник номер {i:03}:" for i in range(200)]
    for part in parts[1:]:
        assert part.startswith("👤")  # every part starts at a user block


def test_telegram_counts_visible_utf16_characters() -> None:
    assert telegram_length("<b>a</b> &amp; 📋") == len("a & ") + 2


class _QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.queries = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.queries += 1


@pytest.mark.parametrize("orders", [1, 200])
async def test_loading_takes_a_fixed_number_of_queries(orders: int) -> None:
    cafe, menu, combos = await make_cafe()
    for i in range(orders):
        user = await User.create(tgid=5000 + i, name=f"U{i}")
        await make_order(
            user,
            cafe,
            DATE,
            combos["full"],
            [menu["borsch"], menu["olivier"], menu["kotleta"]],
            extras=[(menu["mors"], 1)],
        )
    counter = _QueryCounter()
    logger = logging.getLogger("tortoise.db_client")
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        summary = await load_cafe_orders(cafe.id, DATE)
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)
    assert summary is not None
    assert summary.count == orders
    assert counter.queries == 2  # the cafe; the orders with their people, combos, dishes, extras


async def test_the_tally_counts_each_dish_by_category_most_first(translator: Translator) -> None:
    cafe, menu, combos = await make_cafe()
    solyanka = await MenuItem.create(cafe=cafe, key="solyanka", name="Солянка <сборная>",
                                     category="soup")  # fmt: skip
    soups = [menu["borsch"], menu["borsch"], solyanka, menu["borsch"]]
    for i, soup in enumerate(soups):
        user = await User.create(tgid=300 + i, name=f"Сотрудник {i}")
        await make_order(
            user, cafe, DATE, combos["light"], [soup, menu["olivier"]],
            extras=[(menu["mors"], 1), (menu["pirozhok"], 2)] if i == 0 else [],
        )  # fmt: skip
    (text,) = OrdersMessage(translator).render(await load_cafe_orders(cafe.id, DATE))
    tally = text.split("🧾 По блюдам:\n")[1].split("\n\n")[0]
    assert tally == (
        "   Суп: Борщ × 3, Солянка &lt;сборная&gt; × 1\n"
        "   Салат: Оливье × 4\n"
        "   Дополнительно: Пирожок с капустой × 2, Морс клюквенный × 1"
    )
    assert "👤 Сотрудник 0:" in text
    assert "   💰 590,00 ₽\n" in text  # 320 + 120 + 2 × 75
