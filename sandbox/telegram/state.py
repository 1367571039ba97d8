"""What Telegram knows towards one bot: chats, members, messages, files, commands.

Everything here is forgotten by ``BotAPIServer.reset()``, which builds a new ``State``;
the bot's identity, update ids and live subscribers live in the server and survive it.
"""

from __future__ import annotations

import copy
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox import updates as build
from sandbox.telegram.errors import ApiError, Json
from sandbox.telegram.faults import BotBlocked, Migrated

MESSAGE_KINDS = ("message", "channel_post", "business_message")
_EDITED_KINDS = ("edited_message", "edited_channel_post")


def now() -> int:
    return int(time.time())


def update_type(update: Json) -> str:
    return next((key for key in update if key != "update_id"), "")


def inline(markup: Any) -> Json | None:
    # Message.reply_markup only ever carries inline keyboards; reply keyboards
    # are accepted by sendMessage but never echoed back.
    return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None


def public(message: Json) -> Json:
    """The stored message minus what only the double keeps (raw parse_mode,
    non-inline keyboards), i.e. what Telegram would return."""
    shown = {key: value for key, value in message.items() if key != "parse_mode"}
    shown.pop("reply_markup", None)
    if markup := inline(message.get("reply_markup")):
        shown["reply_markup"] = markup
    return shown


@dataclass
class UploadedFile:
    filename: str
    content_type: str
    data: bytes = field(repr=False)


_FILE_ID_PREFIX = "BQACAgIAAxkBAAI"


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:] if dot >= 0 and len(filename) - dot <= 6 else ""


class Files:
    """Telegram keeps a file under a file_id; getFile gives a file_path, which is
    downloaded from /file/bot<token>/<file_path>."""

    def __init__(self) -> None:
        self._stored: dict[str, tuple[str, UploadedFile]] = {}  # file_id -> (file_path, file)

    def keep(self, file: UploadedFile) -> Json:
        """Store a file; its Document object, as Telegram describes it in a message."""
        number = len(self._stored) + 1
        file_id = f"{_FILE_ID_PREFIX}{number:06d}{secrets.token_hex(3)}"
        self._stored[file_id] = (f"documents/file_{number}{_suffix(file.filename)}", file)
        return self.document(file_id)

    def get(self, file_id: str) -> UploadedFile | None:
        found = self._stored.get(file_id)
        return None if found is None else found[1]

    def path(self, file_id: str) -> str:
        return self._stored[file_id][0]

    def at(self, path: str) -> UploadedFile | None:
        return next((file for where, file in self._stored.values() if where == path), None)

    @staticmethod
    def unique_id(file_id: str) -> str:
        return f"AgAD{file_id[len(_FILE_ID_PREFIX) : len(_FILE_ID_PREFIX) + 6]}"

    def document(self, file_id: str) -> Json:
        file = self._stored[file_id][1]
        document: Json = {
            "file_id": file_id,
            "file_unique_id": self.unique_id(file_id),
            "file_name": file.filename,
            "file_size": len(file.data),
        }
        if file.content_type:
            document["mime_type"] = file.content_type
        return document


