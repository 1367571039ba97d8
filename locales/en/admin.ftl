# Admin commands: /cafes, /notifications, /unlink, /grant, /revoke.

admin-only = This command is for admins only.
admin-cafes-empty = There are no cafes yet. Load them: <code>lunchbot import FILE</code>.
admin-cafes-title = <b>Cafes</b>
admin-cafe-line =
    <b>#{ $id } { $name }</b>{ $active ->
        [no] {" "}(inactive)
       *[yes] {""}
    }
    { $linked ->
        [yes] 🔗 chat <code>{ $chat_id }</code> { $username }, since { $since }
       *[no] ⛓ not linked
    } · 🔔 notifications { $notifications ->
        [on] on
       *[off] off
    }
    { $accepted ->
        [yes] ✅ the list for { $accepted_for } accepted { $accepted_at }: { $accepted_by }
       *[no] ✅ no list accepted yet
    }
usage-notifications = Usage: <code>/notifications CAFE_ID on|off</code>
admin-notifications-set = 🔔 Notifications of the cafe “{ $cafe }” are { $state ->
        [on] on.
       *[off] off.
    }
usage-unlink = Usage: <code>/unlink CAFE_ID</code>
admin-unlinked = The cafe “{ $cafe }” was unlinked from chat <code>{ $chat_id }</code>; the chat was told.
usage-grant = Usage: <code>/grant TELEGRAM_ID manager|admin</code>
usage-revoke = Usage: <code>/revoke TELEGRAM_ID</code>
admin-role-set = { $name } is now { $role ->
        [admin] an admin
        [manager] a manager
       *[employee] an employee
    }.

error-user-not-found = There is no user with Telegram id { $tgid }: they must open the bot first (/start).
error-admin-by-config = { $name } is an admin through ADMIN_IDS; that role is changed in the settings.
error-own-role = You cannot change your own role.
