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

deadline-person-amount = 💰 { $amount } ₽
deadline-tally-title = 🧾 By dish:

# "✅ Accepted" under the last part of the list
ack-button = ✅ Accepted
ack-line = ✅ Accepted: { $name }, { $when }
ack-thanks = Thank you! The order is accepted.
ack-already = Already accepted: { $name }, { $when }.
ack-stale = This list is out of date: the cafe got a newer one.
ack-managers = ✅ Cafe “{ $cafe }” accepted the order for { $date }: { $name }, { $when }.
ack-timeout = ⏰ Cafe “{ $cafe }” has not confirmed the order for { $date }: the list went out at { $sent }, { $minutes } min ago. Worth a call to the cafe.
