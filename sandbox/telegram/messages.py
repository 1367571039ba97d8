"""sendMessage, editMessageText/ReplyMarkup, deleteMessage(s), and Telegram's checks on text."""

from __future__ import annotations

import contextlib
import html
import re
from typing import Any

from sandbox.telegram.errors import ApiError, Json
from sandbox.telegram.state import State, inline, now, public

_HTML_TAGS = frozenset(
    (
        "b strong i em u ins s strike del span tg-spoiler a tg-emoji tg-time code pre blockquote"
    ).split()
)
_HTML_TAG = re.compile(r"""<(/?)([^\s<>/"']*)(?:"[^"]*"|'[^']*'|[^<>"'])*>|<""")
_MAX_TEXT = 4096


def check_text(text: Any, parse_mode: Any) -> None:
    """Reject what Telegram rejects, so unescaped user input in HTML templates
    (a cafe called "<Fish & Chips>") fails in tests rather than in production."""
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    visible = text
    if isinstance(parse_mode, str) and parse_mode.lower() == "html":
        stack: list[str] = []
        for match in _HTML_TAG.finditer(text):
            at = len(text[: match.start()].encode())
            closing, name = match.group(1), (match.group(2) or "").lower()
            if match.group() == "<":
                problem = f"Unclosed start tag at byte offset {at}"
            elif name not in _HTML_TAGS:
                kind = "end" if closing else "start"
                problem = f'Unsupported {kind} tag "{match.group(2)}" at byte offset {at}'
            elif not closing:
                stack.append(name)
                continue
            elif not stack:
                problem = f"Unexpected end tag at byte offset {at}"
            elif stack[-1] != name:
                problem = (
                    f'Unmatched end tag at byte offset {at}, expected "</{stack[-1]}>", '
                    f'found "</{name}>"'
                )
            else:
                stack.pop()
                continue
            raise ApiError(400, f"Bad Request: can't parse entities: {problem}")
        if stack:
            raise ApiError(
                400,
                "Bad Request: can't parse entities: "
                f'Can\'t find end tag corresponding to start tag "{stack[-1]}"',
            )
        visible = html.unescape(_HTML_TAG.sub("", text))
    if len(visible.encode("utf-16-le")) // 2 > _MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")


def send_message(state: State, params: Json) -> Json:
    chat = state.writable_chat(params.get("chat_id"))
    check_text(params.get("text"), params.get("parse_mode"))
    message = state.new_bot_message(chat, text=params["text"])
    for key in ("parse_mode", "entities", "link_preview_options", "reply_markup"):
        if key in params:
            message[key] = params[key]
    reply_to = (params.get("reply_parameters") or {}).get("message_id")
    if original := state.message(chat["id"], reply_to):
        message["reply_to_message"] = public(
            {k: v for k, v in original.items() if k != "reply_to_message"}
        )
    state.store(message, "sent")
    return public(message)


def _content(message: Json) -> tuple[Any, ...]:
    keys = ("text", "parse_mode", "entities")
    return (*(message.get(k) for k in keys), inline(message.get("reply_markup")))


def edit(state: State, params: Json, *, text: bool) -> Json | bool:
    """Edits return the edited Message (aiogram-dialog depends on that),
    except for inline-mode messages, where Telegram returns just true."""
    if params.get("inline_message_id"):
        return True
    chat = state.writable_chat(params.get("chat_id"))
    old = state.message(chat["id"], params.get("message_id"))
    if old is None:
        raise ApiError(400, "Bad Request: message to edit not found")
    if old.get("from", {}).get("id") != state.bot_user["id"]:
        raise ApiError(400, "Bad Request: message can't be edited")
    new = {k: v for k, v in old.items() if k != "reply_markup"}
    if text:
        if "text" not in old:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        check_text(params.get("text"), params.get("parse_mode"))
        for key in ("parse_mode", "entities", "link_preview_options"):
            new.pop(key, None)
            if key in params:
                new[key] = params[key]
        new["text"] = params["text"]
    # Omitting reply_markup removes the inline keyboard, as in Telegram.
    if markup := inline(params.get("reply_markup")):
        new["reply_markup"] = markup
    if _content(new) == _content(old):
        raise ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and "
            "reply markup are exactly the same as a current content and reply markup "
            "of the message",
        )
    new["edit_date"] = now()
    state.store(new, "edited")
    return public(new)


def delete_message(state: State, params: Json) -> bool:
    chat = state.writable_chat(params.get("chat_id"))
    if state.delete(chat["id"], params.get("message_id")) is None:
        raise ApiError(400, "Bad Request: message to delete not found")
    return True


def delete_messages(state: State, params: Json) -> bool:
    for message_id in params.get("message_ids") or []:
        with contextlib.suppress(ApiError):  # Telegram skips missing ones silently
            delete_message(state, {**params, "message_id": message_id})
    return True


METHODS = {
    "sendMessage": send_message,
    "editMessageText": lambda state, params: edit(state, params, text=True),
    "editMessageReplyMarkup": lambda state, params: edit(state, params, text=False),
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
}
