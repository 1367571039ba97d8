# Команды администраторов: /cafes, /notifications, /unlink, /grant, /revoke.

admin-only = Эта команда — только для администраторов.
admin-cafes-empty = Кафе пока нет. Загрузите их: <code>lunchbot import FILE</code>.
admin-cafes-title = <b>Кафе</b>
admin-cafe-line =
    <b>#{ $id } { $name }</b>{ $active ->
        [no] {" "}(неактивно)
       *[yes] {""}
    }
    { $linked ->
        [yes] 🔗 чат <code>{ $chat_id }</code> { $username }, с { $since }
       *[no] ⛓ не привязано
    } · 🔔 уведомления { $notifications ->
        [on] вкл.
       *[off] выкл.
    }
    { $accepted ->
        [yes] ✅ список на { $accepted_for } принят { $accepted_at }: { $accepted_by }
       *[no] ✅ списков ещё не принимали
    }
usage-notifications = Использование: <code>/notifications ID_кафе on|off</code>
admin-notifications-set = 🔔 Уведомления кафе «{ $cafe }» { $state ->
        [on] включены.
       *[off] выключены.
    }
usage-unlink = Использование: <code>/unlink ID_кафе</code>
admin-unlinked = Кафе «{ $cafe }» отвязано от чата <code>{ $chat_id }</code>; чату отправлено сообщение.
usage-grant = Использование: <code>/grant TELEGRAM_ID manager|admin</code>
usage-revoke = Использование: <code>/revoke TELEGRAM_ID</code>
admin-role-set = { $name }: теперь { $role ->
        [admin] администратор
        [manager] менеджер
       *[employee] сотрудник
    }.

error-user-not-found = Пользователь с Telegram id { $tgid } не найден: пусть сначала откроет бота (/start).
error-admin-by-config = { $name } — администратор из ADMIN_IDS; эту роль меняют в настройках.
error-own-role = Свою роль изменить нельзя.
