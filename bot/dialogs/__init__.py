"""aiogram-dialog dialogs: one module per dialog, or one package (`<feature>/{dialog,getters,
handlers}.py`) once it outgrows a file; states in `states.py`, one StatesGroup per dialog,
shared widgets in `widgets.py`. Like routers, dialogs are built per Dispatcher by their
`create_dialog()`."""
