# The message a cafe gets after its deadline

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

## Changes after the list was sent (to the cafe chat)

followup-title = ✏️ Change to the order for { $date } — { $cafe }:
followup-placed = New order:
followup-changed = Order changed, now:
followup-cancelled = 👤 { $name }: order cancelled ❌
followup-total = Total now: { $count ->
    [one] { $count } order
   *[other] { $count } orders
}, { $amount } ₽

## To managers: orders with nowhere to go

orphan-orders-ahead = ⚠️ “{ $cafe }” has { $count ->
    [one] { $count } order
   *[other] { $count } orders
} for { $date } and { $reason ->
    [notifications_off] its notifications are off — <code>/notifications { $cafe_id } on</code>
   *[not_linked] no linked chat — <code>/link { $cafe_id }</code>
}. Fix it before the deadline, or the orders go nowhere.
orphan-orders-skipped = ❗️ { $count ->
    [one] { $count } order
   *[other] { $count } orders
} of “{ $cafe }” for { $date } did not reach the cafe: { $reason ->
    [notifications_off] its notifications are off (<code>/notifications { $cafe_id } on</code>)
   *[not_linked] it has no linked chat (<code>/link { $cafe_id }</code>)
}. Pass the order on yourself; once linked, <code>lunchbot deadline { $cafe_id } DATE --force</code>.
