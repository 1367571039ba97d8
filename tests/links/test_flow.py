"""The whole linking flow through the real webhook, dispatcher, dialog and Bot API double:
/link → /start payload in the group → managers told → dialog → decision → chat told."""

from __future__ import annotations

import re

from core.clock import FrozenClock
from db.models import Cafe, CafeLinkRequest, LinkRequestStatus, Role, User
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer
from tests.links.conftest import BOT, Json, ask_to_link, buttons, pending, texts


async def test_a_manager_links_a_cafe_chat_from_link_to_approval(
    app: Application,
    bot_api: BotAPIServer,
    clock: FrozenClock,
    cafe: Cafe,
    anna: Json,
    dmitry: Json,
    kitchen: Json,
    cook: Json,
) -> None:
    # A manager who never opened the bot cannot be written to: skipped, nobody else suffers.
    await User.create(tgid=9109, name="Молчун", role=Role.MANAGER)
    # /link hands out the deep link.
    await bot_api.send_text(anna["id"], anna, f"/link {cafe.id}")
    (invite,) = texts(bot_api, anna["id"])
    link = re.search(rf"https://t\.me/{BOT}\?startgroup=([A-Za-z0-9_-]+)", invite)
    assert link is not None, invite
    payload = link.group(1)
    assert len(payload) <= 64
    assert f"/start@{BOT} {payload}" in invite  # the fallback when the client drops it

    # The group sends it back; one pending request, the chat is told it waits.
    reply = await ask_to_link(bot_api, kitchen, cook, payload)
    assert "отправлена менеджерам" in reply
    (request,) = await pending(cafe)
    await request.fetch_related("requested_by")
    assert (request.tg_chat_id, request.tg_username, request.chat_title) == (
        kitchen["id"],
        "pelmen_kitchen",
        "Пельменная — кухня",
    )
    assert request.requested_by.tgid == cook["id"]

    # Every manager hears of it, in their language, with a button to open it.
    (news,) = bot_api.messages(dmitry["id"])
    assert news["text"].startswith(f"📨 <b>New request #{request.id}</b>")
    assert buttons(news) == ["Open the request"]
    (refused,) = bot_api.calls_to("sendMessage", chat_id=9109)
    assert not refused.ok
    (news,) = bot_api.messages(anna["id"])[1:]
    assert "Повар Иванов" in news["text"]
    assert "@pelmen_kitchen" in news["text"]
    assert buttons(news) == ["Открыть заявку"]

    # The button opens the card; approve, confirm.
    await bot_api.click(anna["id"], "Открыть заявку", from_user=anna)
    card = bot_api.messages(anna["id"])[-1]
    assert f"<b>Заявка #{request.id}</b>" in card["text"]
    assert "⏳ Ждёт решения" in card["text"]
    assert buttons(card) == ["✅ Одобрить", "❌ Отклонить", "⬅️ Назад"]
    await bot_api.click(anna["id"], "✅ Одобрить", from_user=anna)
    assert "Привязать чат «Пельменная — кухня»" in bot_api.messages(anna["id"])[-1]["text"]
    await bot_api.click(anna["id"], "✅ Да, одобрить", from_user=anna)
    result = bot_api.messages(anna["id"])[-1]
    assert result["text"].startswith("✅ Одобрено: кафе «Пельменная №1» привязано")
    assert buttons(result) == ["📋 К списку", "✖️ Закрыть"]

    await cafe.refresh_from_db()
    assert (cafe.tg_chat_id, cafe.tg_username, cafe.linked_at) == (
        kitchen["id"],
        "pelmen_kitchen",
        clock.now(),
    )
    assert cafe.notifications_enabled
    await request.refresh_from_db()
    assert request.status is LinkRequestStatus.APPROVED
    assert texts(bot_api, kitchen["id"])[-1].startswith("✅ Готово: этот чат привязан")

    # Back to the list: nothing is pending any more.
    await bot_api.click(anna["id"], "📋 К списку", from_user=anna)
    assert bot_api.messages(anna["id"])[-1]["text"] == "🎉 Заявок, ожидающих решения, нет."


