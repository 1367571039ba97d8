"""getChat, getChatMember, and the bot's own profile: getMe, its commands, no-op settings."""

from __future__ import annotations

import json

from sandbox import updates as build
from sandbox.telegram.errors import ApiError, Json
from sandbox.telegram.state import State

# Accepted and forgotten: nothing the bot reads back depends on them.
_NOOP_METHODS = (
    "sendChatAction setMyName setMyDescription setMyShortDescription setChatMenuButton "
    "setMyDefaultAdministratorRights answerCallbackQuery close logOut"
).split()


def get_me(state: State, params: Json) -> Json:
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def get_chat(state: State, params: Json) -> Json:
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
    return {
        **state.chat(params.get("chat_id")),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": dict.fromkeys((*gifts, "gifts_from_channels"), True),
    }


def get_chat_member(state: State, params: Json) -> Json:
    cid = state.chat(params.get("chat_id"))["id"]
    user_id = params.get("user_id")
    if user_id == state.bot_user["id"]:
        user = state.bot_user
    elif (user := state.users.get(user_id)) is None:
        raise ApiError(400, "Bad Request: user not found")
    return build.chat_member(user, state.members.get((cid, user_id), "member"))


def _commands_key(params: Json) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), params.get("language_code") or ""


def set_my_commands(state: State, params: Json) -> bool:
    state.commands[_commands_key(params)] = params.get("commands") or []
    return True


def delete_my_commands(state: State, params: Json) -> bool:
    state.commands.pop(_commands_key(params), None)
    return True


def get_my_commands(state: State, params: Json) -> list[Json]:
    return state.commands.get(_commands_key(params), [])


METHODS = {
    "getMe": get_me,
    "getChat": get_chat,
    "getChatMember": get_chat_member,
    "setMyCommands": set_my_commands,
    "deleteMyCommands": delete_my_commands,
    "getMyCommands": get_my_commands,
    **dict.fromkeys(_NOOP_METHODS, lambda state, params: True),
}
