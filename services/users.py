"""Who someone is: their row, their language, and their role (`ADMIN_IDS` always win)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from tortoise import Tortoise
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.config import Signup
from db.models import Role, User
from services.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError
from services.permissions import Action, role_allows
from services.text import SURROGATES, single_line

SUPPORTED_LANGUAGES = ("ru", "en")
MAX_TGID = 2**63 - 1  # `tgid` is a bigint
MAX_NAME = 255  # the `name` column
_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,32}$")  # Telegram's own: 5-32, bots' test ids shorter
DEFAULT_LANGUAGE = "ru"
# Every update and every API request reads its sender's row: the statement is written out, not
# built by the query builder each time (that was a tenth of a webhook update's CPU).
_BY_TGID = "SELECT * FROM users WHERE tgid = $1"


def pick_language(language_code: str | None) -> str:
    """Telegram sends IETF tags like `en-US`; we speak Russian and English, Russian first."""
    if language_code:
        base = language_code.split("-")[0].lower()
        if base in SUPPORTED_LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


class TelegramPerson(Protocol):
    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None


@dataclass(frozen=True)
class TelegramIdentity:
    """The fields of a Telegram user that we keep (from an Update or from Mini App initData)."""

    tgid: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    @classmethod
    def of(cls, person: TelegramPerson) -> TelegramIdentity:
        """From Telegram's description of a person: an update's `from_user`, initData's
        `user` (aiogram's `User` and `WebAppUser` have the same fields)."""
        return cls(
            tgid=person.id,
            first_name=person.first_name,
            last_name=person.last_name,
            username=person.username,
            language_code=person.language_code,
        )

    @cached_property  # asked three times per update; the instance is frozen
    def display_name(self) -> str:
        """First and last name as one line others may see (see `services.text`)."""
        joined = " ".join(part for part in (self.first_name, self.last_name) if part)
        return single_line(joined) or str(self.tgid)

    def check(self) -> None:
        """Refuse what no Telegram account sends and our rows could not hold faithfully
        (signed initData is only as sane as the signer). InvalidError names the field."""
        if not 0 < self.tgid <= MAX_TGID:
            raise InvalidError("The user id is not a Telegram id", code="invalid_user", field="id")
        for field, value in (("first_name", self.first_name), ("last_name", self.last_name)):
            if value is None:
                continue
            if "\x00" in value or SURROGATES.search(value):
                raise InvalidError(
                    f"The {field.replace('_', ' ')} contains characters that are not text",
                    code="invalid_user",
                    field=field,
                )
            if len(value) > MAX_NAME:
                raise InvalidError(
                    f"The {field.replace('_', ' ')} is longer than {MAX_NAME} characters",
                    code="invalid_user",
                    field=field,
                )
        if len(self.display_name) > MAX_NAME:
            raise InvalidError(
                f"The name is longer than {MAX_NAME} characters", code="invalid_user", field="name"
            )
        if self.username is not None and not _USERNAME.match(self.username):
            raise InvalidError(
                "The username is not a Telegram username", code="invalid_user", field="username"
            )


async def by_tgid(tgid: int) -> User | None:
    """`User.get_or_none(tgid=…)`, for the hot paths."""
    rows = await Tortoise.get_connection("default").execute_query_dict(_BY_TGID, [tgid])
    return User._init_from_db(**rows[0]) if rows else None


def roster() -> QuerySet[User]:
    """The people the office serves — the one place the roster rule lives (`/today`,
    reminders, `/users` select from here): active, and on the roster (the import, `/grant`,
    `ADMIN_IDS`, an approved access request, or anyone at first contact with `SIGNUP=open`).
    Someone who only pressed a button in a cafe's group chat is not."""
    return User.filter(is_active=True, on_roster=True)


@dataclass
class UserService:
    admin_ids: frozenset[int]
    signup: Signup = Signup.APPROVAL

    def role_of(self, user: User) -> Role:
        return Role.ADMIN if user.tgid in self.admin_ids else user.role

    def is_member(self, user: User | None) -> bool:
        """On the office roster and active: may order, is reminded, is counted by `/today`."""
        return (
            user is not None and user.is_active and (user.on_roster or user.tgid in self.admin_ids)
        )

    def require_member(self, user: User) -> User:
        """ForbiddenError `account_disabled` or `not_registered` for who may not order."""
        if not user.is_active:
            raise ForbiddenError("This account is disabled", code="account_disabled")
        if not self.is_member(user):
            raise ForbiddenError(
                "You are not on the office's lunch list yet: ask your office manager",
                code="not_registered",
                signup=str(self.signup),
            )
        return user

    def may(self, user: User | None, action: Action) -> bool:
        """The one check of every role-bound action (`services.permissions`): an inactive user,
        or one not on the roster, may do nothing, whatever their role."""
        return user is not None and self.is_member(user) and role_allows(self.role_of(user), action)

    def require(self, user: User | None, action: Action) -> User:
        if user is not None and not user.is_active:
            raise ForbiddenError("This account is disabled", code="account_disabled")
        if user is None or not self.may(user, action):
            raise ForbiddenError("This is not available to you", action=str(action))
        return user

    async def touch(self, identity: TelegramIdentity, *, personal: bool = True) -> User:
        """The user's row, created on first contact and kept current with Telegram.

        The language is taken from Telegram only when the row is created: someone who later
        chooses another language keeps it. A stranger's row is off the roster unless they
        are in `ADMIN_IDS`, or `SIGNUP=open` and they came to the bot themselves (`personal`:
        their private chat or the Mini App, not a button in a cafe's group chat).
        InvalidError for an impossible identity.
        """
        identity.check()
        joins = identity.tgid in self.admin_ids or (self.signup is Signup.OPEN and personal)
        user = await by_tgid(identity.tgid)
        if user is None:
            try:
                return await User.create(
                    tgid=identity.tgid,
                    name=identity.display_name,
                    username=identity.username,
                    language=pick_language(identity.language_code),
                    on_roster=joins,
                )
            except IntegrityError:
                # Two updates of a new user raced; the other one created the row.
                user = await User.get(tgid=identity.tgid)
        changed: dict[str, object] = {}
        if joins and not user.on_roster:
            changed["on_roster"] = True
        if user.name != identity.display_name:
            changed["name"] = identity.display_name
        if user.username != identity.username:
            changed["username"] = identity.username
        if changed:
            await User.filter(id=user.id).update(**changed)
            for field, value in changed.items():
                setattr(user, field, value)
        return user

    async def set_reminders(self, user: User, enabled: bool) -> User:
        """`/reminders on|off`, the reminder's "🔕" button and the Mini App's switch."""
        if user.reminders_enabled is not enabled:
            await User.filter(id=user.id).update(reminders_enabled=enabled)
            user.reminders_enabled = enabled
        return user

    async def mark_started(self, user: User, at: dt.datetime) -> None:
        """They wrote to the bot in private: from now on it may write to them."""
        if user.started_at is None or user.blocked_at is not None:
            # Back after blocking the bot: whatever their chat had, `/start` sets it again.
            await User.filter(id=user.id).update(
                started_at=user.started_at or at, blocked_at=None, menu_button=None
            )
            user.started_at = user.started_at or at
            user.blocked_at = None
            user.menu_button = None

    async def remember_menu_button(self, user: User, mark: str) -> None:
        """Which menu button their chat has now (`bot.handlers.start`)."""
        await Tortoise.get_connection("default").execute_query(
            "UPDATE users SET menu_button = $1 WHERE id = $2", [mark, user.id]
        )
        user.menu_button = mark

    async def mark_blocked(self, tgid: int, at: dt.datetime) -> None:
        """Telegram says they blocked the bot: stop writing to them until they come back."""
        await User.filter(tgid=tgid, blocked_at__isnull=True).update(blocked_at=at)

    async def managers(self) -> list[User]:
        """Everyone to tell about a new link request: managers, admins and ADMIN_IDS."""
        return await User.filter(
            Q(role__in=[Role.MANAGER, Role.ADMIN]) | Q(tgid__in=list(self.admin_ids)),
            is_active=True,
        ).order_by("id")

    async def admins(self) -> list[User]:
        return await User.filter(
            Q(role=Role.ADMIN) | Q(tgid__in=list(self.admin_ids)), is_active=True
        ).order_by("id")

    async def set_role(self, tgid: int, role: Role, *, by: User) -> User:
        """`/grant` and `/revoke` (role employee). Only admins change roles; nobody demotes
        themselves (the last admin would lock everyone out), and `ADMIN_IDS` stay admins.
        Whoever is given a role is on the roster from then on."""
        self.require(by, Action.ROLES)
        user = await User.get_or_none(tgid=tgid)
        if user is None:
            raise NotFoundError(
                f"No user with Telegram id {tgid}: they must open the bot first",
                code="user_not_found",
                tgid=tgid,
            )
        if role is not Role.ADMIN and tgid in self.admin_ids:
            raise ConflictError(
                f"{user.name} is an admin through ADMIN_IDS", code="admin_by_config", name=user.name
            )
        if tgid == by.tgid and role is not self.role_of(by):
            raise ConflictError("Admins cannot change their own role", code="own_role")
        if user.role is not role or not user.on_roster:
            await User.filter(id=user.id).update(role=role, on_roster=True)
            user.role, user.on_roster = role, True
        return user

    async def add_to_roster(self, user: User) -> bool:
        """On the roster from now on; False when they already were."""
        added = await User.filter(id=user.id, on_roster=False).update(on_roster=True)
        user.on_roster = True
        return bool(added)
