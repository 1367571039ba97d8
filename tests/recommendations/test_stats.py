"""Order statistics against numbers worked out by hand."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from tortoise import Tortoise

from core.clock import FrozenClock
from db.models import Category, MenuItem, Order, OrderItem, OrderStatus, User
from services.stats import OrderStats, StatsService, percentages
from tests.recommendations.conftest import World, day
from tests.support.miniapp import count_queries

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
async def people(world: World) -> dict[str, User]:
    ivan = await User.create(tgid=9201, name="Иван")
    olga = await User.create(tgid=9202, name="Ольга", language="en")
    petr = await User.create(tgid=9203, name="Пётр")
    gone = await User.create(tgid=9204, name="Уволен", is_active=False)
    await User.create(tgid=9205, name="Дмитрий")

    # Ivan: five active orders in the window, from two cafes.
    await world.order(ivan, "full", ["borsch", "olivier", "kotleta"], day(-1), extras={"mors": 2})
    await world.order(ivan, "full", ["borsch", "olivier", "pelmeni"], day(-3))
    await world.order(ivan, "light", ["shchi", "kotleta"], day(-5))
    await world.order(ivan, "grill", ["caesar", "steak", "fries"], day(-10))
    await world.order(ivan, "light", ["borsch", "pelmeni"], day(-29))  # the window's first day
    # …and what does not count: cancelled, a day too old, not delivered yet.
    await world.order(
        ivan, "full", ["shchi", "olivier", "pelmeni"], day(-2), status=OrderStatus.CANCELLED
    )
    await world.order(ivan, "light", ["borsch", "kotleta"], day(-30))
    await world.order(ivan, "light", ["borsch", "kotleta"], day(1))

    await world.orders(olga, 5, "light", ["borsch", "kotleta"])  # exactly enough
    await world.order(olga, "ramen", ["ramen"], day(-6), status=OrderStatus.CANCELLED)
    await world.orders(petr, 4, "light", ["shchi", "pelmeni"])  # one short
    for offset in (31, 40, 60):
        await world.order(petr, "light", ["shchi", "pelmeni"], day(-offset))
    await world.orders(gone, 6, "light", ["borsch", "kotleta"])  # inactive users are left out
    return {"ivan": ivan, "olga": olga, "petr": petr}


@pytest.fixture
def stats(clock: FrozenClock) -> StatsService:
    return StatsService(MOSCOW, clock)


async def test_one_users_statistics(people, stats: StatsService) -> None:
    ivan = await stats.for_user(9201)

    assert ivan.orders == 5
    # 13 dishes: soup 4 (borsch ×3, shchi), salad 3, main 5, garnish 1; the extra is no dish.
    assert ivan.category_counts == {"main": 5, "soup": 4, "salad": 3, "garnish": 1}
    # 5/13 = 38.46 %, 4/13 = 30.77 %, 3/13 = 23.08 %, 1/13 = 7.69 %: rounded one by one they
    # would add up to 100.1, so the largest remainders get the tenths.
    assert ivan.category_percent == {"main": 38.4, "soup": 30.8, "salad": 23.1, "garnish": 7.7}
    assert ivan.unique_dishes == 8  # borsch shchi olivier kotleta pelmeni caesar steak fries
    # Available now on the menus of the two cafes he ordered from (not the extra, not the
    # unavailable garnish and dessert): 6 + 4.
    assert ivan.dishes_available == 10
    assert ivan.untried == ("Винегрет", "Том ям")
    assert ivan.public() == {
        "orders_last_30_days": 5,
        "categories": {"main": 38.4, "soup": 30.8, "salad": 23.1, "garnish": 7.7},
        "unique_dishes": 8,
    }


async def test_users_below_the_threshold_and_without_orders(people, stats: StatsService) -> None:
    petr = await stats.for_user(9203)
    assert (petr.orders, petr.category_percent, petr.unique_dishes) == (
        4,
        {"main": 50.0, "soup": 50.0},
        2,
    )
    assert await stats.for_user(9205) == OrderStats(tgid=9205)
    assert (await stats.for_user(424242)).public() == {
        "orders_last_30_days": 0,
        "categories": {},
        "unique_dishes": 0,
    }


async def test_batch_lists_every_eligible_user_in_one_go(people, stats: StatsService) -> None:
    with count_queries() as queries:
        eligible = await stats.eligible()
    assert len(queries) == 1

    assert [s.tgid for s in eligible] == [9201, 9202]  # not Petr (4), not the inactive user
    ivan, olga = eligible
    assert ivan == await stats.for_user(9201)
    assert (olga.orders, olga.language, olga.category_counts) == (
        5,
        "en",
        {"main": 5, "soup": 5},
    )
    assert olga.untried == ("Винегрет", "Оливье", "Пельмени", "Щи")
    assert [s.tgid for s in await stats.eligible(tgid=9203)] == []
    assert [s.tgid for s in await stats.eligible(tgid=9202)] == [9202]


async def test_statistics_follow_every_change_to_the_dishes(
    people, stats: StatsService, world: World
) -> None:
    """The statement reads each order's dishes from the order itself, which the database keeps
    from order_items and the dishes' categories: whatever writes them (the ORM, a bulk insert,
    plain SQL), the next count has it."""
    ivan = people["ivan"]
    yesterday = await Order.get(user=ivan, date=day(-1))  # borsch, olivier, kotleta

    # One dish swapped for another: olivier is still in another order, vinegret is new.
    await OrderItem.filter(order=yesterday, menu_item=world.items["olivier"]).delete()
    await OrderItem.create(order=yesterday, menu_item=world.items["vinegret"])
    now = await stats.for_user(9201)
    assert (now.unique_dishes, now.category_counts["salad"]) == (9, 3)
    assert now.untried == ("Том ям",)

    # In bulk: tom yam added to the grill order.
    grill = await Order.get(user=ivan, date=day(-10))
    await OrderItem.bulk_create([OrderItem(order=grill, menu_item=world.items["tomyam"])])
    now = await stats.for_user(9201)
    assert (now.unique_dishes, now.category_counts["soup"], now.untried) == (10, 5, ())

    # Plain SQL moving a dish: shchi was eaten only on day -5, now borsch instead.
    light = await Order.get(user=ivan, date=day(-5))
    await Tortoise.get_connection("default").execute_query(
        "UPDATE order_items SET menu_item_id = $1 WHERE order_id = $2 AND menu_item_id = $3",
        [world.items["borsch"].id, light.id, world.items["shchi"].id],
    )
    now = await stats.for_user(9201)
    assert (now.unique_dishes, now.category_counts["soup"]) == (9, 5)

    # A dish's category corrected on the menu: kotleta (days -1 and -5) is a garnish now.
    await MenuItem.filter(id=world.items["kotleta"].id).update(category=Category.GARNISH)
    now = await stats.for_user(9201)
    assert (now.category_counts["main"], now.category_counts["garnish"]) == (3, 3)

    # A cancelled order made active again counts with the dishes it was created with.
    await Order.filter(user=ivan, date=day(-2)).update(status=OrderStatus.ACTIVE)
    now = await stats.for_user(9201)
    assert (now.orders, now.unique_dishes) == (6, 10)  # shchi is back
    assert [s for s in await stats.eligible() if s.tgid == 9201] == [now]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, {}),
        ({"soup": 1}, {"soup": 100.0}),
        ({"soup": 1, "salad": 1, "main": 1}, {"main": 33.4, "salad": 33.3, "soup": 33.3}),
        ({"soup": 2, "main": 1}, {"soup": 66.7, "main": 33.3}),
    ],
)
def test_percentages_add_up_to_100(counts, expected) -> None:
    shares = percentages(counts)
    assert shares == expected
    assert round(sum(shares.values()), 1) in (0.0, 100.0)
