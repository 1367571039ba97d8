"""What happens to a link when the chat changes under it: the bot added without a payload,
removed or banned, the group upgraded to a supergroup, and sends that Telegram refuses."""

from __future__ import annotations

from bot.link_notices import unlink_reason
from bot.sender import ChatGone
from db.models import Cafe, CafeLinkRequest, LinkRequestStatus
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer, BotKicked, ChatNotFound, Migrated
from services.links import UnlinkReason
from tests.links.conftest import BOT, Json, ask_to_link, texts


async def _linked(cafe: Cafe, chat: Json) -> None:
    await Cafe.filter(id=cafe.id).update(tg_chat_id=chat["id"], tg_username=chat.get("username"))


async def _membership(bot_api: BotAPIServer, chat: Json, by: Json, old: str, new: str) -> None:
    update = updates.my_chat_member_update(chat, by, bot_api.bot_user, old, new)
    assert await bot_api.feed_update(update) == 200


async def test_added_without_a_payload_the_bot_explains_how_to_finish(
    app: Application, bot_api: BotAPIServer, kitchen: Json, cook: Json
) -> None:
    await _membership(bot_api, kitchen, cook, "left", "member")
    (hint,) = texts(bot_api, kitchen["id"])
    assert f"<code>/start@{BOT} КОД</code>" in hint
    # Worded so it does not read as a failure just before the client's /start arrives.
    assert "не началась" not in hint
    # …and a bare /start in the group explains it too.
    await bot_api.send_text(kitchen, cook, f"/start@{BOT}")
    assert f"<code>/start@{BOT} КОД</code>" in texts(bot_api, kitchen["id"])[-1]
    # Promoted to admin later: not a new arrival, no second hint.
    await _membership(bot_api, kitchen, cook, "member", "administrator")
    assert len(texts(bot_api, kitchen["id"])) == 2


async def test_start_in_a_linked_chat_names_its_cafe(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, kitchen: Json, cook: Json
) -> None:
    await _linked(cafe, kitchen)
    await bot_api.send_text(kitchen, cook, f"/start@{BOT}")
    assert texts(bot_api, kitchen["id"])[-1] == "✅ Этот чат уже привязан к кафе «Пельменная №1»."


async def test_removed_from_a_linked_chat_the_link_is_cleared_and_managers_told(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, dmitry: Json, kitchen, cook
) -> None:
    await _linked(cafe, kitchen)
    await _membership(bot_api, kitchen, cook, "member", "kicked")
    await cafe.refresh_from_db()
    assert (cafe.tg_chat_id, cafe.tg_username, cafe.linked_at) == (None, None, None)
    (alert,) = texts(bot_api, anna["id"])
    assert alert.startswith("⚠️ Кафе «Пельменная №1» (#1) отвязано от чата")
    assert "бота удалили из чата" in alert
    assert "the bot was removed from the chat" in texts(bot_api, dmitry["id"])[0]

    # Telegram may report it twice (left after kicked, another process): one alert only.
    await _membership(bot_api, kitchen, cook, "kicked", "left")
    await _membership(bot_api, kitchen, cook, "member", "left")
    assert len(texts(bot_api, anna["id"])) == 1


async def test_removed_from_an_unlinked_chat_its_pending_requests_close(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json, cook: Json
) -> None:
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    await _membership(bot_api, kitchen, cook, "member", "left")
    (request,) = await CafeLinkRequest.all()
    assert request.status is LinkRequestStatus.REJECTED
    assert len(texts(bot_api, anna["id"])) == 1  # the "new request" only: nothing was unlinked


async def test_a_group_upgraded_to_a_supergroup_keeps_its_link(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, cook: Json
) -> None:
    group = updates.group_chat(-500600, "Кухня")
    supergroup = updates.group_chat(-1009990001, "Кухня", type="supergroup")
    await _linked(cafe, group)
    await bot_api.feed_update(updates.migrate_update(group, supergroup["id"], cook))
    # The twin service message in the new supergroup changes nothing more.
    await bot_api.feed_update(
        updates.message_update(supergroup, cook, migrate_from_chat_id=group["id"])
    )
    await cafe.refresh_from_db()
    assert cafe.tg_chat_id == supergroup["id"]
    assert texts(bot_api, anna["id"]) == []  # nobody needs to hear about it


async def test_a_migration_into_another_cafes_chat_leaves_that_link_alone(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, cook: Json
) -> None:
    group = updates.group_chat(-500603, "Кухня")
    supergroup_id = -1009990009
    await _linked(cafe, group)
    other = await Cafe.create(key="sushi", name="Суши", tg_chat_id=supergroup_id)
    assert await bot_api.feed_update(updates.migrate_update(group, supergroup_id, cook)) == 200
    await other.refresh_from_db()
    assert other.tg_chat_id == supergroup_id
    assert app.metrics.registry.get_sample_value("lunchbot_telegram_update_errors_total") == 0


async def test_a_pending_request_follows_the_migration(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, cook: Json
) -> None:
    group = updates.group_chat(-500601, "Кухня")
    await ask_to_link(bot_api, group, cook, app.services.links.payloads.make(cafe.id))
    # Only the supergroup's half arrives (the old group's message was lost).
    supergroup = updates.group_chat(-1009990002, "Кухня", type="supergroup")
    await bot_api.feed_update(
        updates.message_update(supergroup, cook, migrate_from_chat_id=group["id"])
    )
    (request,) = await CafeLinkRequest.all()
    assert request.tg_chat_id == supergroup["id"]


async def test_approval_follows_a_migration_telegram_reports_on_send(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, cook: Json
) -> None:
    group = updates.group_chat(-500602, "Кухня")
    await ask_to_link(bot_api, group, cook, app.services.links.payloads.make(cafe.id))
    bot_api.add_chat(updates.group_chat(-1009990003, "Кухня", type="supergroup"))
    bot_api.inject("sendMessage", Migrated(-1009990003), chat_id=group["id"])
    (request,) = await CafeLinkRequest.all()
    await app.link_notices.decided(await app.services.links.approve(request.id, await _anna()))
    await cafe.refresh_from_db()
    assert cafe.tg_chat_id == -1009990003
    assert texts(bot_api, -1009990003)[-1].startswith("✅ Готово")


async def test_approving_a_chat_the_bot_was_kicked_from_unlinks_it_again(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json, cook: Json
) -> None:
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    bot_api.inject("sendMessage", BotKicked(), chat_id=kitchen["id"])
    await bot_api.click(anna["id"], "Открыть заявку", from_user=anna)
    await bot_api.click(anna["id"], "✅ Одобрить", from_user=anna)
    await bot_api.click(anna["id"], "✅ Да, одобрить", from_user=anna)
    await cafe.refresh_from_db()
    assert cafe.tg_chat_id is None
    *_, result, alert = texts(bot_api, anna["id"])
    assert "но написать в чат не удалось" in result
    assert "Telegram не даёт боту писать в чат" in alert


def test_unlink_reasons_for_the_senders_of_other_features() -> None:
    kicked = BotKicked().error().description
    missing = ChatNotFound().error().description
    assert unlink_reason(ChatGone(-1, missing)) is UnlinkReason.CHAT_NOT_FOUND
    assert unlink_reason(ChatGone(-1, kicked)) is UnlinkReason.BOT_FORBIDDEN


async def _anna():
    from db.models import User

    return await User.get(tgid=9101)
