# Напоминания до дедлайна и подтверждения заказов.

reminder-text =
    ⏰ Вы ещё не заказали обед на <b>{ $day }</b>.
    Заказы принимают:
    { $cafes }
reminder-cafe-line = • { $cafe } — до { $deadline }
reminder-order = 🍽 Заказать обед
reminder-stop = 🔕 Не напоминать
reminders-off-answer = Напоминания выключены — /reminders on
reminders-off-line = 🔕 Напоминания выключены — /reminders on
reminders-on = 🔔 Напоминания включены: я напишу за { $minutes } мин до первого дедлайна дня, если вы ещё не заказали обед.
reminders-off = 🔕 Напоминания выключены. Включить снова: /reminders on
reminders-state = Напоминания сейчас { $state ->
        [on] включены 🔔
       *[off] выключены 🔕
    }.
    Использование: <code>/reminders on|off</code>
reminders-disabled = Напоминания на этом сервере не настроены (<code>REMINDER_MINUTES=0</code>).

confirmation-placed = ✅ <b>Заказ принят</b>
confirmation-changed = ✏️ <b>Заказ изменён</b>
confirmation-cancelled = ❌ <b>Заказ отменён</b>
confirmation-sent = 📨 <b>Отправлено в кафе</b>
confirmation-head = 🏪 { $cafe } · { $day }
confirmation-total = Итого: <b>{ $amount } ₽</b>
confirmation-until = Изменить или отменить можно до { $deadline }.
confirmation-sent-line = 📨 Отправлено в кафе { $moment }.
