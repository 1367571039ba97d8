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
deadline-stopped = ⛔ закончилось
