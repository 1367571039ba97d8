"""Command arguments, checked by the command filter itself.

`Command("unlink", magic=arguments(CAFE_ID))` matches only when the arguments fit the pattern
whole; its named groups reach the handler as keyword arguments (`cafe_id="12"`). Register
`usage` for the bare command after it, and whoever typed it wrong gets the usage line.
"""

from __future__ import annotations

import re

from aiogram import F
from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram_i18n import I18nContext
from magic_filter import MagicFilter

CAFE_ID = r"(?P<cafe_id>\d{1,9})"  # our ids are PostgreSQL integers
TGID = r"(?P<tgid>\d{1,15})"  # Telegram user ids fit in 52 bits


def arguments(pattern: str) -> MagicFilter:
    return F.args.regexp(rf"\s*{pattern}\s*", mode="fullmatch", flags=re.IGNORECASE).groupdict()


async def usage(message: Message, command: CommandObject, i18n: I18nContext) -> None:
    await message.answer(i18n.get(f"usage-{command.command}"))
