# The message a cafe gets after its deadline (SPEC §8)

deadline-title = 📋 { $cafe } — Order for { $date }
deadline-total = Total: { $count ->
    [one] { $count } order
   *[other] { $count } orders
}, { $amount } ₽

category-soup = soup
category-salad = salad
category-main = main
category-garnish = side
category-drink = drink
category-dessert = dessert
category-bakery = bakery
category-extra = extra
deadline-stopped = ⛔ ran out
