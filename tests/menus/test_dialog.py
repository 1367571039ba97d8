"""`/menus` in Telegram, end to end: the real app, the Bot API double (getFile, file download,
sendDocument), the Mini App's menu as the employees see it."""

from __future__ import annotations

import asyncio
import datetime as dt

from db.models import DeadlineNotification, MenuItem, Order, OrderStatus, User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer
from tests.links.conftest import Json, buttons
from tests.menus.conftest import saved, workbook
from tests.support.catalog import TUESDAY, Catalog
from tests.support.miniapp import IVAN, MiniApp


def last_text(bot_api: BotAPIServer, chat_id: int) -> str:
    return next(m["text"] for m in reversed(bot_api.messages(chat_id)) if "text" in m)


async def open_cafe(bot_api: BotAPIServer, anna: Json, catalog: Catalog) -> None:
    await bot_api.send_text(anna["id"], anna, "/menus")
    await bot_api.click(
        anna["id"], f"Пельменная №1 · #{catalog.cafes['pelmennaya']}", from_user=anna
    )


async def download(bot_api: BotAPIServer, anna: Json) -> bytes:
    await bot_api.click(anna["id"], "📥 Скачать меню", from_user=anna)
    sent = bot_api.calls_to("sendDocument")[-1]
    assert sent.ok, sent.response
    document = sent.result["document"]
    assert document["file_name"] == "menu-pelmennaya.xlsx"
    return bot_api.file_bytes(document["file_id"])


async def upload(bot_api: BotAPIServer, anna: Json, name: str, data: bytes) -> str:
    await bot_api.click(anna["id"], "📤 Загрузить новое меню", from_user=anna)
    await bot_api.send_document(anna["id"], anna, name, data)
    return last_text(bot_api, anna["id"])


async def menu_names(ivan_app: MiniApp, catalog: Catalog) -> dict[str, str | None]:
    status, body = await ivan_app.get(f"/cafes/{catalog.cafes['pelmennaya']}/menu?date={TUESDAY}")
    assert status == 200, body
    return {item["name"]: item["price"] for item in body["items"]}


async def test_download_upload_unchanged_then_changed_and_apply(
    app: Application, bot_api: BotAPIServer, anna: Json, catalog: Catalog, ivan_app: MiniApp
) -> None:
    await open_cafe(bot_api, anna, catalog)
    template = await download(bot_api, anna)
    assert bot_api.calls_to("getFile") == []

    preview = await upload(bot_api, anna, "menu-pelmennaya.xlsx", template)
    assert bot_api.calls_to("getFile")[-1].ok  # the bot downloaded the upload
    assert "Изменений нет" in preview
    await bot_api.click(anna["id"], "✖️ Отменить", from_user=anna)
    await bot_api.click(anna["id"], "⬅️ К кафе", from_user=anna)

    book = workbook(template)
    dishes = book["Блюда"]
    rows = {row[1].value: row for row in dishes.iter_rows(min_row=2)}
    rows["Морс клюквенный"][3].value = 130  # a price changes
    dishes.delete_rows(rows["Солянка"][0].row)  # a dish is missing
    dishes.append([None, "Пельмени со сметаной", "горячее", None, "да"])  # a new one, no key
    preview = await upload(bot_api, anna, "menu.xlsx", saved(book))
    assert "➕ Пельмени со сметаной" in preview
    assert "✏️ Морс клюквенный: цена 120.00 → 130.00" in preview
    assert "➖ Солянка" in preview
    assert "Солянка" in await menu_names(ivan_app, catalog)  # nothing changed before Apply

    await bot_api.click(anna["id"], "✅ Применить", from_user=anna)
    assert last_text(bot_api, anna["id"]).startswith("✅ Меню обновлено.")
    menu = await menu_names(ivan_app, catalog)
    assert "Солянка" not in menu
    assert "Пельмени со сметаной" in menu
    assert menu["Морс клюквенный"] == "130.00"
    # Taken off, never deleted: orders refer to dishes.
    assert await MenuItem.filter(key="solyanka", is_available=False).exists()

    # The buttons of the decided preview do nothing twice.
    await bot_api.click(anna["id"], "⬅️ К кафе", from_user=anna)
    again = await download(bot_api, anna)
    assert "Изменений нет" in await upload(bot_api, anna, "menu.xlsx", again)


async def test_two_clicks_on_apply_apply_once(
    app: Application, bot_api: BotAPIServer, anna: Json, catalog: Catalog
) -> None:
    await open_cafe(bot_api, anna, catalog)
    book = workbook(await download(bot_api, anna))
    book["Блюда"].append(["pelmeni", "Пельмени", "main", None, "да"])
    await upload(bot_api, anna, "menu.xlsx", saved(book))
    message = next(
        m for m in reversed(bot_api.messages(anna["id"])) if "✅ Применить" in buttons(m)
    )
    data = next(
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == "✅ Применить"
    )
    await asyncio.gather(
        *(bot_api.press(anna["id"], message["message_id"], data, from_user=anna) for _ in range(2))
    )
    assert await MenuItem.filter(key="pelmeni").count() == 1
    texts = [m.get("text", "") for m in bot_api.messages(anna["id"])]
    assert sum("✅ Меню обновлено." in t for t in texts) == 1


