"""Orders over real HTTP: the lifecycle, whose orders are whose, one order per cafe and date,
and the answers to bodies that are not JSON, too big, or unsigned."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from core.clock import FrozenClock
from db.models import Order, OrderExtra, OrderStatus
from tests.conftest import TOKEN
from tests.support.catalog import TUESDAY, Catalog
from tests.support.miniapp import IVAN, MiniApp, count_queries
from web.auth import sign_init_data


async def test_an_order_from_placing_to_cancelling(ivan: MiniApp, catalog: Catalog) -> None:
    ids = catalog.items
    body = catalog.order(extras={"pirozhok": 3}, notes="  без лука  ")
    status, order = await ivan.post("/orders", body)
    assert status == 201, order
    assert order == {
        "id": order["id"],
        "cafe_id": catalog.cafes["pelmennaya"],
        "cafe_name": "Пельменная №1",
        "date": TUESDAY,
        "combo_id": catalog.combos["full"],
        "combo_name": "Полный обед",
        "items": [
            {"menu_item_id": ids["borsch"], "name": "Борщ", "category": "soup"},
            {"menu_item_id": ids["olivier"], "name": "Оливье", "category": "salad"},
            {"menu_item_id": ids["kotleta"], "name": "Котлета по-киевски", "category": "main"},
        ],
        "extras": [
            {
                "menu_item_id": ids["pirozhok"],
                "name": "Пирожок с капустой",
                "quantity": 3,
                "unit_price": "75.50",
                "amount": "226.50",
            }
        ],
        "notes": "без лука",
        "total_amount": "676.50",  # 450.00 + 3 × 75.50, to the kopeck
        "status": "active",
        "deadline": "2026-12-08T10:00:00+03:00",
        "editable": True,
    }
    order_id = order["id"]
    assert await ivan.get("/orders") == (200, {"orders": [order]})
    assert await ivan.get(f"/orders/{order_id}") == (200, order)

    # A lighter combo, two drinks instead of the pies, no notes.
    status, changed = await ivan.patch(
        f"/orders/{order_id}",
        {
            "combo_id": catalog.combos["light"],
            "items": [ids["solyanka"], ids["olivier"]],
            "extras": [{"menu_item_id": ids["mors"], "quantity": 2}],
            "notes": None,
        },
    )
    assert status == 200, changed
    assert (changed["combo_name"], changed["total_amount"], changed["notes"]) == (
        "Лёгкий",
        "560.00",
        None,
    )
    assert [i["name"] for i in changed["items"]] == ["Солянка", "Оливье"]
    assert [(e["name"], e["quantity"]) for e in changed["extras"]] == [("Морс клюквенный", 2)]

    # Only the notes: the rest stays.
    status, noted = await ivan.patch(f"/orders/{order_id}", {"notes": "к 13:00"})
    assert status == 200
    assert {**noted, "notes": None} == changed

    status, cancelled = await ivan.delete(f"/orders/{order_id}")
    assert status == 200
    assert (cancelled["status"], cancelled["editable"]) == ("cancelled", False)
    assert await ivan.delete(f"/orders/{order_id}") == (200, cancelled)  # again: no change
    assert (await ivan.get("/orders"))[1]["orders"] == [cancelled]

    # Ordering again for that date revives the same row.
    status, again = await ivan.post("/orders", catalog.order())
    assert status == 201
    assert (again["id"], again["status"], again["total_amount"]) == (order_id, "active", "450.00")
    assert await Order.all().count() == 1
    assert await OrderExtra.all().count() == 0


async def test_a_cancelled_order_cannot_be_changed(ivan: MiniApp, catalog: Catalog) -> None:
    _, order = await ivan.post("/orders", catalog.order())
    await ivan.delete(f"/orders/{order['id']}")
    status, body = await ivan.patch(f"/orders/{order['id']}", {"notes": "ещё"})
    assert (status, body["error"]["code"]) == (409, "order_cancelled")


async def test_my_orders_by_date_range(ivan: MiniApp, catalog: Catalog) -> None:
    days = ["2026-12-08", "2026-12-09", "2026-12-10"]
    for day in days:
        assert (await ivan.post("/orders", catalog.order(date=day)))[0] == 201
    assert (
        await ivan.post(
            "/orders",
            catalog.order(cafe="green-bowl", combo="soup-salad", items=("tom-yam", "cezar")),
        )
    )[0] == 201

    async def dates(query: str) -> list[tuple[str, str]]:
        status, body = await ivan.get(f"/orders{query}")
        assert status == 200, body
        return [(o["date"], o["cafe_name"]) for o in body["orders"]]

    assert await dates("") == [
        ("2026-12-08", "Пельменная №1"),
        ("2026-12-08", "Green Bowl"),
        ("2026-12-09", "Пельменная №1"),
        ("2026-12-10", "Пельменная №1"),
    ]
    assert await dates("?from=2026-12-09") == [
        ("2026-12-09", "Пельменная №1"),
        ("2026-12-10", "Пельменная №1"),
    ]
    assert await dates("?from=2026-12-01&to=2026-12-08") == [
        ("2026-12-08", "Пельменная №1"),
        ("2026-12-08", "Green Bowl"),
    ]
    assert await dates("?to=2026-12-08&from=2026-12-08&_=123") == await dates("?to=2026-12-08")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?from=2026-12-10&to=2026-12-09", "to"),
        ("?from=2025-01-01&to=2026-12-31", "to"),
        ("?from=yesterday", "from"),
        ("?to=2026-13-01", "to"),
    ],
    ids=["backwards", "too-long", "word", "no-such-month"],
)
async def test_a_bad_range_of_my_orders_is_422(ivan: MiniApp, query: str, field: str) -> None:
    status, body = await ivan.get(f"/orders{query}")
    assert status == 422
    assert body["error"]["details"]["field"] == field


async def test_another_users_order_is_not_found(
    ivan: MiniApp, maria: MiniApp, catalog: Catalog
) -> None:
    _, order = await ivan.post("/orders", catalog.order(notes="моё"))
    path = f"/orders/{order['id']}"
    for status, body in [
        await maria.get(path),
        await maria.patch(path, {"notes": "чужое"}),
        await maria.delete(path),
        await maria.get("/orders/424242"),
    ]:
        assert (status, body["error"]["code"]) == (404, "order_not_found")
    assert await maria.get("/orders") == (200, {"orders": []})
    assert await ivan.get(path) == (200, order)


async def test_one_order_per_cafe_and_date(ivan: MiniApp, maria: MiniApp, catalog: Catalog) -> None:
    status, first = await ivan.post("/orders", catalog.order())
    assert status == 201
    status, body = await ivan.post(
        "/orders", catalog.order(combo="light", items=("borsch", "olivier"))
    )
    assert status == 409
    assert body["error"]["code"] == "order_exists"
    assert body["error"]["details"] == {"order_id": first["id"]}
    # Another cafe the same day, or another person: fine.
    other_cafe = catalog.order(cafe="green-bowl", combo="soup-salad", items=("tom-yam", "cezar"))
    assert (await ivan.post("/orders", other_cafe))[0] == 201
    assert (await maria.post("/orders", catalog.order()))[0] == 201


async def test_two_clicks_at_once_place_one_order(ivan: MiniApp, catalog: Catalog) -> None:
    answers = await asyncio.gather(*(ivan.post("/orders", catalog.order()) for _ in range(5)))
    assert sorted(status for status, _ in answers) == [201, 409, 409, 409, 409]
    assert await Order.filter(status=OrderStatus.ACTIVE).count() == 1


async def test_my_orders_take_the_same_queries_however_many_there_are(
    ivan: MiniApp, catalog: Catalog
) -> None:
    await ivan.post("/orders", catalog.order(extras={"mors": 1}))
    with count_queries() as one:
        status, body = await ivan.get("/orders")
    assert (status, len(body["orders"])) == (200, 1)
    weekdays = [f"2026-12-{day:02d}" for day in (9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23)]
    for day in weekdays:
        order = catalog.order(date=day, extras={"mors": 1, "pirozhok": 2})
        status, placed = await ivan.post("/orders", order)
        assert status == 201, placed
    with count_queries() as many:
        status, body = await ivan.get("/orders?to=2026-12-31")
    assert status == 200
    assert len(body["orders"]) == 12
    assert len(many) == len(one), many


async def test_malformed_json_is_400_and_changes_nothing(ivan: MiniApp, catalog: Catalog) -> None:
    for data in (b'{"cafe_id": 1,', b"", b"\xff\xfe", b"NaN-ish"):
        status, body = await ivan.call("POST", "/orders", data=data)
        assert (status, body["error"]["code"]) == (400, "malformed_json"), data
    _, order = await ivan.post("/orders", catalog.order(notes="как было"))
    status, _ = await ivan.call("PATCH", f"/orders/{order['id']}", data=b"{notes:")
    assert status == 400
    assert (await ivan.get(f"/orders/{order['id']}"))[1]["notes"] == "как было"


async def test_a_body_over_64_kib_is_413(ivan: MiniApp, catalog: Catalog) -> None:
    huge = catalog.order(notes="щ" * 40_000)  # 80 000 bytes of UTF-8
    assert (await ivan.post("/orders", huge))[0] == 413
    _, order = await ivan.post("/orders", catalog.order())
    status, body = await ivan.patch(f"/orders/{order['id']}", {"notes": "x" * 70_000})
    assert (status, body["error"]["code"]) == (413, "payload_too_large")
    assert await Order.all().count() == 1


ENDPOINTS = [
    ("GET", "/cafes"),
    ("GET", "/cafes/1/menu"),
    ("GET", "/orders"),
    ("POST", "/orders"),
    ("GET", "/orders/1"),
    ("PATCH", "/orders/1"),
    ("DELETE", "/orders/1"),
]


@pytest.mark.parametrize("kind", ["missing", "tampered", "expired"])
async def test_every_endpoint_wants_valid_init_data(
    ivan: MiniApp, clock: FrozenClock, catalog: Catalog, kind: str
) -> None:
    _, order = await ivan.post("/orders", catalog.order(notes="не трогать"))
    assert order["id"] == 1
    authorization = {
        "missing": None,
        "tampered": ivan.authorization().replace("9201", "9202"),
        "expired": "tma " + sign_init_data(TOKEN, IVAN, auth_date=clock.now() - timedelta(days=2)),
    }[kind]
    for method, path in ENDPOINTS:
        body = {"notes": "взлом"} if method == "PATCH" else catalog.order(date="2026-12-09")
        status, answer = await ivan.call(method, path, json=body, authorization=authorization)
        assert status == 401, (method, path)
        assert answer["error"]["code"] in {"unauthorized", "invalid_init_data", "expired_init_data"}
    assert await Order.all().values_list("notes", "status") == [("не трогать", "active")]
