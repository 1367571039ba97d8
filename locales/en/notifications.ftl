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
