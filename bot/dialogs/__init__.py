"""aiogram-dialog dialogs: one module per dialog, its states in `states.py`, shared widgets in
`widgets.py`. Like routers, dialogs are built per Dispatcher by their `create_dialog()`."""
