"""Every rule an order must keep: each broken one is a 422 naming the field (or a 409), and
nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from db.models import Order
from tests.support.catalog import Catalog
from tests.support.miniapp import MiniApp

# (what to change in a valid body, given the catalog) -> (status, code, field)
RULES: dict[str, tuple[Any, tuple[int, str, str | None]]] = {
    # the cafe
    "unknown cafe": (lambda c: {"cafe_id": 999}, (422, "unknown_cafe", "cafe_id")),
    "inactive cafe": (
        lambda c: c.order(cafe="closed", combo="shchi-only", items=("shchi",)),
        (422, "unknown_cafe", "cafe_id"),
    ),
    # the date
    "date in the past": (lambda c: {"date": "2026-12-04"}, (422, "date_in_past", "date")),
    "today, after the deadline": (lambda c: {"date": "2026-12-07"}, (409, "deadline_passed", None)),
    "a saturday": (lambda c: {"date": "2026-12-12"}, (422, "no_delivery", "date")),
    "a cafe without deadlines": (
        lambda c: c.order(cafe="no-delivery", combo="bulka-only", items=("bulka",)),
        (422, "no_delivery", "date"),
    ),
    "31 days ahead": (lambda c: {"date": "2027-01-07"}, (422, "date_too_far", "date")),
    "not ISO": (lambda c: {"date": "08.12.2026"}, (422, "invalid_input", "date")),
    "no such day": (lambda c: {"date": "2026-02-30"}, (422, "invalid_input", "date")),
    "a timestamp": (lambda c: {"date": 1796688000}, (422, "invalid_input", "date")),
    # the combo
    "another cafe's combo": (
        lambda c: {"combo_id": c.combos["soup-salad"]},
        (422, "unknown_combo", "combo_id"),
    ),
    "unavailable combo": (
        lambda c: c.order(combo="retired", items=("borsch",)),
        (422, "unavailable", "combo_id"),
    ),
    # the dishes
    "a category missing": (
        lambda c: {"items": [c.items["borsch"], c.items["olivier"]]},
        (422, "items_mismatch", "items"),
    ),
    "a category twice": (
        lambda c: c.order(items=("borsch", "solyanka", "kotleta")),
        (422, "items_mismatch", "items"),
    ),
    "a category not in the combo": (
        lambda c: c.order(items=("borsch", "olivier", "grechka")),
        (422, "items_mismatch", "items"),
    ),
    "an extra as a dish": (
        lambda c: c.order(items=("borsch", "olivier", "mors")),
        (422, "items_mismatch", "items"),
    ),
    "another cafe's dish": (
        lambda c: c.order(items=("tom-yam", "olivier", "kotleta")),
        (422, "unknown_items", "items"),
    ),
    "no such dish": (
        lambda c: {"items": [c.items["borsch"], c.items["olivier"], 99999]},
        (422, "unknown_items", "items"),
    ),
    "unavailable dish": (
        lambda c: c.order(items=("okroshka", "olivier", "kotleta")),
        (422, "unavailable", "items"),
    ),
    "the same dish twice": (
        lambda c: {"items": [c.items["borsch"], c.items["borsch"]]},
        (422, "invalid_input", "items"),
    ),
    "no dishes": (lambda c: {"items": []}, (422, "invalid_input", "items")),
    "a dish id as a string": (
        lambda c: {"items": [str(c.items["borsch"]), c.items["olivier"], c.items["kotleta"]]},
        (422, "invalid_input", "items[0]"),
    ),
    # the extras
    "a dish as an extra": (lambda c: c.order(extras={"grechka": 1}), (422, "not_extra", "extras")),
    "unavailable extra": (lambda c: c.order(extras={"kvas": 1}), (422, "unavailable", "extras")),
    "another cafe's extra": (
        lambda c: c.order(extras={"limonad": 1}),
        (422, "unknown_items", "extras"),
    ),
    "quantity 0": (
        lambda c: c.order(extras={"mors": 0}),
        (422, "invalid_input", "extras[0].quantity"),
    ),
    "quantity 11": (
        lambda c: c.order(extras={"mors": 11}),
        (422, "invalid_input", "extras[0].quantity"),
    ),
    "quantity 1.5": (
        lambda c: c.order(extras={"mors": 1.5}),
        (422, "invalid_input", "extras[0].quantity"),
    ),
    "quantity as text": (
        lambda c: c.order(extras={"mors": "2"}),
        (422, "invalid_input", "extras[0].quantity"),
    ),
    "the same extra twice": (
        lambda c: {"extras": [{"menu_item_id": c.items["mors"], "quantity": 1}] * 2},
        (422, "invalid_input", "extras"),
    ),
    "an extra without quantity": (
        lambda c: {"extras": [{"menu_item_id": c.items["mors"]}]},
        (422, "invalid_input", "extras[0].quantity"),
    ),
    # the notes
    "notes of 501 characters": (
        lambda c: {"notes": "я" * 501},
        (422, "invalid_input", "notes"),
    ),
    "notes with a NUL": (lambda c: {"notes": "без\x00лука"}, (422, "invalid_input", "notes")),
    "notes with a lone surrogate": (
        lambda c: {"notes": "без\ud800лука"},
        (422, "invalid_input", "notes"),
    ),
    "notes as a number": (lambda c: {"notes": 5}, (422, "invalid_input", "notes")),
    # the shape
    "an unknown field": (lambda c: {"coupon": "FREE"}, (422, "invalid_input", "coupon")),
    "a field missing": (lambda c: {"combo_id": None}, (422, "invalid_input", "combo_id")),
    "an id beyond integer": (lambda c: {"cafe_id": 2**31}, (422, "invalid_input", "cafe_id")),
    "true as an id": (lambda c: {"combo_id": True}, (422, "invalid_input", "combo_id")),
}


def _body(catalog: Catalog, change: Any) -> Any:
    changed = change(catalog)
    if "cafe_id" in changed and "date" in changed and "items" in changed:
        return changed  # a whole body
    body = {**catalog.order(), **changed}
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize(("change", "expected"), RULES.values(), ids=RULES.keys())
async def test_a_broken_rule_is_refused_and_nothing_is_written(
    ivan: MiniApp, catalog: Catalog, change: Any, expected: tuple[int, str, str | None]
) -> None:
    status, body = await ivan.post("/orders", _body(catalog, change))
    error = body["error"]
    assert (status, error["code"], error.get("details", {}).get("field")) == expected, error
    assert error["message"]
    assert await Order.all().count() == 0


@pytest.mark.parametrize("body", [b"[1, 2]", b'"order"', b"42", b"null"])
async def test_a_body_that_is_not_an_object_is_422(ivan: MiniApp, body: bytes) -> None:
    status, answer = await ivan.call("POST", "/orders", data=body)
    assert (status, answer["error"]["code"]) == (422, "invalid_input")


async def test_the_limits_themselves_are_fine(ivan: MiniApp, catalog: Catalog) -> None:
    body = catalog.order(date="2027-01-06", extras={"mors": 10, "pirozhok": 1}, notes="я" * 500)
    status, order = await ivan.post("/orders", body)
    assert status == 201, order
    assert order["total_amount"] == "1725.50"  # 450 + 10 × 120 + 75.50
    assert len(order["notes"]) == 500


async def test_blank_notes_are_no_notes(ivan: MiniApp, catalog: Catalog) -> None:
    status, order = await ivan.post("/orders", catalog.order(notes=" \n "))
    assert (status, order["notes"]) == (201, None)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"cafe_id": "green-bowl"}, (422, "cannot_move", "cafe_id")),
        ({"date": "2026-12-09"}, (422, "cannot_move", "date")),
        ({"combo_id": None}, (422, "invalid_input", "combo_id")),
        ({"items": None}, (422, "invalid_input", "items")),
        ({"combo_id": "light"}, (422, "items_mismatch", "items")),  # its dishes do not fit
        ({"extras": [{"menu_item_id": "kvas", "quantity": 1}]}, (422, "unavailable", "extras")),
        ({"notes": "я" * 501}, (422, "invalid_input", "notes")),
        ({"status": "cancelled"}, (422, "invalid_input", "status")),
    ],
    ids=["cafe", "date", "null-combo", "null-items", "combo-alone", "extra", "notes", "status"],
)
async def test_a_broken_change_is_refused_and_the_order_stays(
    ivan: MiniApp, catalog: Catalog, change: dict, expected: tuple[int, str, str]
) -> None:
    _, order = await ivan.post("/orders", catalog.order(notes="как было"))
    keys = {"cafe_id": catalog.cafes, "combo_id": catalog.combos}
    body = {k: keys[k].get(v, v) if k in keys and v else v for k, v in change.items()}
    if "extras" in body:
        body["extras"] = [{"menu_item_id": catalog.items["kvas"], "quantity": 1}]
    status, answer = await ivan.patch(f"/orders/{order['id']}", body)
    error = answer["error"]
    assert (status, error["code"], error["details"]["field"]) == expected, error
    assert await ivan.get(f"/orders/{order['id']}") == (200, order)


async def test_a_change_may_repeat_the_cafe_and_date(ivan: MiniApp, catalog: Catalog) -> None:
    _, order = await ivan.post("/orders", catalog.order())
    whole = catalog.order(combo="light", items=("borsch", "olivier"), notes="всё сразу")
    status, changed = await ivan.patch(f"/orders/{order['id']}", whole)
    assert status == 200, changed
    assert (changed["combo_name"], changed["notes"], changed["total_amount"]) == (
        "Лёгкий",
        "всё сразу",
        "320.00",
    )
    assert await ivan.patch(f"/orders/{order['id']}", {}) == (200, changed)
