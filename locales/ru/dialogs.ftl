# Общее для диалогов и кнопок.

dialog-close = ✖️ Закрыть
dialog-back = ⬅️ Назад
stale-button = Эта кнопка больше не работает. Откройте меню заново.
stale-dialog = Это меню устарело. Откройте его заново командой.

## Меню команд (setMyCommands)

command-start = Начать и заказать обед
command-help = Что умеет бот
command-orders = Мои заказы
command-reminders = Напоминания о заказе: /reminders on|off
command-link = Ссылка для привязки чата кафе
command-requests = Заявки на привязку чатов
command-cafes = Кафе и их чаты
command-notifications = Включить или выключить уведомления кафе
command-unlink = Отвязать чат от кафе
command-grant = Дать роль менеджера или администратора
command-revoke = Снять роль
command-menus = Меню кафе: загрузка, стоп-лист, выходные
command-report = Отчёт за месяц (.xlsx)
command-today = Сегодня: заказы и кто ещё не заказал
command-users = Список офиса и заявки на доступ
