"""The managers' menus dialog (`/menus`): pick a cafe → Download the menu, Upload a new one
(→ preview → Apply / Cancel), the Stop-list (dishes page by page, ✅/⛔), Days off (a month
calendar).

Getters (`getters.py`) read the database (and the staged upload in Redis) on every render;
callbacks (`handlers.py`) only call `services.menu_admin`, which also tells the people a change
touched. The staged upload lives in Redis under a token kept in the dialog's data, so Apply
works after a restart, and the first Apply or Cancel wins (`MenuAdmin.decide`). The windows
are in `dialog.py`.
"""

from bot.dialogs.menus.dialog import create_dialog

__all__ = ["create_dialog"]
