"""The states of every dialog, one StatesGroup per dialog.

Their names are stored in Redis with each open dialog: renaming one strands the dialogs open
at the time (they get the polite "this menu is outdated" answer).
"""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class LinkRequests(StatesGroup):
    """`/requests`: pending link requests → a request's card → confirm → result."""

    MAIN = State()  # the pending requests
    CARD = State()
    CONFIRM_APPROVE = State()
    CONFIRM_REJECT = State()
    RESULT = State()


class Menus(StatesGroup):
    """`/menus`: cafes → a cafe → download / upload → preview → result; stop-list; days off."""

    MAIN = State()  # the cafes
    CAFE = State()
    UPLOAD = State()
    PREVIEW = State()
    RESULT = State()
    STOP_LIST = State()
    DAYS_OFF = State()


class AccessRequests(StatesGroup):
    """`/users`: the roster's size and pending access requests → a card → confirm → result."""

    MAIN = State()  # the pending requests
    CARD = State()
    CONFIRM_APPROVE = State()
    CONFIRM_REJECT = State()
    RESULT = State()
