"""`POST /orders/{id}/repeat` (201 when everything is still on the menu, 422 `unavailable`
naming what is not) and `GET/PATCH /me` with the reminder switch."""

from __future__ import annotations

from db.models import MenuItem, User
from tests.support.catalog import TUESDAY, Catalog
from tests.support.miniapp import IVAN, MiniApp

WEDNESDAY = "2026-12-09"


async def test_repeat_places_the_same_order_for_another_date(
    ivan: MiniApp, catalog: Catalog
) -> None:
    status, first = await ivan.post(
        "/orders", catalog.order(extras={"mors": 2, "pirozhok": 1}, notes="без лука")
    )
    assert status == 201
    status, again = await ivan.post(f"/orders/{first['id']}/repeat", {"date": WEDNESDAY})
    assert status == 201, again
    assert again["id"] != first["id"]
    assert again["date"] == WEDNESDAY
    same = ("cafe_id", "combo_id", "items", "extras", "notes", "total_amount", "status")
    assert {k: again[k] for k in same} == {k: first[k] for k in same}

    # Again for that date: the order exists, change it instead.
    status, body = await ivan.post(f"/orders/{first['id']}/repeat", {"date": WEDNESDAY})
    assert status == 409
    assert body["error"]["code"] == "order_exists"
    assert body["error"]["details"]["order_id"] == again["id"]


async def test_repeat_without_a_date_takes_the_cafes_next_open_date(
    ivan: MiniApp, catalog: Catalog
) -> None:
    _, wednesday = await ivan.post("/orders", catalog.order(date=WEDNESDAY))
    status, again = await ivan.call("POST", f"/orders/{wednesday['id']}/repeat")
    assert status == 201, again
    assert again["date"] == TUESDAY  # Monday has closed at 10:00


async def test_repeat_names_what_is_no_longer_on_the_menu(ivan: MiniApp, catalog: Catalog) -> None:
    _, first = await ivan.post("/orders", catalog.order(extras={"mors": 1}))
    await MenuItem.filter(key__in=["borsch", "mors"]).update(is_available=False)
    status, body = await ivan.post(f"/orders/{first['id']}/repeat", {"date": WEDNESDAY})
    assert status == 422
    error = body["error"]
    assert error["code"] == "unavailable"
    assert error["details"]["items"] == [
        {"kind": "item", "id": catalog.items["borsch"], "name": "Борщ", "category": "soup"},
        {"kind": "extra", "id": catalog.items["mors"], "name": "Морс клюквенный",
         "category": "extra"},
    ]  # fmt: skip
    assert "Борщ" in error["message"]
    assert (await ivan.get(f"/orders?from={WEDNESDAY}&to={WEDNESDAY}"))[1] == {"orders": []}


async def test_repeat_of_someone_elses_order_is_not_found(
    ivan: MiniApp, maria: MiniApp, catalog: Catalog
) -> None:
    _, first = await ivan.post("/orders", catalog.order())
    status, body = await maria.post(f"/orders/{first['id']}/repeat", {"date": WEDNESDAY})
    assert (status, body["error"]["code"]) == (404, "order_not_found")
    status, _ = await ivan.post(f"/orders/{first['id']}/repeat", {"date": "2026-12-40"})
    assert status == 422


async def test_me_shows_and_switches_reminders(ivan: MiniApp, catalog: Catalog) -> None:
    status, me = await ivan.get("/me")
    assert status == 200
    assert me["reminders"] is True
    status, me = await ivan.patch("/me", {"reminders": False})
    assert (status, me["reminders"]) == (200, False)
    assert (await User.get(tgid=IVAN["id"])).reminders_enabled is False
    assert (await ivan.get("/me"))[1]["reminders"] is False
    for bad in ({"reminders": "no"}, {"reminders": 1}, {"remind": True}):
        status, _ = await ivan.patch("/me", bad)
        assert status == 422, bad
    assert (await ivan.get("/me"))[1]["reminders"] is False
