# /today and the "Remind them" reminder

today-none = No cafe takes orders now: none has delivery days.
today-title = <b>📅 Orders for { $date }</b>: { $count ->
    [one] { $count } order
   *[other] { $count } orders
}, { $amount } ₽
today-cafe =
    🍽 <b>{ $name }</b> — { $count ->
        [one] { $count } order
       *[other] { $count } orders
    }, { $amount } ₽
       { $open ->
        [yes] ⏰ order by { $deadline }
       *[no] 🔒 closed at { $deadline }
    } · { $linked ->
        [yes] 🔗 chat linked
       *[no] ⛓ chat not linked
    } · 🔔 { $notifications ->
        [on] on
       *[off] off
    }
today-missing = 🙋 <b>Not ordered yet ({ $count })</b>: { $names }
today-missing-more = and { $count } more
today-all-ordered = 🎉 Everyone has ordered.
today-remind = 🔔 Remind them
today-reminded = Reminder sent: { $count }.
today-already-reminded = They were already reminded today: not sending it twice.
today-nobody-to-remind = Nobody to remind: everyone has ordered.
reminder-missing = 🍽 You have not ordered lunch for { $date } yet. Order by { $deadline }.
reminder-open-app = 🍽 Order lunch