class State:
    def __init__(self, bot_user: Json, emit: Callable[[Json], None]) -> None:
        self.bot_user = bot_user
        self._emit = emit
        self.chats: dict[int, Json] = {}
        self.users: dict[int, Json] = {}
        self.started: set[int] = set()
        self.members: dict[tuple[int, int], str] = {}  # includes the bot's own status
        self.migrated: dict[int, int] = {}
        self.messages: dict[int, dict[int, Json]] = {}
        self.last_message_id: dict[int, int] = {}
        self.commands: dict[tuple[str, str], list[Json]] = {}
        self.files = Files()

    # --- chats and members ------------------------------------------------------

    def add_chat(self, chat: Json, *, started: bool = False) -> Json:
        stored = self.chats[chat["id"]] = {**self.chats.get(chat["id"], {}), **chat}
        if started and chat["type"] == "private":
            self.started.add(chat["id"])
        return dict(stored)

    def set_member(self, chat_id: int, user: Json, status: str) -> None:
        self.users[user["id"]] = user
        self.members[(chat_id, user["id"])] = status

    def bot_status(self, chat_id: int) -> str | None:
        return self.members.get((chat_id, self.bot_user["id"]))

    def chat(self, chat_id: Any) -> Json:
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        found = None
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            name = chat_id[1:].lower()
            found = next(
                (c for c in self.chats.values() if c.get("username", "").lower() == name), None
            )
        elif isinstance(chat_id, int):
            found = self.chats.get(chat_id)
        if found is None:
            raise ApiError(400, "Bad Request: chat not found")
        return found

    def writable_chat(self, chat_id: Any) -> Json:
        """The chat, if the bot may post there right now; otherwise Telegram's error."""
        chat = self.chat(chat_id)
        cid, kind = chat["id"], chat["type"]
        if cid in self.migrated:
            raise Migrated(self.migrated[cid]).error()
        status = self.bot_status(cid)
        if kind == "private":
            if status == "kicked":
                raise BotBlocked().error()
            if cid not in self.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
        elif status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")
        return chat

    # --- messages -------------------------------------------------------------------

    def next_message_id(self, chat_id: int) -> int:
        self.last_message_id[chat_id] = self.last_message_id.get(chat_id, 0) + 1
        return self.last_message_id[chat_id]

    def message(self, chat_id: int, message_id: Any) -> Json | None:
        return self.messages.get(chat_id, {}).get(message_id)

    def in_chat(self, chat_id: int, *, include_user: bool = False) -> list[Json]:
        """Current state of the chat (edits applied, deletions gone), oldest first;
        only the bot's messages unless ``include_user``."""
        bot_id = self.bot_user["id"]
        stored = sorted(self.messages.get(chat_id, {}).values(), key=lambda m: m["message_id"])
        return [
            copy.deepcopy(m)
            for m in stored
            if include_user or m.get("from", {}).get("id") == bot_id
        ]

    def new_bot_message(self, chat: Json, **fields: Any) -> Json:
        """A message the bot is sending now, numbered in its chat."""
        return {
            "message_id": self.next_message_id(chat["id"]),
            "from": self.bot_user,
            "chat": dict(chat),
            "date": now(),
            **fields,
        }

    def store(self, message: Json, action: str) -> None:
        """Messages are replaced, never mutated, so events already queued for
        subscribers keep showing the state they announced."""
        cid, mid = message["chat"]["id"], message["message_id"]
        self.messages.setdefault(cid, {})[mid] = message
        event = {"type": "message", "action": action, "chat_id": cid, "message_id": mid}
        self._emit({**event, "message": message})

    def delete(self, chat_id: int, message_id: Any) -> Json | None:
        message = self.messages.get(chat_id, {}).pop(message_id, None)
        if message is not None:
            event = {"type": "message", "action": "deleted", "chat_id": chat_id}
            self._emit({**event, "message_id": message["message_id"], "message": message})
        return message

    # --- incoming updates -------------------------------------------------------

    def absorb(self, update: Json) -> None:
        """Learn the chats and users a numbered update mentions and apply its side
        effects (message ids, started chats, membership, migration)."""
        kind = update_type(update)
        body = update.get(kind)
        if not isinstance(body, dict):
            return
        chat = body.get("chat") or (body.get("message") or {}).get("chat")
        if kind in MESSAGE_KINDS and chat:
            if "message_id" not in body:
                body["message_id"] = self.next_message_id(chat["id"])
            last = self.last_message_id.get(chat["id"], 0)
            self.last_message_id[chat["id"]] = max(last, body["message_id"])
            body.setdefault("date", now())
        self._learn(update)
        if chat and chat.get("type") == "private":
            self.started.add(chat["id"])
        if kind in ("my_chat_member", "chat_member"):
            member = body["new_chat_member"]
            self.members[(body["chat"]["id"], member["user"]["id"])] = member["status"]
        if kind in MESSAGE_KINDS and chat:
            self.messages.setdefault(chat["id"], {})[body["message_id"]] = body
            if new_id := body.get("migrate_to_chat_id"):
                self.migrated[chat["id"]] = new_id
                title = chat.get("title")
                self.chats.setdefault(new_id, build.group_chat(new_id, title, type="supergroup"))
            if old_id := body.get("migrate_from_chat_id"):
                self.migrated[old_id] = chat["id"]
        elif kind in _EDITED_KINDS and chat and self.message(chat["id"], body.get("message_id")):
            self.messages[chat["id"]][body["message_id"]] = body

    def _learn(self, value: Any, key: str = "") -> None:
        if isinstance(value, list):
            for item in value:
                self._learn(item, key)
            return
        if not isinstance(value, dict):
            return
        if key in ("chat", "sender_chat") and "id" in value and "type" in value:
            self.add_chat(value)
        elif key in ("from", "user") and "id" in value and "is_bot" in value:
            self.users[value["id"]] = value
        for child_key, child in value.items():
            self._learn(child, child_key)
