"""The same over HTTP, for managers and admins: download, upload (dry run and for real), the
stop-list, days off; everyone else is refused."""

from __future__ import annotations

import io

import aiohttp

from db.models import MenuItem, Order, OrderStatus, User
from lunchbot.app import Application
from sandbox.telegram import BotAPIServer
from tests.links.conftest import Json
from tests.menus.conftest import saved, workbook
from tests.support.catalog import TUESDAY, Catalog
from tests.support.miniapp import IVAN, MiniApp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _put(http: aiohttp.ClientSession, who: MiniApp, path: str, data: bytes, kind: str):
    headers = {"Authorization": who.authorization(), "Content-Type": kind}
    body = io.BytesIO(data)  # aiohttp warns about large raw bytes bodies
    async with http.put(f"{who.base_url}/api/v1{path}", data=body, headers=headers) as response:
        return response.status, await response.json()


async def test_download_and_upload_over_http(
    app: Application,
    http: aiohttp.ClientSession,
    anna_app: MiniApp,
    ivan_app: MiniApp,
    catalog: Catalog,
) -> None:
    cafe_id = catalog.cafes["pelmennaya"]
    headers = {"Authorization": anna_app.authorization()}
    async with http.get(
        f"{anna_app.base_url}/api/v1/cafes/{cafe_id}/menu.xlsx", headers=headers
    ) as r:
        assert r.status == 200
        assert r.content_type == XLSX
        template = await r.read()

    status, body = await _put(http, anna_app, f"/cafes/{cafe_id}/menu?dry_run=true", template, XLSX)
    assert (status, body["applied"], body["cafes"][0]["no_changes"]) == (200, False, True)

    book = workbook(template)
    book["Блюда"].append(["pelmeni", "Пельмени", "main", None, "да"])
    status, body = await _put(
        http, anna_app, f"/cafes/{cafe_id}/menu?dry_run=true", saved(book), XLSX
    )
    assert body["cafes"][0]["added"] == ["Пельмени"]
    assert not await MenuItem.filter(key="pelmeni").exists()  # a dry run changes nothing
    status, body = await _put(http, anna_app, f"/cafes/{cafe_id}/menu", saved(book), XLSX)
    assert (status, body["applied"]) == (200, True)
    _, menu = await ivan_app.get(f"/cafes/{cafe_id}/menu?date={TUESDAY}")
    assert "Пельмени" in [item["name"] for item in menu["items"]]

    book["Блюда"]["C2"] = "sup"
    status, body = await _put(http, anna_app, f"/cafes/{cafe_id}/menu", saved(book), XLSX)
    assert (status, body["error"]["code"]) == (422, "invalid_menu")
    assert body["error"]["details"]["errors"][0].startswith("Блюда, row 2, «Категория»: 'sup'")
    status, body = await _put(http, anna_app, f"/cafes/{cafe_id}/menu", b"x" * 1_100_000, XLSX)
    assert status == 413
    status, body = await _put(http, anna_app, f"/cafes/{cafe_id}/menu", b"x", "image/png")
    assert status == 415


async def test_employees_may_not_manage_menus(
    app: Application, http: aiohttp.ClientSession, ivan_app: MiniApp, ivan: User, catalog: Catalog
) -> None:
    cafe_id = catalog.cafes["pelmennaya"]
    status, _ = await _put(http, ivan_app, f"/cafes/{cafe_id}/menu", b"", XLSX)
    assert status == 403
    status, _ = await ivan_app.patch(f"/menu-items/{catalog.items['borsch']}", {"available": False})
    assert status == 403
    status, _ = await ivan_app.call("PUT", f"/cafes/{cafe_id}/days-off/{TUESDAY}")
    assert status == 403
    assert await MenuItem.filter(key="borsch", is_available=True).exists()
    assert await Order.filter(status=OrderStatus.ACTIVE).count() == 1


async def test_stop_list_and_days_off_over_http(
    app: Application,
    bot_api: BotAPIServer,
    anna_app: MiniApp,
    ivan_app: MiniApp,
    ivan: User,
    anna: Json,
    catalog: Catalog,
) -> None:
    borsch = catalog.items["borsch"]
    status, body = await anna_app.patch(f"/menu-items/{borsch}", {"available": False})
    assert (status, body["available"], body["people_told"]) == (200, False, 1)
    status, body = await anna_app.patch(f"/menu-items/{borsch}", {"available": False})
    assert (status, body["people_told"]) == (200, 0)  # already stopped: nobody told twice
    assert len(bot_api.messages(IVAN["id"])) == 1

    cafe_id = catalog.cafes["pelmennaya"]
    status, body = await anna_app.call("PUT", f"/cafes/{cafe_id}/days-off/{TUESDAY}")
    assert (status, body["orders_cancelled"]) == (200, 1)
    status, body = await anna_app.call("PUT", f"/cafes/{cafe_id}/days-off/{TUESDAY}")
    assert (status, body["orders_cancelled"]) == (200, 0)
    assert len(bot_api.messages(IVAN["id"])) == 2
    _, menu = await ivan_app.get(f"/cafes/{cafe_id}/menu?date={TUESDAY}")
    assert menu["no_delivery"] is True
    status, body = await ivan_app.post(
        "/orders", catalog.order(items=("solyanka", "olivier", "kotleta"))
    )
    assert (status, body["error"]["code"]) == (422, "no_delivery")

    status, _ = await anna_app.delete(f"/cafes/{cafe_id}/days-off/{TUESDAY}")
    assert status == 200
    _, menu = await ivan_app.get(f"/cafes/{cafe_id}/menu?date={TUESDAY}")
    assert (menu["no_delivery"], menu["open"]) == (False, True)
    status, _ = await anna_app.call("PUT", f"/cafes/{cafe_id}/days-off/2020-01-01")
    assert status == 422
