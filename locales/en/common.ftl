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