async def test_a_file_with_errors_changes_nothing_and_names_the_places(
    app: Application, bot_api: BotAPIServer, anna: Json, catalog: Catalog
) -> None:
    await open_cafe(bot_api, anna, catalog)
    book = workbook(await download(bot_api, anna))
    dishes = book["Блюда"]
    dishes["C3"] = "sup"
    dishes["D9"] = "сто рублей"
    before = await MenuItem.all().values_list("key", "name", "price", "is_available")
    reply = await upload(bot_api, anna, "menu.xlsx", saved(book))
    assert "Ничего не изменено" in reply
    assert "Блюда, row 3, «Категория»: 'sup' is not one of soup, salad" in reply
    assert "Блюда, row 9, «Цена»" in reply
    assert await MenuItem.all().values_list("key", "name", "price", "is_available") == before

    # A fixed file is taken in the same window.
    dishes["C3"] = "суп"
    dishes["D9"] = "100"
    await bot_api.send_document(anna["id"], anna, "menu.xlsx", saved(book))
    assert "что изменится" in last_text(bot_api, anna["id"])


async def test_other_files_and_other_people_are_refused(
    app: Application, bot_api: BotAPIServer, anna: Json, catalog: Catalog, ivan: User
) -> None:
    await open_cafe(bot_api, anna, catalog)
    await bot_api.click(anna["id"], "📤 Загрузить новое меню", from_user=anna)
    await bot_api.send_document(anna["id"], anna, "menu.pdf", b"%PDF-1.4")
    assert "Такой файл я не читаю" in last_text(bot_api, anna["id"])
    await bot_api.send_document(anna["id"], anna, "menu.xlsx", b"x" * (1024 * 1024 + 1))
    assert "больше 1 МБ" in last_text(bot_api, anna["id"])
    assert bot_api.calls_to("getFile") == []  # refused before downloading

    person = updates.user(IVAN["id"], "Иван", "Сидоров")
    await bot_api.send_document(IVAN["id"], person, "menu.xlsx", b"PK")
    assert (
        last_text(bot_api, IVAN["id"]) == "Управлять меню могут только менеджеры и администраторы."
    )
    await bot_api.send_text(IVAN["id"], person, "/menus")
    assert (
        last_text(bot_api, IVAN["id"]) == "Управлять меню могут только менеджеры и администраторы."
    )


async def test_stopping_a_dish_tells_people_with_open_orders_and_marks_the_cafe_list(
    app: Application,
    bot_api: BotAPIServer,
    anna: Json,
    catalog: Catalog,
    ivan: User,
    ivan_app: MiniApp,
) -> None:
    await open_cafe(bot_api, anna, catalog)
    await bot_api.click(anna["id"], "⛔ Стоп-лист", from_user=anna)
    await bot_api.click(anna["id"], "✅ Борщ", from_user=anna)

    (told,) = bot_api.messages(IVAN["id"])
    assert told["text"] == (
        "⛔ «Борщ» закончился в «Пельменная №1» — поменяйте заказ на 08.12 до 10:00."
    )
    assert "Борщ" not in await menu_names(ivan_app, catalog)
    assert "⛔ Борщ" in buttons(bot_api.messages(anna["id"])[-1])
    (order,) = await Order.all()
    assert order.status is OrderStatus.ACTIVE  # stays until its owner changes it

    from bot.notifications.message import OrdersMessage
    from services.notifications.orders import load_cafe_orders

    summary = await load_cafe_orders(catalog.cafes["pelmennaya"], order.date)
    assert summary is not None
    (text,) = OrdersMessage(app.translator).render(summary)
    assert "- Борщ (суп) ⛔ закончилось" in text

    # Back on the menu: nobody is told anything more.
    await bot_api.click(anna["id"], "⛔ Борщ", from_user=anna)
    assert len(bot_api.messages(IVAN["id"])) == 1
    assert "Борщ" in await menu_names(ivan_app, catalog)


async def test_a_day_off_cancels_orders_tells_people_and_fires_no_deadline(
    app: Application,
    bot_api: BotAPIServer,
    anna: Json,
    catalog: Catalog,
    ivan: User,
    ivan_app: MiniApp,
    clock,
) -> None:
    await open_cafe(bot_api, anna, catalog)
    await bot_api.click(anna["id"], "📅 Выходные", from_user=anna)
    await bot_api.click(anna["id"], "8", from_user=anna)  # Tuesday 2026-12-08

    (order,) = await Order.all()
    assert order.status is OrderStatus.CANCELLED
    (told,) = bot_api.messages(IVAN["id"])
    assert told["text"] == "📅 «Пельменная №1» не работает 08.12 — ваш заказ на этот день отменён."
    status, menu = await ivan_app.get(f"/cafes/{catalog.cafes['pelmennaya']}/menu?date={TUESDAY}")
    assert (status, menu["no_delivery"], menu["open"]) == (200, True, False)
    assert "⛔8" in buttons(bot_api.messages(anna["id"])[-1])

    clock.advance(dt.timedelta(days=1, hours=1))  # past Tuesday's 10:00 deadline
    await app.outbox.tick()
    fired = await DeadlineNotification.filter(cafe_id=catalog.cafes["pelmennaya"]).values_list(
        "date", flat=True
    )
    assert fired == []  # Tuesday 10:00 has passed, but it is a day off
    assert await DeadlineNotification.filter(date=order.date).exists()  # other cafes' fire


async def test_a_preview_survives_a_restart(
    make_settings, bot_api: BotAPIServer, clock, redis, anna: Json, catalog: Catalog
) -> None:
    from tests.support.app import running_app

    async with running_app(make_settings(), bot_api, clock):
        await open_cafe(bot_api, anna, catalog)
        book = workbook(await download(bot_api, anna))
        book["Блюда"].append(["pelmeni", "Пельмени", "main", None, "да"])
        assert "➕ Пельмени" in await upload(bot_api, anna, "menu.xlsx", saved(book))
    async with running_app(make_settings(), bot_api, clock):
        await bot_api.click(anna["id"], "✅ Применить", from_user=anna)
    assert last_text(bot_api, anna["id"]).startswith("✅ Меню обновлено.")
    assert await MenuItem.filter(key="pelmeni", is_available=True).exists()
