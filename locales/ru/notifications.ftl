# Сообщение кафе после дедлайна (SPEC §8)

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
