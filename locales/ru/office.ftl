# /today и напоминание «Напомнить им»

today-none = Ни одно кафе сейчас не принимает заказы: у кафе нет дней доставки.
today-title = <b>📅 Заказы на { $date }</b>: { $count ->
    [one] { $count } заказ
    [few] { $count } заказа
   *[many] { $count } заказов
}, { $amount } ₽
today-cafe =
    🍽 <b>{ $name }</b> — { $count ->
        [one] { $count } заказ
        [few] { $count } заказа
       *[many] { $count } заказов
    }, { $amount } ₽
       { $open ->
        [yes] ⏰ заказ до { $deadline }
       *[no] 🔒 приём закрыт в { $deadline }
    } · { $linked ->
        [yes] 🔗 чат привязан
       *[no] ⛓ чат не привязан
    } · 🔔 { $notifications ->
        [on] вкл.
       *[off] выкл.
    }
today-missing = 🙋 <b>Ещё не заказали ({ $count })</b>: { $names }
today-missing-more = и ещё { $count }
today-all-ordered = 🎉 Заказали все.
today-remind = 🔔 Напомнить им
today-reminded = Напоминание отправлено: { $count }.
today-already-reminded = Сегодня уже напоминали — второй раз не отправляем.
today-nobody-to-remind = Напоминать некому: все уже заказали.
reminder-missing = 🍽 Вы ещё не заказали обед на { $date }. Успейте до { $deadline }.
reminder-open-app = 🍽 Заказать обед
