"""The sandbox (`lunchbot sandbox`) in a real browser: its Telegram-like UI driving the real
application through the Bot API double, as a new developer tries it on their first day.

The sandbox runs in this test's event loop (what the command runs, on the harness's database,
Redis and clock); `tests/sandbox/test_sandbox_command.py` starts the command itself.
Screenshots go to tests/artifacts/sandbox-<step>.png; with LUNCHBOT_UPDATE_DOCS=1 the deadline
test also writes the README's docs/sandbox.png.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, FrameLocator, Page, expect

from core.clock import FrozenClock
from db.models import Cafe, Order, OrderStatus, User
from sandbox.runner import Sandbox
from tests.browser.conftest import ARTIFACTS, script_errors
from tests.support.sandbox import running_sandbox

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDTH, HEIGHT = 1280, 800


@pytest.fixture
async def sandbox(
    database_url: str, redis_url: str, redis: object, clock: FrozenClock
) -> AsyncIterator[Sandbox]:
    async with running_sandbox(database_url, redis_url, clock, None) as sandbox:
        yield sandbox


@pytest.fixture
async def desktop(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(
        locale="ru-RU", timezone_id="Europe/Moscow", viewport={"width": WIDTH, "height": HEIGHT}
    )
    await context.route("https://telegram.org/**", lambda route: route.abort())
    yield context
    await context.close()


@pytest.fixture
async def ui(desktop: BrowserContext, sandbox: Sandbox) -> AsyncIterator[Page]:
    """The sandbox's page, open and live; a script error in it (or in the Mini App inside
    it) fails the test."""
    page = await desktop.new_page()
    errors = script_errors(page)
    await page.goto(sandbox.url)
    await expect(page.locator("body[data-live='true']")).to_be_attached()
    yield page
    assert errors == []


async def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=ARTIFACTS / f"sandbox-{name}.png")


def chat(ui: Page, title: str):
    return ui.get_by_role("navigation", name="Chats").get_by_role("button", name=title, exact=True)


def log(ui: Page):
    return ui.get_by_role("log", name="Messages")


async def say(ui: Page, text: str) -> None:
    await ui.locator(".composer input:not([type=file])").fill(text)
    await ui.get_by_role("button", name="Send", exact=True).click()


async def link_pelmennaya(ui: Page, sandbox: Sandbox) -> None:
    """Анна asks for the deep link, the cafe's Галина opens it into the group, Анна approves."""
    cafe = await Cafe.get(key="pelmennaya")
    await chat(ui, "Анна Петрова").click()
    await say(ui, f"/link {cafe.id}")
    link = log(ui).get_by_role("link", name=re.compile(r"startgroup="))
    await expect(link).to_be_visible()
    await link.click()  # Telegram would ask which group: so does the sandbox
    dialog = ui.get_by_role("dialog", name="Add the bot to a group")
    await dialog.get_by_label("Group").select_option(label="Пельменная №1")
    await expect(dialog.get_by_label("Deep link")).to_have_value(re.compile(r"startgroup="))
    await shot(ui, "add-bot")
    await dialog.get_by_role("button", name="Add the bot").click()

    # The group: the bot joined, the client sent /start@bot <code>, the bot answered.
    await expect(ui.locator(".chat-head .title")).to_have_text("Пельменная №1")
    await expect(log(ui)).to_contain_text("/start@lunch_sandbox_bot")
    await expect(log(ui)).to_contain_text("отправлена менеджерам")
    await shot(ui, "requested")

    # Анна got the request: its card, Approve, the confirmation, Yes.
    await expect(chat(ui, "Dmitry Volkov").get_by_label("1 unread")).to_be_visible()  # live
    await chat(ui, "Анна Петрова").click()
    await log(ui).get_by_role("button", name="Открыть заявку").click()
    await expect(log(ui)).to_contain_text("ID чата: -1009000000001")
    await log(ui).get_by_role("button", name="✅ Одобрить").click()
    await expect(log(ui)).to_contain_text("Привязать чат «Пельменная №1» к кафе «Пельменная №1»?")
    await log(ui).get_by_role("button", name="✅ Да, одобрить").click()
    await expect(log(ui)).to_contain_text("Одобрено: кафе «Пельменная №1» привязано")
    await shot(ui, "approved")


async def test_link_a_cafe_chat_through_the_deep_link(ui: Page, sandbox: Sandbox) -> None:
    await expect(chat(ui, "Пельменная №1")).to_be_visible()
    await shot(ui, "start")
    await link_pelmennaya(ui, sandbox)

    await chat(ui, "Пельменная №1").click()
    await expect(log(ui)).to_contain_text("Готово: этот чат привязан к кафе «Пельменная №1»")
    cafe = await Cafe.get(key="pelmennaya")
    assert cafe.tg_chat_id == -1009000000001
    assert cafe.notifications_enabled


