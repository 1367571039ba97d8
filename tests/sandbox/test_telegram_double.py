"""The Telegram Bot API double, exercised through the real aiogram Bot and session."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendPhoto
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    ChatMemberAdministrator,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.widgets.kbd import Back, Button, SwitchTo
from aiogram_dialog.widgets.text import Const
from aiohttp import web

from sandbox import updates
from sandbox.telegram import (
    DEFAULT_TOKEN,
    BotAPIServer,
    BotBlocked,
    BotKicked,
    ButtonNotFound,
    ChatNotFound,
    Fault,
    Migrated,
    RetryAfter,
    ServerError,
    Slow,
)

ALICE = updates.user(101, "Алиса", username="alice")
BOB = updates.user(102, "Боб")
OFFICE = updates.group_chat(-4001, "Офис на Тверской")
KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text="Да", callback_data="order:yes")],
        [InlineKeyboardButton(text="Сайт", url="https://example.com")],
    ]
)


@pytest.fixture
async def tg() -> AsyncIterator[BotAPIServer]:
    async with BotAPIServer(DEFAULT_TOKEN) as server:
        server.add_chat(updates.private_chat(ALICE), started=True)
        server.add_chat(OFFICE)
        yield server


@pytest.fixture
async def make_bot(tg: BotAPIServer) -> AsyncIterator[Callable[..., Bot]]:
    bots: list[Bot] = []

    def make(token: str = DEFAULT_TOKEN, **kwargs: object) -> Bot:
        session = AiohttpSession(api=TelegramAPIServer.from_base(tg.url))
        bots.append(Bot(token, session=session, **kwargs))
        return bots[-1]

    yield make
    for bot in bots:
        await bot.session.close()


@pytest.fixture
def bot(make_bot: Callable[..., Bot]) -> Bot:
    return make_bot(default=DefaultBotProperties(parse_mode="HTML"))


async def test_get_me_is_parsed_by_aiogram(bot: Bot, tg: BotAPIServer) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username, me.first_name) == (
        7000001,
        True,
        "lunch_test_bot",
        "Lunch bot",
    )
    assert me.can_join_groups is True
    assert me.id == bot.id  # aiogram derives bot.id from the token prefix
    assert tg.calls_to("getMe")[0].token == DEFAULT_TOKEN


async def test_send_message_ids_are_per_chat_and_html_is_stored_raw(
    bot: Bot, tg: BotAPIServer
) -> None:
    text = "<b>Меню</b> на &lt;вторник&gt;: суп «Том ям»"
    first = await bot.send_message(ALICE["id"], text, reply_markup=KEYBOARD)
    second = await bot.send_message(ALICE["id"], "ещё")
    in_group = await bot.send_message(OFFICE["id"], "всем привет")

    assert (first.message_id, second.message_id, in_group.message_id) == (1, 2, 1)
    assert first.from_user is not None
    assert first.from_user.id == tg.bot_user["id"]
    assert first.chat.first_name == "Алиса"
    assert first.reply_markup is not None
    assert first.reply_markup.model_dump() == KEYBOARD.model_dump()
    stored = tg.messages(ALICE["id"])
    assert [m["text"] for m in stored] == [text, "ещё"]
    assert stored[0]["parse_mode"] == "HTML"
    assert stored[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "order:yes"
    call = tg.calls_to("sendMessage", chat_id=ALICE["id"])[0]
    assert call.params["chat_id"] == ALICE["id"]  # decoded to int
    assert call.params["text"] == text


async def test_numeric_text_stays_a_string(bot: Bot, tg: BotAPIServer) -> None:
    await bot.send_message(ALICE["id"], "42")
    assert tg.messages(ALICE["id"])[0]["text"] == "42"


async def test_malformed_html_is_rejected_like_telegram(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.send_message(ALICE["id"], "Кафе <Fish & Chips> открыто")
    with pytest.raises(TelegramBadRequest, match="Can't find end tag"):
        await bot.send_message(ALICE["id"], "<b>жирный")
    await bot.send_message(ALICE["id"], "<b>Кафе</b> &lt;Fish &amp; Chips&gt;")


async def test_edit_message_text_returns_a_message(bot: Bot, tg: BotAPIServer) -> None:
    sent = await bot.send_message(ALICE["id"], "Корзина: пусто", reply_markup=KEYBOARD)

    edited = await bot.edit_message_text(
        "Корзина: <i>борщ</i>",
        chat_id=ALICE["id"],
        message_id=sent.message_id,
        reply_markup=KEYBOARD,
    )

    assert isinstance(edited, Message)
    assert edited.message_id == sent.message_id
    assert edited.text == "Корзина: <i>борщ</i>"
    assert edited.edit_date is not None
    [current] = tg.messages(ALICE["id"])
    assert current["text"] == "Корзина: <i>борщ</i>"

    markup_only = await bot.edit_message_reply_markup(
        chat_id=ALICE["id"], message_id=sent.message_id
    )
    assert isinstance(markup_only, Message)
    assert markup_only.reply_markup is None
    assert await bot.edit_message_text("inline", inline_message_id="AgAAAx") is True


async def test_identical_edit_is_not_modified(bot: Bot) -> None:
    sent = await bot.send_message(ALICE["id"], "Меню", reply_markup=KEYBOARD)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Меню", chat_id=ALICE["id"], message_id=sent.message_id, reply_markup=KEYBOARD
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=ALICE["id"], message_id=999)


async def test_delete_removes_from_chat_history(bot: Bot, tg: BotAPIServer) -> None:
    one = await bot.send_message(ALICE["id"], "one")
    await bot.send_message(ALICE["id"], "two")
    assert await bot.delete_message(ALICE["id"], one.message_id) is True
    assert [m["text"] for m in tg.messages(ALICE["id"])] == ["two"]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(ALICE["id"], one.message_id)


@pytest.mark.parametrize(
    ("fault", "error", "check"),
    [
        (RetryAfter(7), TelegramRetryAfter, lambda e: e.retry_after == 7),
        (Migrated(-1009), TelegramMigrateToChat, lambda e: e.migrate_to_chat_id == -1009),
        (BotKicked(), TelegramForbiddenError, lambda e: "kicked" in e.message),
        (BotBlocked(), TelegramForbiddenError, lambda e: "blocked by the user" in e.message),
        (ChatNotFound(), TelegramBadRequest, lambda e: e.message.endswith("chat not found")),
        (ServerError(502), TelegramServerError, lambda e: e.message == "Bad Gateway"),
    ],
)
async def test_injected_faults_surface_as_aiogram_exceptions(
    bot: Bot,
    tg: BotAPIServer,
    fault: Fault,
    error: type[Exception],
    check: Callable[[object], bool],
) -> None:
    tg.inject("sendMessage", fault, times=2)

    for _ in range(2):
        with pytest.raises(error) as caught:
            await bot.send_message(ALICE["id"], "Заказ принят")
        assert check(caught.value)
    await bot.send_message(ALICE["id"], "Заказ принят")

    attempts = tg.calls_to("sendMessage")
    assert [c.ok for c in attempts] == [False, False, True]
    assert len(tg.messages(ALICE["id"])) == 1


async def test_faults_can_target_one_chat_and_last_forever(bot: Bot, tg: BotAPIServer) -> None:
    tg.inject("sendMessage", BotKicked(), chat_id=OFFICE["id"], times=None)
    for _ in range(3):
        with pytest.raises(TelegramForbiddenError):
            await bot.send_message(OFFICE["id"], "обед!")
    await bot.send_message(ALICE["id"], "а тебе можно")
    assert len(tg.calls_to("sendMessage", chat_id=OFFICE["id"])) == 3


async def test_slow_answers_late(make_bot: Callable[..., Bot], tg: BotAPIServer) -> None:
    bot = make_bot()
    tg.inject("getMe", Slow(0.3), times=2)
    started = asyncio.get_running_loop().time()
    await bot.get_me()
    assert asyncio.get_running_loop().time() - started >= 0.3
    with pytest.raises(TelegramNetworkError, match="timeout"):
        await bot.get_me(request_timeout=0.1)


async def test_chat_rules_follow_telegram(bot: Bot, tg: BotAPIServer) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(BOB["id"], "привет")  # Telegram has never seen Bob
    await tg.feed_update(updates.message_update(updates.private_chat(BOB), BOB, "/start"))
    await bot.send_message(BOB["id"], "привет")

    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(-999, "кто здесь?")

    kicked = updates.my_chat_member_update(OFFICE, BOB, tg.bot_user, "member", "kicked")
    await tg.feed_update(kicked)
    with pytest.raises(TelegramForbiddenError, match="bot was kicked from the group chat"):
        await bot.send_message(OFFICE["id"], "обед!")

    blocked = updates.my_chat_member_update(
        updates.private_chat(BOB), BOB, tg.bot_user, "member", "kicked"
    )
    await tg.feed_update(blocked)
    with pytest.raises(TelegramForbiddenError, match="blocked by the user"):
        await bot.send_message(BOB["id"], "вернись")


async def test_unknown_private_chat_and_migrated_group(bot: Bot, tg: BotAPIServer) -> None:
    tg.add_chat(updates.private_chat(BOB))  # known, but Bob never pressed Start
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(BOB["id"], "привет")

    await tg.feed_update(updates.migrate_update(OFFICE, -1001234, ALICE))
    with pytest.raises(TelegramMigrateToChat) as caught:
        await bot.send_message(OFFICE["id"], "обед!")
    assert caught.value.migrate_to_chat_id == -1001234
    sent = await bot.send_message(-1001234, "обед!")
    assert sent.chat.type == "supergroup"
    assert sent.chat.title == OFFICE["title"]


async def test_wrong_token_and_unknown_method(make_bot: Callable[..., Bot]) -> None:
    with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
        await make_bot("7000001:WRONG").get_me()
    with pytest.raises(TelegramNotFound, match="method not found"):
        await make_bot()(SendPhoto(chat_id=ALICE["id"], photo="file-id"))


async def test_get_updates_long_polls_and_honours_offset(bot: Bot, tg: BotAPIServer) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert not poll.done()

    fed = updates.message_update(updates.private_chat(ALICE), ALICE, "/menu@lunch_test_bot")
    assert await tg.feed_update(fed) is None
    [first] = await asyncio.wait_for(poll, 2)

    assert first.message is not None
    assert first.message.text == "/menu@lunch_test_bot"
    assert first.message.entities is not None
    assert first.message.entities[0].type == "bot_command"
    assert first.message.entities[0].length == len("/menu@lunch_test_bot")
    assert first.message.message_id == 1

    # Not confirmed yet: Telegram keeps returning it.
    assert [u.update_id for u in await bot.get_updates()] == [first.update_id]
    await tg.feed_update(updates.message_update(updates.private_chat(ALICE), ALICE, "второе"))
    again = await bot.get_updates(offset=first.update_id + 1)
    assert [u.message.text for u in again if u.message] == ["второе"]
    assert await bot.get_updates(offset=again[-1].update_id + 1) == []


async def test_get_updates_filters_allowed_updates(bot: Bot, tg: BotAPIServer) -> None:
    chat = updates.private_chat(ALICE)
    await tg.feed_update(updates.message_update(chat, ALICE, "hi"))
    await tg.feed_update(
        updates.callback_query_update(ALICE, updates.message(chat, None, message_id=1), "x")
    )
    got = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in got if u.callback_query] == ["x"]
    assert len(got) == 1


async def test_newer_poll_terminates_older_one(make_bot: Callable[..., Bot]) -> None:
    first, second = make_bot(), make_bot()
    older = asyncio.create_task(first.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    newer = asyncio.create_task(second.get_updates(timeout=0))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await older
    assert await newer == []


async def test_aiogram_polling_end_to_end(bot: Bot, tg: BotAPIServer) -> None:
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(f"эхо: {message.text}")

    dp = Dispatcher()
    dp.include_router(router)
    polling = asyncio.create_task(dp.start_polling(bot, polling_timeout=1, handle_signals=False))
    try:
        await tg.send_text(ALICE["id"], ALICE, "борщ")
        [reply] = await tg.wait_for_messages(ALICE["id"], 1)
        assert reply["text"] == "эхо: борщ"
        assert reply["message_id"] == 2  # the user's message took id 1, as in Telegram
    finally:
        await dp.stop_polling()
        await polling


async def test_webhook_delivery_uses_the_secret(bot: Bot, tg: BotAPIServer) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/tg", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        url = f"http://127.0.0.1:{port}/tg"
        assert await bot.set_webhook(url, secret_token="s3cret", allowed_updates=["message"])
        info = await bot.get_webhook_info()
        assert (info.url, info.allowed_updates) == (url, ["message"])
        with pytest.raises(TelegramConflictError):
            await bot.get_updates()

        status = await tg.feed_update(updates.message_update(OFFICE, ALICE, "кто идёт?"))
        assert status == 200
        [(secret, payload)] = received
        assert secret == "s3cret"
        assert payload["message"]["text"] == "кто идёт?"  # type: ignore[index]
        assert isinstance(payload["update_id"], int)

        assert await bot.delete_webhook() is True
        assert await tg.feed_update(updates.message_update(OFFICE, ALICE, "ау")) is None
    finally:
        await runner.cleanup()


async def test_webhook_reply_method_is_executed(bot: Bot, tg: BotAPIServer) -> None:
    router = Router()

    @router.message()
    async def pong(message: Message) -> object:
        return message.answer("<b>pong</b>")  # a method returned, not awaited: webhook reply

    dp = Dispatcher()
    dp.include_router(router)
    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token="t").register(
        app, path="/hook"
    )
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook", secret_token="t")
        assert await tg.send_text(ALICE["id"], ALICE, "ping")
        [reply] = tg.messages(ALICE["id"])
        assert (reply["text"], reply["parse_mode"]) == ("<b>pong</b>", "HTML")
    finally:
        await runner.cleanup()


async def test_click_builds_a_callback_query(bot: Bot, tg: BotAPIServer) -> None:
    sent = await bot.send_message(ALICE["id"], "Оформить заказ?", reply_markup=KEYBOARD)
    await bot.send_message(ALICE["id"], "реклама без кнопок")

    fed = await tg.click(ALICE["id"], "Да", from_user=ALICE)

    [update] = await bot.get_updates()
    assert update.update_id == fed["update_id"]
    query = update.callback_query
    assert query is not None
    assert query.data == "order:yes"
    assert query.from_user.id == ALICE["id"]
    assert isinstance(query.message, Message)
    assert query.message.message_id == sent.message_id
    assert query.message.reply_markup is not None
    assert query.message.reply_markup.model_dump() == KEYBOARD.model_dump()
    assert await bot.answer_callback_query(query.id, text="Готово") is True

    with pytest.raises(ButtonNotFound, match=r"\['Да', 'Сайт'\]"):
        await tg.click(ALICE["id"], "Нет", from_user=ALICE)


async def test_subscribers_see_messages_and_updates(bot: Bot, tg: BotAPIServer) -> None:
    events = tg.subscribe()
    sent = await bot.send_message(ALICE["id"], "a")
    await bot.edit_message_text("b", chat_id=ALICE["id"], message_id=sent.message_id)
    await bot.delete_message(ALICE["id"], sent.message_id)
    await tg.send_text(ALICE["id"], ALICE, "c")
    tg.unsubscribe(events)
    await bot.send_message(ALICE["id"], "not seen")

    seen = []
    while not events.empty():
        event = events.get_nowait()
        if event["type"] == "message":
            seen.append((event["action"], event["message"]["text"]))
        elif event["type"] == "update":
            seen.append(("update", event["update"]["message"]["text"]))
    assert seen == [("sent", "a"), ("edited", "b"), ("deleted", "b"), ("update", "c")]


async def test_wait_for_sees_past_and_future_calls(bot: Bot, tg: BotAPIServer) -> None:
    await bot.send_message(ALICE["id"], "раньше")
    assert (await tg.wait_for("sendMessage")).params["text"] == "раньше"

    since = len(tg.calls)
    later = asyncio.create_task(
        tg.wait_for("sendmessage", lambda c: c.params["text"] == "позже", since=since)
    )
    await asyncio.sleep(0.05)
    await bot.send_message(ALICE["id"], "позже")
    assert (await later).result["message_id"] == 2
    with pytest.raises(TimeoutError, match="no matching getChat"):
        await tg.wait_for("getChat", timeout=0.1)


async def test_chat_info_members_and_commands(bot: Bot, tg: BotAPIServer) -> None:
    chat = await bot.get_chat(OFFICE["id"])
    assert (chat.id, chat.type, chat.title) == (OFFICE["id"], "group", OFFICE["title"])

    tg.set_member(OFFICE["id"], BOB, "administrator")
    member = await bot.get_chat_member(OFFICE["id"], BOB["id"])
    assert isinstance(member, ChatMemberAdministrator)
    assert member.user.id == BOB["id"]
    with pytest.raises(TelegramBadRequest, match="user not found"):
        await bot.get_chat_member(OFFICE["id"], 555)

    ru = [BotCommand(command="menu", description="Меню")]
    scoped = [BotCommand(command="orders", description="Заказы офиса")]
    await bot.set_my_commands(ru, language_code="ru")
    await bot.set_my_commands(scoped, scope=BotCommandScopeChat(chat_id=OFFICE["id"]))

    async def commands(**kwargs: object) -> list[dict[str, object]]:
        # aiogram objects returned by a Bot carry it privately, so == fails; compare dumps.
        return [c.model_dump() for c in await bot.get_my_commands(**kwargs)]  # type: ignore[arg-type]

    assert await commands(language_code="ru") == [c.model_dump() for c in ru]
    assert await commands(scope=BotCommandScopeChat(chat_id=OFFICE["id"])) == [
        c.model_dump() for c in scoped
    ]
    assert await bot.get_my_commands() == []
    await bot.delete_my_commands(language_code="ru")
    assert await bot.get_my_commands(language_code="ru") == []


async def test_reset_keeps_identity_and_update_ids(bot: Bot, tg: BotAPIServer) -> None:
    await tg.feed_update(updates.message_update(OFFICE, ALICE, "x"))
    [before] = await bot.get_updates()
    tg.inject("getMe", ServerError(), times=None)
    tg.reset()

    assert tg.calls == []
    assert tg.messages(OFFICE["id"]) == []
    assert (await bot.get_me()).username == "lunch_test_bot"
    await tg.feed_update(updates.message_update(OFFICE, ALICE, "y"))
    [after] = await bot.get_updates(offset=before.update_id + 1)
    assert after.update_id > before.update_id


def test_builders_are_valid_telegram_objects() -> None:
    bot_user = updates.user(7000001, "Lunch bot", is_bot=True, language_code=None)
    payloads = [
        updates.message_update(OFFICE, ALICE, "/start@lunch_test_bot", update_id=1, message_id=5),
        updates.my_chat_member_update(
            OFFICE, ALICE, bot_user, "left", "administrator", update_id=2
        ),
        updates.my_chat_member_update(OFFICE, ALICE, bot_user, "member", "restricted", update_id=3),
        updates.migrate_update(OFFICE, -100777, ALICE, update_id=4) | {},
    ]
    payloads[3]["message"]["message_id"] = 6
    parsed = [Update.model_validate(p) for p in payloads]
    assert parsed[0].message is not None
    assert parsed[0].message.entities is not None
    assert parsed[0].message.entities[0].length == len("/start@lunch_test_bot")
    assert parsed[3].message is not None
    assert parsed[3].message.migrate_to_chat_id == -100777
    assert updates.command_entities("/menu_2 please") == [
        {"type": "bot_command", "offset": 0, "length": 7}
    ]
    assert updates.command_entities("not /a command") is None


async def test_aiogram_dialog_edits_in_place(bot: Bot, tg: BotAPIServer) -> None:
    """aiogram-dialog needs edits to return a Message and tolerates "not modified"."""

    class Menu(StatesGroup):
        main = State()
        cart = State()

    dp = Dispatcher()
    dp.include_router(
        Dialog(
            Window(
                Const("<b>Меню</b>"), SwitchTo(Const("Корзина"), "cart", Menu.cart), state=Menu.main
            ),
            Window(
                Const("Пусто"),
                Back(Const("Назад")),
                Button(Const("Обновить"), "noop"),
                state=Menu.cart,
            ),
        )
    )

    @dp.message(CommandStart())
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK)

    setup_dialogs(dp)
    polling = asyncio.create_task(dp.start_polling(bot, polling_timeout=1, handle_signals=False))
    try:
        await tg.send_text(ALICE["id"], ALICE, "/start")
        await tg.wait_for_messages(ALICE["id"], 1)
        for button, text in [("Корзина", "Пусто"), ("Обновить", "Пусто"), ("Назад", "<b>Меню</b>")]:
            since = len(tg.calls)
            await tg.click(ALICE["id"], button, from_user=ALICE)
            await tg.wait_for("answerCallbackQuery", since=since)
            assert [m["text"] for m in tg.messages(ALICE["id"])] == [text]
        edits = [c.ok for c in tg.calls_to("editMessageText")]
        assert edits == [True, False, True]  # the refresh hit "message is not modified"
    finally:
        await dp.stop_polling()
        await polling


async def test_send_document_keeps_the_uploaded_bytes(bot: Bot, tg: BotAPIServer) -> None:
    from aiogram.types import BufferedInputFile

    sent = await bot.send_document(
        ALICE["id"],
        BufferedInputFile(b"PK\x03\x04 bytes", "lunch-2026-11.xlsx"),
        caption="<b>Ok</b>",
    )
    assert sent.document is not None
    assert sent.document.file_name == "lunch-2026-11.xlsx"
    (stored,) = tg.messages(ALICE["id"])
    assert stored["caption"] == "<b>Ok</b>"
    assert tg.document_bytes(stored) == b"PK\x03\x04 bytes"
    again = await bot.send_document(ALICE["id"], sent.document.file_id)  # re-sent by file_id
    assert again.document is not None
    assert again.document.file_size == len(b"PK\x03\x04 bytes")
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_document(ALICE["id"], sent.document.file_id, caption="<b>unclosed")
