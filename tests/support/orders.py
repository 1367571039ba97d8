"""Building cafes, menus and orders for a test, straight through the ORM."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from db.models import (
    Cafe,
    Category,
    Combo,
    MenuItem,
    Order,
    OrderExtra,
    OrderItem,
    OrderStatus,
    User,
)


async def make_cafe(
    name: str = "Пельменная №1", *, key: str = "pelmennaya", chat_id: int | None = -100500, **fields
) -> tuple[Cafe, dict[str, MenuItem], dict[str, Combo]]:
    cafe = await Cafe.create(key=key, name=name, tg_chat_id=chat_id, **fields)
    menu = {}
    for item_key, item_name, category, price in [
        ("borsch", "Борщ", Category.SOUP, "0"),
        ("olivier", "Оливье", Category.SALAD, "0"),
        ("kotleta", "Котлета по-киевски", Category.MAIN, "0"),
        ("grechka", "Гречка", Category.GARNISH, "0"),
        ("mors", "Морс клюквенный", Category.EXTRA, "120.00"),
        ("pirozhok", "Пирожок с капустой", Category.EXTRA, "75.00"),
    ]:
        menu[item_key] = await MenuItem.create(
            cafe=cafe, key=item_key, name=item_name, category=category, price=Decimal(price)
        )
    combos = {
        "full": await Combo.create(
            cafe=cafe,
            key="full",
            name="Полный обед",
            categories=["soup", "salad", "main"],
            price=Decimal("450.00"),
        ),
        "light": await Combo.create(
            cafe=cafe,
            key="light",
            name="Лёгкий",
            categories=["soup", "salad"],
            price=Decimal("320.00"),
        ),
    }
    return cafe, menu, combos


async def make_order(
    user: User,
    cafe: Cafe,
    date: dt.date,
    combo: Combo,
    dishes: list[MenuItem],
    extras: list[tuple[MenuItem, int]] = (),
    notes: str | None = None,
    **fields,
) -> Order:
    total = combo.price + sum((item.price * qty for item, qty in extras), Decimal(0))
    order = await Order.create(
        user=user, cafe=cafe, date=date, combo=combo, notes=notes, total_amount=total, **fields
    )
    await OrderItem.bulk_create([OrderItem(order=order, menu_item=item) for item in dishes])
    await OrderExtra.bulk_create(
        [
            OrderExtra(order=order, menu_item=item, quantity=q, unit_price=item.price)
            for item, q in extras
        ]
    )
    return order


# The cafe's message to the byte for `make_golden_orders`: combos, extras, notes, escaping,
# plurals, each person's amount and the tally by dish.
GOLDEN_TEMPLATE = """\
📋 Пельменная «У Васи» &amp; Co — Заказ на {date}
━━━━━━━━━━━━━━━━━━━━━

👤 Анна Петрова:
   • Полный обед
     - Борщ (суп)
     - Оливье (салат)
     - Котлета по-киевски (горячее)
   • Морс клюквенный ×2
   📝 без лука, пожалуйста
   💰 690,00 ₽

👤 Иван &lt;b&gt;Сидоров&lt;/b&gt; &amp;:
   • Лёгкий
     - Борщ (суп)
     - Оливье (салат)
   💰 320,00 ₽

🧾 По блюдам:
   Суп: Борщ × 2
   Салат: Оливье × 2
   Горячее: Котлета по-киевски × 1
   Дополнительно: Морс клюквенный × 2

━━━━━━━━━━━━━━━━━━━━━
Итого: 2 заказа, 1\u00a0010,00 ₽"""

GOLDEN = GOLDEN_TEMPLATE.format(date="08.12.2026")


async def make_golden_orders(date: dt.date, *, chat_id: int | None = -100500) -> Cafe:
    """Two people's orders for `date` (and some that must not show); returns the cafe."""
    cafe, menu, combos = await make_cafe("Пельменная «У Васи» & Co", chat_id=chat_id)
    ivan = await User.create(tgid=2, name="Иван <b>Сидоров</b> &")
    anna = await User.create(tgid=1, name="Анна Петрова")
    await make_order(ivan, cafe, date, combos["light"], [menu["olivier"], menu["borsch"]])
    await make_order(
        anna,
        cafe,
        date,
        combos["full"],
        [menu["kotleta"], menu["borsch"], menu["olivier"]],
        extras=[(menu["mors"], 2)],
        notes="  без лука, пожалуйста ",
    )
    # Not in the message: a cancelled order, another date, another cafe.
    await make_order(
        anna,
        cafe,
        date,
        combos["light"],
        [menu["borsch"], menu["olivier"]],
        status=OrderStatus.CANCELLED,
    )
    await make_order(
        anna, cafe, date + dt.timedelta(days=1), combos["light"], [menu["borsch"], menu["olivier"]]
    )
    return cafe