async def test_a_manager_rejects_and_the_chat_is_told(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json, cook: Json
) -> None:
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    await bot_api.send_text(anna["id"], anna, "/requests")
    listing = bot_api.messages(anna["id"])[-1]
    assert listing["text"].startswith("📋 Заявок ждут решения: 1.")
    (label, close) = buttons(listing)
    assert close == "✖️ Закрыть"
    assert label.startswith("#1 · Пельменная №1 · Пельменная — кухня")
    await bot_api.click(anna["id"], label, from_user=anna)
    await bot_api.click(anna["id"], "❌ Отклонить", from_user=anna)
    # Changing one's mind is one "Back" away.
    await bot_api.click(anna["id"], "⬅️ Назад", from_user=anna)
    await bot_api.click(anna["id"], "❌ Отклонить", from_user=anna)
    await bot_api.click(anna["id"], "❌ Да, отклонить", from_user=anna)

    assert bot_api.messages(anna["id"])[-1]["text"].startswith("❌ Отклонено")
    (request,) = await CafeLinkRequest.all()
    assert request.status is LinkRequestStatus.REJECTED
    await cafe.refresh_from_db()
    assert cafe.tg_chat_id is None
    assert texts(bot_api, kitchen["id"])[-1].startswith("❌ Заявку на привязку этого чата")


async def test_group_replies_for_repeats_links_and_bad_payloads(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json, cook: Json
) -> None:
    other = await Cafe.create(key="sushi", name="Суши <&> бар")
    good = app.services.links.payloads.make(cafe.id)

    assert "отправлена" in await ask_to_link(bot_api, kitchen, cook, good, mention=False)
    # A repeated /start while pending: no duplicate, managers not told twice.
    assert "уже ждёт решения" in await ask_to_link(bot_api, kitchen, cook, good)
    assert len(await pending(cafe)) == 1
    assert len(bot_api.messages(anna["id"])) == 1

    # Forged, truncated, of another shape, or signed for cafe 1 with the id changed.
    forged = [
        good[:-1] + ("A" if good[-1] != "A" else "B"),
        good[:20],
        "hello",
        f"{other.id}{good[good.index('-') :]}",
    ]
    for payload in forged:
        assert "Эта ссылка недействительна" in await ask_to_link(bot_api, kitchen, cook, payload)
    assert await CafeLinkRequest.all().count() == 1

    # Linked: the chat is told so; another cafe's link for this chat is a clear refusal.
    await Cafe.filter(id=cafe.id).update(tg_chat_id=kitchen["id"])
    assert "уже привязан к кафе «Пельменная №1»" in await ask_to_link(bot_api, kitchen, cook, good)
    reply = await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(other.id))
    assert "уже привязан к другому кафе" in reply
    assert await CafeLinkRequest.all().count() == 1


async def test_a_payload_for_a_deleted_cafe_and_commands_for_other_bots(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, kitchen: Json, cook: Json
) -> None:
    payload = app.services.links.payloads.make(cafe.id)
    await cafe.delete()
    assert "Кафе #1 не найдено" in await ask_to_link(bot_api, kitchen, cook, payload)
    await bot_api.send_text(kitchen, cook, f"/start@some_other_bot {payload}")
    assert len(bot_api.messages(kitchen["id"])) == 1  # not for us: not answered


async def test_anonymous_admins_can_ask_too(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json
) -> None:
    """An anonymous group admin writes as @GroupAnonymousBot: no person to record."""
    anonymous = updates.user(1087968824, "Group", username="GroupAnonymousBot", is_bot=True)
    payload = app.services.links.payloads.make(cafe.id)
    assert "отправлена" in await ask_to_link(bot_api, kitchen, anonymous, payload)
    (request,) = await pending(cafe)
    assert request.requested_by_id is None
    assert "Запросил: —" in bot_api.messages(anna["id"])[0]["text"]


async def test_relinking_moves_the_cafe_and_tells_the_old_chat(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json, cook: Json
) -> None:
    old = updates.group_chat(-1001234999, "Старая кухня", type="supergroup")
    bot_api.add_chat(old)
    await Cafe.filter(id=cafe.id).update(tg_chat_id=old["id"])
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    await bot_api.click(anna["id"], "Открыть заявку", from_user=anna)
    await bot_api.click(anna["id"], "✅ Одобрить", from_user=anna)
    await bot_api.click(anna["id"], "✅ Да, одобрить", from_user=anna)
    await cafe.refresh_from_db()
    assert cafe.tg_chat_id == kitchen["id"]
    assert texts(bot_api, old["id"]) == [
        "Этот чат отвязан от кафе «Пельменная №1»: заказы сюда больше не придут."
    ]