async def open_mini_app(ui: Page, person: str) -> FrameLocator:
    await chat(ui, person).click()
    await ui.get_by_role("button", name="Open the Mini App as this user").click()
    await expect(ui.get_by_role("region", name="Mini App")).to_contain_text(f"as {person}")
    return ui.frame_locator("#miniapp-frame")


async def test_order_from_the_mini_app_opened_as_an_employee(ui: Page, sandbox: Sandbox) -> None:
    # The bot's own way in: /start answers with the Mini App's button.
    await chat(ui, "Иван Сидоров").click()
    await ui.get_by_role("button", name="/start", exact=True).click()
    await expect(log(ui)).to_contain_text("Привет, Иван Сидоров!")
    await log(ui).get_by_role("button", name="🍽 Заказать обед").click()
    await expect(ui.get_by_role("region", name="Mini App")).to_contain_text("as Иван Сидоров")
    app = ui.frame_locator("#miniapp-frame")

    await expect(app.get_by_role("heading", name="Где обедаем?")).to_be_visible()
    await app.get_by_role("button", name="Пельменная №1").click()
    await expect(app.get_by_text("Доставка вт, 8 декабря · заказ до 10:00")).to_be_visible()
    await app.get_by_text("Классический").click()
    await app.get_by_text("Солянка сборная").click()
    await app.get_by_text("Пельмени домашние").click()
    await app.get_by_text("Гречка с маслом").click()
    await app.get_by_role("button", name="Добавить: Морс клюквенный").click()
    await expect(app.locator(".checkout .total")).to_have_text("570 ₽")
    await shot(ui, "mini-app-menu")
    await app.get_by_role("button", name="Далее").click()
    await app.get_by_role("button", name="Заказать за 570 ₽").click()
    await expect(app.get_by_role("heading", name="Заказ принят")).to_be_visible()
    await shot(ui, "mini-app-ordered")

    ivan = await User.get(tgid=9201)
    (order,) = await Order.filter(user=ivan, status=OrderStatus.ACTIVE, date__gte="2026-12-07")
    assert str(order.total_amount) == "570.00"


async def test_the_mini_app_is_always_the_person_named_in_its_header(
    ui: Page, sandbox: Sandbox
) -> None:
    """With the panel open, opening it as someone else acts as them (not the one before)."""
    app = await open_mini_app(ui, "Иван Сидоров")
    await app.get_by_role("button", name="Профиль").click()
    await expect(app.locator(".person h2")).to_have_text("Иван Сидоров")
    app = await open_mini_app(ui, "Мария Кузнецова")
    await app.get_by_role("button", name="Профиль").click()
    await expect(app.locator(".person h2")).to_have_text("Мария Кузнецова")


async def test_fire_the_deadline_and_the_orders_arrive_in_the_cafe_chat(
    ui: Page, sandbox: Sandbox
) -> None:
    await link_pelmennaya(ui, sandbox)
    await chat(ui, "Пельменная №1").click()
    fire = ui.get_by_role("button", name=re.compile("^Fire the deadline now"))
    await expect(fire).to_contain_text("8 дек")
    await fire.click()

    # The demo's colleagues ordered for Tuesday already: one aggregated message, live.
    message = log(ui).locator(".message.in").last
    await expect(message).to_contain_text("📋 Пельменная №1 — Заказ на")
    await expect(message).to_contain_text("👤 Алексей Новиков")
    await expect(message).to_contain_text(re.compile(r"Итого: 4 заказа, [\d\s]+(,\d\d)? ₽"))
    await shot(ui, "deadline")
    # The README's picture: tall enough for the whole message, once the toast has gone.
    await expect(ui.locator(".toast")).to_have_count(0, timeout=10_000)
    await ui.set_viewport_size({"width": WIDTH, "height": 1040})
    await log(ui).evaluate("box => { box.scrollTop = box.scrollHeight; }")
    await shot(ui, "readme")
    if os.environ.get("LUNCHBOT_UPDATE_DOCS"):  # not every run: the clock in it changes
        await ui.screenshot(path=DOCS / "sandbox.png")
    await ui.set_viewport_size({"width": WIDTH, "height": HEIGHT})

    # Fired again, the outbox refuses (already delivered) and the button offers to force it.
    await fire.click()
    await expect(ui.locator(".toast").last).to_contain_text("press again to send it anyway")


async def test_run_the_recommendations_batch_and_see_the_card(ui: Page, sandbox: Sandbox) -> None:
    await ui.get_by_role("button", name="Run the recommendations batch").click()
    await expect(ui.locator("#recommendations-result")).to_contain_text(
        re.compile(r"done: 4 generated"),
        timeout=60_000,  # a loaded machine: ~10 s
    )
    app = await open_mini_app(ui, "Иван Сидоров")
    await app.get_by_role("button", name="Профиль").click()
    card = app.locator(".advice")
    await expect(card).to_contain_text("Рацион в целом сбалансирован")
    await expect(card.locator(".tips li")).to_have_count(3)
    await expect(card.locator(".chart-row").first).to_be_visible()
    await shot(ui, "recommendations")
    assert len(sandbox.gemini.calls) == 4


