# The Mini App (web/miniapp): texts of the page Telegram opens from the bot's button.
# Loaded in the browser (@fluent/bundle); keys start with app- to stay apart from the bot's.

app-title = Office lunch
app-tab-lunch = Lunch
app-tab-orders = My orders
app-tab-profile = Profile
app-back = Back
app-retry = Try again
app-loading = Loading…
app-sending = Sending…
app-total = Total
app-open-in-telegram = Open the Mini App from the bot in Telegram: the “🍽 Order lunch” button it answers /start with.

## Cafes

app-cafes-title = Where shall we eat?
app-cafes-empty = No cafe takes orders right now.
app-cafe-not-receiving = ⚠️ This cafe cannot receive orders right now: its chat is not connected. The managers know; you can still order — it goes out if the chat is connected before the deadline.
app-cafe-no-delivery = Not delivering at the moment
app-cafe-next = Next delivery { $day }, order by { $deadline }

## Menu

app-menu-changing = Changing your order for { $day }
app-menu-date = Delivery day
app-menu-open = Delivery { $day } · order by { $deadline }
app-menu-closed = Orders for { $day } closed at { $deadline }. Pick another day.
app-menu-no-delivery = No delivery on { $day } — pick another day.
app-menu-existing = You already have an order for this day — you can change it here.
app-menu-empty = Nothing on the menu for this day.
app-menu-combo = Combo
app-menu-extras = Extras
app-menu-notes = Notes
app-menu-notes-placeholder = For example: no onions
app-menu-pick-combo = Choose a combo
app-menu-pick = Choose: { $categories }
app-menu-next = Next
app-extra-less = Remove: { $name }
app-extra-more = Add: { $name }

## Confirmation

app-review-title = Check your order
app-review-title-change = Check your changes
app-review-until = You can change or cancel it until { $deadline }
app-review-place = Order for { $total }
app-review-save = Save changes
app-review-open-existing = Open my order
app-review-back-to-menu = Back to the menu
app-done-placed = Order placed
app-done-changed = Order changed
app-done-my-orders = My orders
app-done-close = Close

## My orders

app-orders-title = My orders
app-orders-empty = No orders for the coming days.
app-orders-choose-cafe = Choose a cafe
app-order-status-open = Placed
app-order-status-closed = Closed
app-order-status-cancelled = Cancelled
app-order-open-until = You can change or cancel it until { $deadline }
app-order-closed = Orders closed at { $deadline } — it can no longer be changed
app-order-no-delivery = The cafe no longer delivers on this day
app-order-change = Change
app-order-cancel = Cancel
app-order-cancel-question = Cancel this order?
app-order-cancel-yes = Yes, cancel
app-order-cancel-no = Keep it
app-order-cancelled = Order cancelled.
app-orders-past = Past orders · 60 days
app-order-repeat = Repeat
app-repeat-ready = The same order as before: check it and send it.
app-repeat-missing = { $name } is not on the menu for { $day } — pick another.
app-repeat-missing-combo = The { $name } combo is not on the menu for { $day } — pick another.
app-repeat-cafe-closed = { $cafe } takes no orders now.
app-reminders = Remind me to order
app-reminders-hint = A message in the bot's chat before the deadline, if you have not ordered lunch yet.

## Profile and advice

app-profile-title = Profile
app-role-manager = Manager
app-role-admin = Administrator
app-advice-title = Nutrition tips
app-advice-chart = What you ate in 30 days
app-advice-stats = { $orders ->
    [one] { $orders } order
   *[other] { $orders } orders
} in 30 days · different dishes: { $dishes }
app-advice-generated = Updated { $moment }
app-advice-empty = No tips yet
app-advice-empty-how = They appear once you have { $min } orders within 30 days (you have { $orders }): every night we look at what you ate and write two or three tips.
app-advice-waiting = You have enough orders: your tips come with tonight's run.
app-advice-off = Nutrition tips are not enabled here.

app-category-soup = Soup
app-category-salad = Salad
app-category-main = Main
app-category-garnish = Side
app-category-drink = Drink
app-category-dessert = Dessert
app-category-bakery = Bakery
app-category-extra = Extras

## API errors, by error.code (app-error-<code>, "_" → "-")

