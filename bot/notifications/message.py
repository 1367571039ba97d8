"""The aggregated order message a cafe gets at its deadline, in the cafe chat's language, made
for a kitchen: each person's block ends with their amount, and after the blocks comes the
tally by dish, grouped by category ("суп: Борщ × 3, Солянка × 1"), then the totals.

Every string that came from a user or a cafe is HTML-escaped (the bot speaks HTML). A message
longer than Telegram's 4096 characters is split between user blocks: the title on the first
part, the totals on the last, nothing lost or repeated.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from aiogram import html
from aiogram.utils.formatting import sizeof
from babel.numbers import format_decimal

from bot.texts import MAX_MESSAGE_LENGTH, local_date, pack_lines
from core.i18n import Translator
from db.models import Category
from services.notifications.orders import CafeOrders, OrderLine
from services.text import single_line

SEPARATOR = "━" * 21
BETWEEN = "\n\n"  # between user blocks
# Room kept on the last part for the line "✅ Принято: <who>, <when>" added when it is
# accepted (the name is cut to fit), so the edited message never outgrows Telegram's limit.
ACK_RESERVE = 160


def format_amount(amount: Decimal, locale: str) -> str:
    return format_decimal(amount, format="#,##0.00", locale=locale)


class OrdersMessage:
    def __init__(self, translator: Translator) -> None:
        self.translator = translator

    def render(self, summary: CafeOrders, *, max_length: int = MAX_MESSAGE_LENGTH) -> list[str]:
        """The message as one or more parts, each at most `max_length` characters."""
        locale = summary.cafe.language
        t = self.translator
        date = local_date(summary.date, locale)
        title = t.get(locale, "deadline-title", cafe=html.quote(summary.cafe.name), date=date)
        head = f"{title}\n{SEPARATOR}"
        total = t.get(
            locale,
            "deadline-total",
            count=summary.count,
            amount=format_amount(summary.total, locale),
        )
        tail = f"{SEPARATOR}\n{total}"
        blocks = [
            self._user_block(name, orders, locale) for name, orders in _by_user(summary.orders)
        ]
        if summary.orders:
            blocks.append(self._tally(summary.orders, locale))
        return _pack(head, blocks, tail, max_length)

    def _tally(self, orders: tuple[OrderLine, ...], locale: str) -> str:
        """What the kitchen cooks: every dish and extra with how many, by category."""
        counts: dict[Category, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for order in orders:
            for dish in order.dishes:
                counts[Category(dish.category)][dish.name] += 1
            for extra in order.extras:
                counts[Category.EXTRA][extra.name] += extra.quantity
        lines = [self.translator.get(locale, "deadline-tally-title")]
        for category in Category:  # the menu's order: soups first, extras last
            if category not in counts:
                continue
            label = self.translator.get(locale, f"category-{category}")
            dishes = sorted(counts[category].items(), key=lambda kv: (-kv[1], kv[0].casefold()))
            listed = ", ".join(f"{html.quote(name)} × {count}" for name, count in dishes)
            lines.append(f"   {label[:1].upper()}{label[1:]}: {listed}")
        return "\n".join(lines)

    def _user_block(self, name: str, orders: list[OrderLine], locale: str) -> str:
        # Names and notes are others' words in the cafe's chat: one line, no bidi tricks.
        lines = [f"👤 {html.quote(single_line(name) or '')}:"]
        for order in orders:
            lines.append(f"   • {html.quote(order.combo_name)}")
            for dish in order.dishes:
                category = self.translator.get(locale, f"category-{dish.category}")
                stopped = (
                    f" {self.translator.get(locale, 'deadline-stopped')}" if dish.stopped else ""
                )
                lines.append(f"     - {html.quote(dish.name)} ({category}){stopped}")
            for extra in order.extras:
                lines.append(f"   • {html.quote(extra.name)} ×{extra.quantity}")
            if order.notes:
                lines.append(f"   📝 {html.quote(single_line(order.notes) or '')}")
        amount = sum((order.total for order in orders), Decimal("0.00"))
        lines.append(
            "   "
            + self.translator.get(
                locale, "deadline-person-amount", amount=format_amount(amount, locale)
            )
        )
        return "\n".join(lines)


def _by_user(orders: tuple[OrderLine, ...]) -> list[tuple[str, list[OrderLine]]]:
    grouped: dict[int, list[OrderLine]] = defaultdict(list)
    for order in orders:
        grouped[order.user_tgid].append(order)
    return sorted(
        ((lines[0].user_name, lines) for lines in grouped.values()),
        key=lambda item: (item[0].casefold(), item[1][0].user_tgid),
    )


def _pack(head: str, blocks: list[str], tail: str, max_length: int) -> list[str]:
    """Greedy: fill each part with whole user blocks (blank line between), title first, totals
    last (with room for the acceptance line). A block too long for any part on its own is cut
    at line ends."""
    pieces = [piece for block in blocks for piece in _fit(block, max_length)]
    parts: list[list[str]] = [[head]]
    length = sizeof(head)  # measured as `pack_lines` does: markup and all, UTF-16 units
    for piece in [*pieces, tail]:
        size = sizeof(piece)
        limit = max_length - min(ACK_RESERVE, max_length // 4) if piece is tail else max_length
        if length + sizeof(BETWEEN) + size <= limit:
            parts[-1].append(piece)
            length += sizeof(BETWEEN) + size
        else:
            parts.append([piece])
            length = size
    return [BETWEEN.join(part) for part in parts]


def _fit(block: str, max_length: int) -> list[str]:
    if sizeof(block) <= max_length:
        return [block]
    return pack_lines(block.split("\n"), max_length)
