"""The managers' dialog under pressure: two managers at once, a process restart, paging,
stale and forged buttons, people who are not managers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from core.clock import FrozenClock
from core.config import Settings
from db.models import Cafe, CafeLinkRequest, LinkRequestStatus, Role
from lunchbot.app import Application
from sandbox import updates
from sandbox.telegram import BotAPIServer, ButtonNotFound
from tests.links.conftest import Json, ask_to_link, buttons, open_request, staff, texts
from tests.support.app import running_app


async def _open_card(bot_api: BotAPIServer, person: Json) -> None:
    await bot_api.click(person["id"], "Открыть заявку", from_user=person)


async def test_two_managers_approve_at_once_and_exactly_one_wins(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json, cook: Json
) -> None:
    olga = await staff(bot_api, 9103, "Ольга Смирнова")
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    for person in (anna, olga):
        await _open_card(bot_api, person)
        await bot_api.click(person["id"], "✅ Одобрить", from_user=person)

    await asyncio.gather(
        *(bot_api.click(p["id"], "✅ Да, одобрить", from_user=p) for p in (anna, olga))
    )

    results = {p["id"]: bot_api.messages(p["id"])[-1]["text"] for p in (anna, olga)}
    won = [tgid for tgid, text in results.items() if text.startswith("✅ Одобрено")]
    lost = [tgid for tgid, text in results.items() if text.startswith("⚡️ Вас опередили")]
    assert (len(won), len(lost)) == (1, 1), results
    winner = "Анна Петрова" if won == [anna["id"]] else "Ольга Смирнова"
    assert f"уже одобрил(а) {winner}" in results[lost[0]]
    # One decision, one message to the chat.
    assert sum(t.startswith("✅ Готово") for t in texts(bot_api, kitchen["id"])) == 1
    (request,) = await CafeLinkRequest.all().prefetch_related("processed_by")
    assert request.status is LinkRequestStatus.APPROVED
    assert request.processed_by.name == winner


async def test_the_dialog_survives_a_restart(
    make_settings: Callable[..., Settings],
    bot_api: BotAPIServer,
    clock: FrozenClock,
    redis,
    cafe: Cafe,
    anna: Json,
    kitchen: Json,
    cook: Json,
) -> None:
    """Dialog state is in Redis: a new process (new Dispatcher, new Bot) carries on."""
    async with running_app(make_settings(), bot_api, clock) as first:
        await ask_to_link(bot_api, kitchen, cook, first.services.links.payloads.make(cafe.id))
        await _open_card(bot_api, anna)
        await bot_api.click(anna["id"], "✅ Одобрить", from_user=anna)
    async with running_app(make_settings(), bot_api, clock) as second:
        assert second.dispatcher is not first.dispatcher
        await bot_api.click(anna["id"], "✅ Да, одобрить", from_user=anna)
    assert bot_api.messages(anna["id"])[-1]["text"].startswith("✅ Одобрено")
    await cafe.refresh_from_db()
    assert cafe.tg_chat_id == kitchen["id"]


async def test_pending_requests_are_paged(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json
) -> None:
    for n in range(7):
        await open_request(app, cafe, -100700 - n, f"Чат {n}")
    await bot_api.send_text(anna["id"], anna, "/requests")
    first = bot_api.messages(anna["id"])[-1]
    assert first["text"].startswith("📋 Заявок ждут решения: 7.")
    labels = buttons(first)
    assert [label.split(" · ")[-1] for label in labels[:5]] == [f"Чат {n}" for n in range(5)]
    assert labels[5:] == ["<", "1/2", ">", "✖️ Закрыть"]
    await bot_api.click(anna["id"], ">", from_user=anna)
    second = buttons(bot_api.messages(anna["id"])[-1])
    assert [label.split(" · ")[-1] for label in second[:2]] == ["Чат 5", "Чат 6"]
    assert second[2:] == ["<", "2/2", ">", "✖️ Закрыть"]
    # ">" on the last page changes nothing (Telegram would say "message is not modified").
    await bot_api.click(anna["id"], ">", from_user=anna)
    await bot_api.click(anna["id"], "✖️ Закрыть", from_user=anna)
    assert "reply_markup" not in bot_api.messages(anna["id"])[-1]
    assert app.metrics.registry.get_sample_value("lunchbot_telegram_update_errors_total") == 0


async def test_a_card_shows_a_request_decided_meanwhile(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json, cook: Json
) -> None:
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    await bot_api.send_text(anna["id"], anna, "/requests")
    (request,) = await CafeLinkRequest.all()
    boss = await staff(bot_api, 9100, "Босс", role=Role.ADMIN)
    await app.services.links.reject(request.id, await _user(boss))
    await bot_api.click(anna["id"], buttons(bot_api.messages(anna["id"])[-1])[0], from_user=anna)
    card = bot_api.messages(anna["id"])[-1]
    assert "❌ Отклонена: Босс" in card["text"]
    assert buttons(card) == ["⬅️ Назад"]  # nothing left to decide


async def _user(person: Json):
    from db.models import User

    return await User.get(tgid=person["id"])


async def test_stale_and_forged_buttons_get_a_polite_answer(
    app: Application, bot_api: BotAPIServer, redis, cafe: Cafe, anna: Json, kitchen: Json, cook
) -> None:
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    await bot_api.send_text(anna["id"], anna, "/requests")
    old = bot_api.messages(anna["id"])[-1]
    # A newer /requests supersedes the old dialog message.
    await bot_api.send_text(anna["id"], anna, "/requests")
    (data,) = [b["callback_data"] for r in old["reply_markup"]["inline_keyboard"] for b in r][:1]
    await bot_api.feed_update(updates.callback_query_update(anna, old, data))
    (answer,) = bot_api.calls_to("answerCallbackQuery")[-1:]
    assert answer.params["text"] == "Эта кнопка больше не работает. Откройте меню заново."
    assert answer.params["show_alert"] is True

    # Redis lost (flushed): the dialog's state is gone.
    await redis.flushdb()
    current = bot_api.messages(anna["id"])[-1]
    await bot_api.click(anna["id"], buttons(current)[0], from_user=anna)
    assert bot_api.calls_to("answerCallbackQuery")[-1].params["text"].startswith("Эта кнопка")
    assert "reply_markup" not in bot_api.messages(anna["id"])[-1]  # dead buttons taken away

    # Callback data nobody sends: garbage, a forged request id, a malformed one.
    for data in ("garbage", "linkreq:99999999999", "linkreq:abc"):
        await bot_api.feed_update(updates.callback_query_update(anna, current, data))
    answers = [c.params.get("text") for c in bot_api.calls_to("answerCallbackQuery")[-3:]]
    assert answers == [
        "Эта кнопка больше не работает. Откройте меню заново.",
        "Этой заявки больше нет.",
        "Эта кнопка больше не работает. Откройте меню заново.",
    ]
    assert app.metrics.registry.get_sample_value("lunchbot_telegram_update_errors_total") == 0


async def test_only_managers_open_requests(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json, cook: Json
) -> None:
    ivan = updates.user(9201, "Иван")
    await bot_api.send_text(updates.private_chat(ivan), ivan, "/requests")
    await bot_api.send_text(ivan["id"], ivan, "/link 1")
    assert texts(bot_api, ivan["id"]) == ["Это могут только менеджеры и администраторы."] * 2

    # A manager's "open" button forwarded to (or replayed by) someone else opens nothing.
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    (news,) = bot_api.messages(anna["id"])
    data = news["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    message = {**news, "chat": updates.private_chat(ivan)}
    await bot_api.feed_update(updates.callback_query_update(ivan, message, data))
    answer = bot_api.calls_to("answerCallbackQuery")[-1]
    assert answer.params["text"] == "Это могут только менеджеры и администраторы."
    with pytest.raises(ButtonNotFound):
        await bot_api.click(ivan["id"], "✅ Одобрить", from_user=ivan)


async def test_a_demoted_manager_cannot_decide_from_an_open_dialog(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, anna: Json, kitchen: Json, cook: Json
) -> None:
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    await _open_card(bot_api, anna)
    await bot_api.click(anna["id"], "✅ Одобрить", from_user=anna)
    from db.models import User

    await User.filter(tgid=anna["id"]).update(role=Role.EMPLOYEE)
    await bot_api.click(anna["id"], "✅ Да, одобрить", from_user=anna)
    assert bot_api.messages(anna["id"])[-1]["text"] == "Это вам недоступно."
    (request,) = await CafeLinkRequest.all()
    assert request.status is LinkRequestStatus.PENDING


async def test_english_managers_get_an_english_dialog(
    app: Application, bot_api: BotAPIServer, cafe: Cafe, dmitry: Json, kitchen: Json, cook: Json
) -> None:
    await ask_to_link(bot_api, kitchen, cook, app.services.links.payloads.make(cafe.id))
    await bot_api.click(dmitry["id"], "Open the request", from_user=dmitry)
    card = bot_api.messages(dmitry["id"])[-1]
    assert "<b>Request #1</b>" in card["text"]
    assert "⏳ Awaiting a decision" in card["text"]
    assert buttons(card) == ["✅ Approve", "❌ Reject", "⬅️ Back"]
    await bot_api.click(dmitry["id"], "⬅️ Back", from_user=dmitry)
    assert bot_api.messages(dmitry["id"])[-1]["text"].startswith("📋 Requests awaiting")
