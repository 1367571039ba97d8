"""A month of orders in two cafes for the report and office tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from db.models import Cafe, OrderStatus, Role, User
from sandbox import updates as build
from sandbox.telegram import BotAPIServer
from tests.links.conftest import Json, staff
from tests.support.orders import make_cafe, make_order

NOV = dt.date(2026, 11, 1)


@pytest.fixture
async def anna(bot_api: BotAPIServer) -> Json:
    return await staff(bot_api, 9101, "Анна Петрова", role=Role.MANAGER)


@pytest.fixture
async def ivan_employee(bot_api: BotAPIServer) -> Json:
    await User.create(tgid=9201, name="Иван Сидоров")
    person = build.user(9201, "Иван", "Сидоров")
    bot_api.add_chat(build.private_chat(person), started=True)
    return person


async def november() -> tuple[Cafe, Cafe]:
    """Pelmennaya: Иван (light + 2 морса) on the 3rd, `<b>&` (full) on the 3rd and the 20th,
    a cancelled order; Sushi: Иван on the 20th. Plus a December order (not in November)."""
    pel, menu, combos = await make_cafe()
    sushi, smenu, scombos = await make_cafe("Суши-бар", key="sushi", chat_id=-100600)
    ivan = await User.get_or_none(tgid=9201) or await User.create(tgid=9201, name="Иван Сидоров")
    odd = await User.create(tgid=9301, name="Мария <b>&")
    light = [menu["borsch"], menu["olivier"]]
    full = [menu["borsch"], menu["olivier"], menu["kotleta"]]
    await make_order(ivan, pel, dt.date(2026, 11, 3), combos["light"], light,
                     extras=[(menu["mors"], 2)], notes="без лука")  # fmt: skip
    await make_order(odd, pel, dt.date(2026, 11, 3), combos["full"], full,
                     extras=[(menu["pirozhok"], 1)])  # fmt: skip
    await make_order(odd, pel, dt.date(2026, 11, 20), combos["full"], full)
    await make_order(ivan, pel, dt.date(2026, 11, 20), combos["light"], light,
                     status=OrderStatus.CANCELLED)  # fmt: skip
    await make_order(ivan, sushi, dt.date(2026, 11, 20), scombos["full"],
                     [smenu["borsch"], smenu["olivier"], smenu["kotleta"]])  # fmt: skip
    await make_order(ivan, pel, dt.date(2026, 12, 1), combos["light"], light)
    return pel, sushi


# Иван: 320 + 240 (light, 2 морса) + 450 (sushi) = 1010; Мария: 450 + 75 + 450 = 975.
TOTALS = {"Иван Сидоров": Decimal("1010.00"), "Мария <b>&": Decimal("975.00")}
