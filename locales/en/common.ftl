# Common bot texts. Format: Fluent, https://projectfluent.org/

start-greeting =
    Hi, { $name }! 👋
    I am the office lunch bot: order lunch from partner cafes here, before each cafe's deadline.
start-open-app = 🍽 Order lunch
start-menu-button = Lunch
start-no-app = The Mini App is not connected yet — ask an administrator.

orders-count = { $count ->
    [one] { $count } order
   *[other] { $count } orders
}

error-generic = Something went wrong. Please try again a bit later.

start-staff = { $role ->
    [admin] You are an admin.
   *[manager] You are a manager.
} What you can do:

help-title = <b>What I can do</b>
help-ordering = Lunch is ordered in the Mini App: the “Lunch” button left of the message field, or the button below. An order can be changed or cancelled until the cafe's deadline.
unknown-message = I don't know that. What I can do: /help
menu-in-app = The cafes' menus and ordering are in the Mini App:

orders-empty = You have no upcoming orders. Order lunch in the Mini App.
orders-title = <b>Your orders</b>
orders-line = • { $date } · { $cafe } · { $combo } · { $amount } ₽ { $editable ->
    [yes] — can be changed until { $deadline }
   *[no] — ordering closed
}