app-error-network = Cannot reach the server. Check your connection and try again.
app-error-timeout = The server takes too long to answer. Please try again.
app-error-internal = Something went wrong on the server. Please try again a bit later.
app-error-service-unavailable = The service is temporarily unavailable. Please try again later.
app-error-unexpected = Something went wrong. Please try again.
app-error-unauthorized = Could not confirm who you are. Open the Mini App from the bot again.
app-error-invalid-init-data = { app-error-unauthorized }
app-error-expired-init-data = Your session has expired. Close the Mini App and open it from the bot again.
app-error-forbidden = You have no access here.
app-error-not-found = Not found — it may be gone.
app-error-order-not-found = Order not found — it may be gone.
app-error-cafe-not-found = This cafe takes no orders right now.
app-error-unknown-cafe = { app-error-cafe-not-found }
app-error-cafe-inactive = { app-error-cafe-not-found }
app-error-deadline-passed = Orders for this day closed at { $deadline }.
app-error-order-exists = You already have an order from this cafe for this day — open it to change it.
app-error-order-cancelled = This order is cancelled — place a new one.
app-error-no-delivery = The cafe does not deliver on this day.
app-error-date-in-past = This day is over.
app-error-date-too-far = That is too far ahead: orders are taken up to 30 days ahead.
app-error-cannot-move = An order cannot move to another cafe or day: cancel it and place a new one.
app-error-unknown-combo = The menu has changed: something you chose is gone. Go back to the menu and choose again.
app-error-unknown-items = { app-error-unknown-combo }
app-error-unavailable = { app-error-unknown-combo }
app-error-items-mismatch = { app-error-unknown-combo }
app-error-not-extra = { app-error-unknown-combo }
app-error-invalid-input = Something in the order is not right. Check it and try again.
app-error-invalid-range = Could not show the orders for this period.
app-error-payload-too-large = The order is too long — shorten the notes.
app-error-account-disabled = Your account is disabled. Ask your office manager if this is a mistake.
app-error-invalid-user = Telegram sent an account we cannot accept. Open the Mini App from the bot again.
app-error-rate-limited = Too many requests. Please wait a little and try again.
app-error-malformed-json = The server did not understand the request. Reload the page and try again.
app-error-bad-request = { app-error-malformed-json }
app-error-unsupported-media-type = { app-error-malformed-json }
app-error-method-not-allowed = { app-error-malformed-json }
app-error-http-error = { app-error-unexpected }
app-error-invalid = { app-error-invalid-input }
app-error-unprocessable = { app-error-invalid-input }
app-error-conflict = That did not work: something changed meanwhile. Reload the page and try again.
app-error-invalid-month = The month is not right.
app-error-invalid-format = There is no such report format.

# The Office tab (managers and admins)
app-tab-office = Office
app-office-title = Office
app-office-no-delivery = No cafe takes orders now.
app-office-today = Orders for { $day }
app-office-orders = { $count ->
    [one] { $count } order
   *[other] { $count } orders
}
app-office-until = order by { $deadline }
app-office-closed = closed at { $deadline }
app-office-linked = chat linked
app-office-unlinked = chat not linked
app-office-notify-on = notifications on
app-office-notify-off = notifications off
app-office-missing = Not ordered yet: { $count }
app-office-more = and { $count } more
app-office-all-ordered = Everyone has ordered.
app-office-month = This month: { $orders ->
    [one] { $orders } order
   *[other] { $orders } orders
}, { $total }
app-office-month-empty = No orders this month yet.
app-office-chart = Orders by day and cafe
app-office-people = People
app-office-person = Name
app-office-person-orders = Orders
app-office-person-total = Total
app-office-download = Download .xlsx

## Not on the office's list

app-access-not-registered = { $signup ->
        [closed] You are not on the list of people who order lunch here yet. Ask your office manager to add you.
       *[approval] You are not on the list of people who order lunch here yet. Ask your office manager to add you — or request access, and the managers get your request.
    }
app-access-request = 🙋 Request access
app-access-pending = ⏳ Your access request was sent and awaits a manager's decision. The bot will write to you once it is decided.
app-error-not-registered = You are not on the office's list yet: ask your office manager to add you.
app-error-signup-closed = The office adds people itself: ask your office manager.
app-error-access-rejected = Your request was declined; you may ask again later.
