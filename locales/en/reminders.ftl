# Reminders before the deadline and order confirmations.

reminder-text =
    ⏰ You have not ordered lunch for <b>{ $day }</b> yet.
    Taking orders:
    { $cafes }
reminder-cafe-line = • { $cafe } — until { $deadline }
reminder-order = 🍽 Order lunch
reminder-stop = 🔕 Stop reminding me
reminders-off-answer = Reminders are off — /reminders on
reminders-off-line = 🔕 Reminders are off — /reminders on
reminders-on = 🔔 Reminders are on: I will write { $minutes } min before the day's first deadline if you have not ordered yet.
reminders-off = 🔕 Reminders are off. To turn them back on: /reminders on
reminders-state = Reminders are { $state ->
        [on] on 🔔
       *[off] off 🔕
    }.
    Usage: <code>/reminders on|off</code>
reminders-disabled = Reminders are not set up on this server (<code>REMINDER_MINUTES=0</code>).

confirmation-placed = ✅ <b>Order placed</b>
confirmation-changed = ✏️ <b>Order changed</b>
confirmation-cancelled = ❌ <b>Order cancelled</b>
confirmation-sent = 📨 <b>Sent to the cafe</b>
confirmation-head = 🏪 { $cafe } · { $day }
confirmation-total = Total: <b>{ $amount } ₽</b>
confirmation-until = You can change or cancel it until { $deadline }.
confirmation-sent-line = 📨 Sent to the cafe { $moment }.
