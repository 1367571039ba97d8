"""What people do in their Telegram clients, as updates the double delivers to the bot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sandbox import updates as build
from sandbox.telegram.errors import ButtonNotFound, Json, WebhookDeliveryError
from sandbox.telegram.state import UploadedFile, inline, public

if TYPE_CHECKING:
    from sandbox.telegram.delivery import Delivery
    from sandbox.telegram.state import State


class UserActions:
    """The user-side half of ``BotAPIServer``: each helper feeds one or two updates and
    fails loudly when the bot's webhook does not take them."""

    state: State
    bot_user: Json
    _delivery: Delivery

    def _accept(self, update: Json) -> Json:
        raise NotImplementedError

    async def feed_update(self, update: Json) -> int | None:
        """Deliver an update the way Telegram would: POST it to the webhook if
        one is set (returns the HTTP status), else queue it for getUpdates
        (returns None; also None when allowed_updates filters it out)."""
        return await self._delivery.dispatch(self._accept(update))

    async def _deliver(self, update: Json) -> Json:
        """Like feed_update, for the user-action helpers: a webhook that does not answer
        200 is an error the caller must see, not a silently dropped click."""
        update = self._accept(update)
        status = await self._delivery.dispatch(update)
        if status is not None and status != 200:
            raise WebhookDeliveryError(f"update {update['update_id']}: webhook answered {status}")
        return update

    async def send_text(self, chat: Json | int, from_user: Json, text: str) -> Json:
        """A user types ``text``; returns the update as fed."""
        if isinstance(chat, int):
            if chat not in self.state.chats:
                raise LookupError(f"chat {chat} is unknown; add_chat() it or pass the chat dict")
            chat = self.state.chats[chat]
        return await self._deliver(build.message_update(chat, from_user, text))

    async def send_document(
        self,
        chat: Json | int,
        from_user: Json,
        filename: str,
        data: bytes,
        *,
        mime_type: str = "",
        caption: str | None = None,
    ) -> Json:
        """A user sends a file (a document message); returns the update as fed."""
        if isinstance(chat, int):
            chat = self.state.chats[chat]
        document = self.state.files.keep(UploadedFile(filename, mime_type, data))
        fields: Json = {"document": document}
        if caption:
            fields["caption"] = caption
        return await self._deliver({"message": build.message(chat, from_user, **fields)})

    async def click(self, chat_id: int, button_text: str, *, from_user: Json) -> Json:
        """A user presses the inline button labelled ``button_text`` on the
        newest bot message carrying one; returns the callback_query update."""
        available: dict[int, list[str]] = {}
        for stored in reversed(self.state.in_chat(chat_id)):
            buttons = _buttons(stored)
            available[stored["message_id"]] = [b.get("text", "") for b in buttons]
            for button in buttons:
                if button.get("text") == button_text and "callback_data" in button:
                    return await self._deliver(
                        build.callback_query_update(
                            from_user, public(stored), button["callback_data"]
                        )
                    )
        raise ButtonNotFound(
            f"no inline button {button_text!r} with callback_data in chat {chat_id}; "
            f"buttons by message id, newest first: {available or 'no bot messages'}"
        )

    async def press(
        self, chat_id: int, message_id: int, callback_data: str, *, from_user: Json
    ) -> Json:
        """A user presses the button with ``callback_data`` on one message (the sandbox's UI
        knows which message was clicked, unlike a test naming a label)."""
        stored = self.state.message(chat_id, message_id)
        if stored is None or not any(
            b.get("callback_data") == callback_data for b in _buttons(stored)
        ):
            raise ButtonNotFound(
                f"no button with callback_data {callback_data!r} on message {message_id} "
                f"in chat {chat_id}"
            )
        return await self._deliver(
            build.callback_query_update(from_user, public(stored), callback_data)
        )

    async def open_startgroup(self, chat_id: int, payload: str, *, from_user: Json) -> None:
        """What a Telegram client does when ``from_user`` opens ``t.me/<bot>?startgroup=<payload>``
        and picks this group: the bot joins (``my_chat_member``), then the client sends
        ``/start@<bot> <payload>`` in the group on the user's behalf."""
        chat = self.state.chat(chat_id)
        status = self.state.bot_status(chat["id"]) or "left"
        if status in ("left", "kicked"):
            await self._deliver(
                build.my_chat_member_update(chat, from_user, self.bot_user, status, "member")
            )
        text = f"/start@{self.bot_user['username']}" + (f" {payload}" if payload else "")
        await self.send_text(chat, from_user, text)


def _buttons(message: Json) -> list[Json]:
    markup = inline(message.get("reply_markup")) or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]
