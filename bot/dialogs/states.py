"""The states of every dialog, one StatesGroup per dialog.

Their names are stored in Redis with each open dialog: renaming one strands the dialogs open
at the time (they get the polite "this menu is outdated" answer).
"""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class LinkRequests(StatesGroup):
    """`/requests`: pending link requests → a request's card → confirm → result."""

    list = State()
    card = State()
    confirm_approve = State()
    confirm_reject = State()
    result = State()


class Menus(StatesGroup):
    """`/menus`: cafes → a cafe → download / upload → preview → result; stop-list; days off."""

    cafes = State()
    cafe = State()
    upload = State()
    preview = State()
    result = State()
    stop_list = State()
    days_off = State()


class AccessRequests(StatesGroup):
    """`/users`: the roster's size and pending access requests → a card → confirm → result."""

    list = State()
    card = State()
    confirm_approve = State()
    confirm_reject = State()
    result = State()
