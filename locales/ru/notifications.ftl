# Сообщение кафе после дедлайна

deadline-title = 📋 { $cafe } — Заказ на { $date }
deadline-total = Итого: { $count ->
    [one] { $count } заказ
    [few] { $count } заказа
   *[many] { $count } заказов
}, { $amount } ₽

category-soup = суп
category-salad = салат
category-main = горячее
category-garnish = гарнир
category-drink = напиток
category-dessert = десерт
category-bakery = выпечка
category-extra = дополнительно
deadline-stopped = ⛔ закончилось

deadline-person-amount = 💰 { $amount } ₽
deadline-tally-title = 🧾 По блюдам:

# «✅ Принято» под последней частью списка
ack-button = ✅ Принято
ack-line = ✅ Принято: { $name }, { $when }
ack-thanks = Спасибо! Заказ принят.
ack-already = Уже принято: { $name }, { $when }.
ack-stale = Этот список устарел: кафе отправлен новый.
ack-managers = ✅ Кафе «{ $cafe }» приняло заказ на { $date }: { $name }, { $when }.
ack-timeout = ⏰ Кафе «{ $cafe }» не подтвердило заказ на { $date }: список отправлен в { $sent }, прошло { $minutes } мин. Стоит позвонить в кафе.

## Изменения после отправленного списка (в чат кафе)

followup-title = ✏️ Изменение в заказе на { $date } — { $cafe }:
followup-placed = Новый заказ:
followup-changed = Заказ изменён, теперь:
followup-cancelled = 👤 { $name }: заказ отменён ❌
followup-total = Итого теперь: { $count ->
    [one] { $count } заказ
    [few] { $count } заказа
   *[many] { $count } заказов
}, { $amount } ₽

## Менеджерам: заказы, которые некуда отправить

orphan-orders-ahead = ⚠️ «{ $cafe }»: { $count ->
    [one] { $count } заказ
    [few] { $count } заказа
   *[many] { $count } заказов
} на { $date }, а { $reason ->
    [notifications_off] уведомления кафе выключены — <code>/notifications { $cafe_id } on</code>
   *[not_linked] чат кафе не привязан — <code>/link { $cafe_id }</code>
}. Успейте до дедлайна, иначе заказы никуда не уйдут.
orphan-orders-skipped = ❗️ «{ $cafe }»: { $count ->
    [one] { $count } заказ
    [few] { $count } заказа
   *[many] { $count } заказов
} на { $date } не { $count ->
    [one] отправлен
   *[other] отправлены
} в кафе: { $reason ->
    [notifications_off] уведомления кафе выключены (<code>/notifications { $cafe_id } on</code>)
   *[not_linked] чат кафе не привязан (<code>/link { $cafe_id }</code>)
}. Передайте заказ кафе сами; после привязки — <code>lunchbot deadline { $cafe_id } ДАТА --force</code>.
