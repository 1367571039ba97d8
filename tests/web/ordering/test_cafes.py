"""GET /cafes and GET /cafes/{id}/menu: what can be ordered, for when, until when."""

from __future__ import annotations

import pytest

from db.models import Cafe, MenuItem
from tests.support.catalog import TUESDAY, Catalog
from tests.support.miniapp import MiniApp, count_queries


async def test_cafes_lists_active_cafes_with_their_next_open_date(
    ivan: MiniApp, catalog: Catalog
) -> None:
    status, body = await ivan.get("/cafes")
    assert status == 200
    assert body == {
        "cafes": [
            # Green Bowl closed for Monday at 11:00, which is now.
            {
                "id": catalog.cafes["green-bowl"],
                "name": "Green Bowl",
                "next_order_date": TUESDAY,
                "deadline": "2026-12-08T11:00:00+03:00",
                "receiving": False,
            },
            # No deadlines: it does not deliver, nothing to order.
            {
                "id": catalog.cafes["no-delivery"],
                "name": "Буфет без доставки",
                "next_order_date": None,
                "deadline": None,
                "receiving": False,
            },
            {
                "id": catalog.cafes["pelmennaya"],
                "name": "Пельменная №1",
                "next_order_date": TUESDAY,
                "deadline": "2026-12-08T10:00:00+03:00",
                "receiving": False,
            },
        ]
    }


async def test_the_cafe_list_says_which_cafes_can_receive_orders_now(
    ivan: MiniApp, catalog: Catalog
) -> None:
    """Not linked, or notifications off: still orderable, but the employee is told."""
    linked = catalog.cafes["pelmennaya"]
    muted = catalog.cafes["green-bowl"]
    await Cafe.filter(id=linked).update(tg_chat_id=-1001)
    await Cafe.filter(id=muted).update(tg_chat_id=-1002, notifications_enabled=False)
    _, body = await ivan.get("/cafes")
    receiving = {cafe["id"]: cafe["receiving"] for cafe in body["cafes"]}
    assert receiving == {linked: True, muted: False, catalog.cafes["no-delivery"]: False}


async def test_the_menu_has_what_can_be_ordered_by_category(
    ivan: MiniApp, catalog: Catalog
) -> None:
    status, menu = await ivan.get(f"/cafes/{catalog.cafes['pelmennaya']}/menu?date={TUESDAY}")
    assert status == 200
    ids = catalog.items
    assert menu == {
        "cafe_id": catalog.cafes["pelmennaya"],
        "cafe_name": "Пельменная №1",
        "date": TUESDAY,
        "open": True,
        "no_delivery": False,
        "day_off": False,
        "deadline": "2026-12-08T10:00:00+03:00",
        # not the unavailable one, nor the one needing a dessert nobody offers
        "combos": [
            {
                "id": catalog.combos["light"],
                "name": "Лёгкий",
                "categories": ["soup", "salad"],
                "price": "320.00",
            },
            {
                "id": catalog.combos["full"],
                "name": "Полный обед",
                "categories": ["soup", "salad", "main"],
                "price": "450.00",
            },
        ],
        "items": [
            {"id": ids["borsch"], "name": "Борщ", "category": "soup", "price": None},
            {"id": ids["solyanka"], "name": "Солянка", "category": "soup", "price": None},
            {"id": ids["olivier"], "name": "Оливье", "category": "salad", "price": None},
            {"id": ids["kotleta"], "name": "Котлета по-киевски", "category": "main", "price": None},
            {"id": ids["grechka"], "name": "Гречка", "category": "garnish", "price": None},
            {"id": ids["mors"], "name": "Морс клюквенный", "category": "extra", "price": "120.00"},
            {
                "id": ids["pirozhok"],
                "name": "Пирожок с капустой",
                "category": "extra",
                "price": "75.50",
            },
        ],
        "by_category": {
            "soup": [ids["borsch"], ids["solyanka"]],
            "salad": [ids["olivier"]],
            "main": [ids["kotleta"]],
            "garnish": [ids["grechka"]],
            "extra": [ids["mors"], ids["pirozhok"]],
        },
    }


async def test_the_menu_defaults_to_the_next_open_date(ivan: MiniApp, catalog: Catalog) -> None:
    status, menu = await ivan.get(f"/cafes/{catalog.cafes['pelmennaya']}/menu")
    assert status == 200
    assert (menu["date"], menu["open"]) == (TUESDAY, True)


@pytest.mark.parametrize(
    ("cafe", "date", "deadline"),
    [
        ("pelmennaya", "2026-12-07", "2026-12-07T10:00:00+03:00"),  # today, closed at 10:00
        ("pelmennaya", "2026-12-12", None),  # a Saturday: no delivery
        ("no-delivery", TUESDAY, None),
    ],
    ids=["closed-today", "saturday", "no-deadlines"],
)
async def test_a_menu_for_a_date_not_open_says_so(
    ivan: MiniApp, catalog: Catalog, cafe: str, date: str, deadline: str | None
) -> None:
    status, menu = await ivan.get(f"/cafes/{catalog.cafes[cafe]}/menu?date={date}")
    assert status == 200
    assert (menu["open"], menu["deadline"]) == (False, deadline)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("date=2026-12-06", "date_in_past"),
        ("date=2027-01-07", "date_too_far"),
        ("date=08.12.2026", "invalid_input"),
        ("date=2026-02-30", "invalid_input"),
        ("date=", "invalid_input"),
    ],
)
async def test_a_bad_menu_date_is_422(
    ivan: MiniApp, catalog: Catalog, query: str, code: str
) -> None:
    status, body = await ivan.get(f"/cafes/{catalog.cafes['pelmennaya']}/menu?{query}")
    assert status == 422
    assert body["error"]["code"] == code
    assert body["error"]["details"]["field"] == "date"


@pytest.mark.parametrize(
    "cafe_id", ["closed", "unknown", "0", "2147483648", "9999999999", "abc", "99999999999"]
)
async def test_an_inactive_or_unknown_cafe_has_no_menu(
    ivan: MiniApp, catalog: Catalog, cafe_id: str
) -> None:
    path_id = {"closed": catalog.cafes["closed"], "unknown": 999}.get(cafe_id, cafe_id)
    status, body = await ivan.get(f"/cafes/{path_id}/menu")
    assert status == 404
    assert body["error"]["code"] in {"cafe_not_found", "not_found"}


async def test_menus_and_cafes_take_the_same_queries_however_big_the_menu(
    ivan: MiniApp, catalog: Catalog
) -> None:
    cafe_id = catalog.cafes["pelmennaya"]
    await ivan.get("/me")  # the user row exists from here on
    with count_queries() as small:
        await ivan.get(f"/cafes/{cafe_id}/menu")
        await ivan.get("/cafes")
    await MenuItem.bulk_create(
        [
            MenuItem(cafe_id=cafe_id, key=f"dish-{i}", name=f"Блюдо {i}", category="main")
            for i in range(40)
        ]
    )
    with count_queries() as big:
        status, menu = await ivan.get(f"/cafes/{cafe_id}/menu")
        await ivan.get("/cafes")
    assert status == 200
    assert len(menu["items"]) == 47
    assert len(big) == len(small)
