"""Builders for Telegram-shaped payloads (users, chats, messages, updates).

They are plain functions returning plain dicts, so a test reads like the update
Telegram would send and nothing here depends on aiogram: the same payloads feed
the Bot API double, aiogram's ``Dispatcher.feed_update`` or a browser sandbox.

Identifiers that Telegram assigns (``update_id``, and ``message_id`` of incoming
messages) are left out unless given: :class:`sandbox.telegram.BotAPIServer`
fills them from its own sequences, which is what keeps ``getUpdates`` offsets
and per-chat message ids consistent. Pass them explicitly when an update goes
somewhere else (aiogram's ``Update`` model requires both).
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

Json = dict[str, Any]

# A leading bot command, optionally addressed to one bot ("/menu@lunch_bot").
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")

# Telegram always sends every admin/restriction flag (aiogram requires them); the
# values are what a plain admin or restricted member would typically have.
_ADMIN_RIGHTS = (
    "can_manage_chat can_delete_messages can_manage_video_chats can_restrict_members "
    "can_change_info can_invite_users can_post_stories can_edit_stories "
    "can_delete_stories can_send_welcome_messages can_pin_messages"
)
_RESTRICTED_RIGHTS = (
    "can_send_messages can_send_audios can_send_documents can_send_photos can_send_videos "
    "can_send_video_notes can_send_voice_notes can_send_polls can_send_other_messages "
    "can_add_web_page_previews can_react_to_messages can_edit_tag can_change_info "
    "can_invite_users can_pin_messages can_manage_topics"
)


def _now() -> int:
    return int(time.time())


def _compact(**fields: Any) -> Json:
    """Telegram omits absent optional fields rather than sending null."""
    return {key: value for key, value in fields.items() if value is not None}


def _utf16_len(text: str) -> int:
    # Entity offsets/lengths are counted in UTF-16 code units, not code points.
    return len(text.encode("utf-16-le")) // 2


def user(
    id: int,
    first_name: str,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "ru",
    *,
    is_bot: bool = False,
) -> Json:
    return _compact(
        id=id,
        is_bot=is_bot,
        first_name=first_name,
        last_name=last_name,
        username=username,
        language_code=language_code,
    )


def private_chat(user: Json) -> Json:
    """In Telegram a private chat's id *is* the user's id."""
    return _compact(
        id=user["id"],
        type="private",
        first_name=user["first_name"],
        last_name=user.get("last_name"),
        username=user.get("username"),
    )


def group_chat(id: int, title: str, username: str | None = None, type: str = "group") -> Json:
    """Group ids are negative; supergroups and channels look like -100xxxxxxxxxx."""
    return _compact(id=id, type=type, title=title, username=username)


def command_entities(text: str | None) -> list[Json] | None:
    """Telegram marks a leading /command with a bot_command entity; aiogram's
    Command filter does not need it, but other code inspecting entities does."""
    match = _COMMAND.match(text or "")
    if not match:
        return None
    return [{"type": "bot_command", "offset": 0, "length": _utf16_len(match.group())}]


def message(
    chat: Json,
    from_user: Json | None,
    text: str | None = None,
    *,
    message_id: int | None = None,
    date: int | None = None,
    **fields: Any,
) -> Json:
    """A message as it appears inside an update. Extra Telegram fields
    (``reply_to_message``, ``migrate_to_chat_id``, ``entities``...) go in ``fields``."""
    built = _compact(
        message_id=message_id,
        date=date if date is not None else _now(),
        chat=chat,
        text=text,
        entities=command_entities(text),
    )
    if from_user is not None:
        built["from"] = from_user
    built.update(fields)
    return built


def message_update(
    chat: Json,
    from_user: Json | None,
    text: str | None = None,
    *,
    update_id: int | None = None,
    **message_fields: Any,
) -> Json:
    return _compact(update_id=update_id, message=message(chat, from_user, text, **message_fields))


def callback_query_update(
    from_user: Json,
    message: Json,
    data: str,
    *,
    id: str | None = None,
    update_id: int | None = None,
) -> Json:
    """``message`` should be the bot's message as Telegram returned it (with its
    keyboard), because handlers read the chat and the old markup from it."""
    query = {
        "id": id or str(secrets.randbits(62)),
        "from": from_user,
        "message": message,
        # Opaque but stable per chat in Telegram; games use it, nothing else does.
        "chat_instance": f"ci{message['chat']['id']}",
        "data": data,
    }
    return _compact(update_id=update_id, callback_query=query)


def chat_member(user: Json, status: str, **fields: Any) -> Json:
    """A ChatMember object with every field Telegram always sends for ``status``
    ("creator", "administrator", "member", "restricted", "left", "kicked")."""
    member: Json = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(can_be_edited=False, is_anonymous=False, can_promote_members=False)
        member.update(dict.fromkeys(_ADMIN_RIGHTS.split(), True))
    elif status == "restricted":
        member.update(is_member=True, until_date=0)
        member.update(dict.fromkeys(_RESTRICTED_RIGHTS.split(), False))
    elif status == "kicked":
        member["until_date"] = 0
    member.update(fields)
    return member


def my_chat_member_update(
    chat: Json,
    from_user: Json,
    bot_user: Json,
    old_status: str,
    new_status: str,
    *,
    update_id: int | None = None,
) -> Json:
    """The bot's own membership changed: added to or removed from a group, or in
    a private chat the user blocked ("kicked") / unblocked ("member") the bot."""
    change = {
        "chat": chat,
        "from": from_user,
        "date": _now(),
        "old_chat_member": chat_member(bot_user, old_status),
        "new_chat_member": chat_member(bot_user, new_status),
    }
    return _compact(update_id=update_id, my_chat_member=change)


def migrate_update(
    old_chat: Json, new_chat_id: int, from_user: Json, *, update_id: int | None = None
) -> Json:
    """The service message Telegram posts in a group when it becomes a supergroup;
    after it, the old chat id is dead and the bot must use ``new_chat_id``."""
    return message_update(old_chat, from_user, update_id=update_id, migrate_to_chat_id=new_chat_id)
