# Shared by dialogs and buttons.

dialog-close = ✖️ Close
dialog-back = ⬅️ Back
stale-button = This button no longer works. Open the menu again.
stale-dialog = This menu is out of date. Open it again with its command.

## The command menu (setMyCommands)

command-start = Start and order lunch
command-help = What the bot can do
command-orders = My orders
command-reminders = Order reminders: /reminders on|off
command-link = Link for a cafe's chat
command-requests = Chat link requests
command-cafes = Cafes and their chats
command-notifications = Turn a cafe's notifications on or off
command-unlink = Unlink a cafe's chat
command-grant = Make someone a manager or an admin
command-revoke = Take a role away
command-menus = Cafe menus: upload, stop-list, days off
command-report = The month's report (.xlsx)
command-today = Today: orders and who has not ordered
command-users = The office's list and access requests