async def test_messages_are_drawn_as_telegram_does_and_never_as_page_markup(
    ui: Page, sandbox: Sandbox
) -> None:
    assert sandbox.app is not None
    await chat(ui, "Мария Кузнецова").click()
    bot = sandbox.app.bot
    await bot.send_message(
        9202,
        '<b>Жирный</b>, <i>курсив</i>, <code>&lt;img src=x onerror="window.hacked=1"&gt;</code>,'
        ' <a href="javascript:window.hacked=1">ссылка</a>, <tg-spoiler>спойлер</tg-spoiler>',
    )
    for text in ("первое", "второе", "третье"):  # a long answer split in parts, say
        await bot.send_message(9202, text)
    await say(ui, '<img src=x onerror="window.hacked=1"> <b>не жирный</b>')

    bubbles = log(ui).locator(".bubble")
    # The bot's four, the typed text, and the bot's answer to it ("Этого я не знаю").
    await expect(bubbles).to_have_count(6)
    first = bubbles.first
    await expect(first.locator("b")).to_have_text("Жирный")
    await expect(first.locator("i")).to_have_text("курсив")
    await expect(first.locator("code")).to_have_text('<img src=x onerror="window.hacked=1">')
    await expect(first.locator("a")).not_to_have_attribute("href", re.compile("javascript"))
    await first.locator("a").click()
    await expect(first.locator(".spoiler")).to_have_text("спойлер")
    await expect(log(ui).locator(".message.in .bubble")).to_contain_text(
        [re.compile("^Жирный"), re.compile("^первое"), re.compile("^второе"), re.compile("^третье")]
    )
    mine = log(ui).locator(".message.out .bubble")
    await expect(mine).to_contain_text('<img src=x onerror="window.hacked=1"> <b>не жирный</b>')
    await expect(log(ui).locator("img")).to_have_count(0)
    # The bot answers free text: the preview shows its reply, as text too.
    await expect(chat(ui, "Мария Кузнецова")).to_contain_text("Этого я не знаю")
    assert await ui.evaluate("window.hacked") is None
    await shot(ui, "rendering")


async def test_send_reminders_now_then_order_and_see_the_confirmation(
    ui: Page, sandbox: Sandbox
) -> None:
    await ui.get_by_role("button", name="Send reminders now").click()
    await expect(ui.locator("#reminders-result")).to_contain_text(re.compile(r"^[1-9]\d* sent"))
    # Иван has not ordered for Tuesday yet: he is reminded, with the cafes open for it.
    await chat(ui, "Иван Сидоров").click()
    reminder = log(ui).locator(".message.in").filter(has_text="⏰")
    await expect(reminder).to_contain_text("⏰ Вы ещё не заказали обед на вторник, 8 декабря")
    await expect(reminder).to_contain_text("• Столовая «Заводская» — до 09:30, 8 декабря")
    await expect(reminder).to_contain_text("• Пельменная №1 — до 10:00, 8 декабря")
    await shot(ui, "reminder")

    # Sent again: nobody is reminded twice for a day.
    await ui.get_by_role("button", name="Send reminders now").click()
    await expect(ui.locator("#reminders-result")).to_contain_text("0 sent")

    await reminder.get_by_role("button", name="🍽 Заказать обед").click()
    app = ui.frame_locator("#miniapp-frame")
    await app.get_by_role("button", name="Пельменная №1").click()
    await app.get_by_text("Классический").click()
    for dish in ("Солянка сборная", "Пельмени домашние", "Гречка с маслом"):
        await app.get_by_text(dish).click()
    await app.get_by_role("button", name="Далее").click()
    await app.get_by_role("button", name="Заказать за 450 ₽").click()
    await expect(app.get_by_role("heading", name="Заказ принят")).to_be_visible()
    await ui.locator("#miniapp-close").click()

    confirmation = log(ui).locator(".message.in").last
    await expect(confirmation).to_contain_text("✅ Заказ принят")
    await expect(confirmation).to_contain_text("🏪 Пельменная №1 · вторник, 8 декабря")
    await expect(confirmation).to_contain_text("Классический: Солянка сборная")
    await expect(confirmation).to_contain_text("Изменить или отменить можно до 10:00, 8 декабря.")
    await shot(ui, "confirmation")

    await reminder.get_by_role("button", name="🔕 Не напоминать").click()
    await expect(reminder).to_contain_text("🔕 Напоминания выключены — /reminders on")
    assert (await User.get(tgid=9201)).reminders_enabled is False
