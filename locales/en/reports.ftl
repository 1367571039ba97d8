# The monthly report (/report, GET /api/v1/reports/monthly, lunchbot report)

report-sheet-people = People
report-sheet-cafes = Cafes
report-sheet-orders = Orders
report-col-person = Name
report-col-tgid = Telegram id
report-col-orders = Orders
report-col-total = Total, ₽
report-col-cafe = Cafe
report-col-date = Delivery date
report-col-tally = By dish
report-col-combo = Combo
report-col-dishes = Dishes
report-col-extras = Extras
report-col-notes = Notes
report-col-amount = Amount, ₽
report-total = Total
report-empty = No orders in { $month }.
report-caption = 📊 Report for { $month }: { $count ->
    [one] { $count } order
   *[other] { $count } orders
}, { $amount } ₽
report-caption-empty = 📊 No orders in { $month }: the file has the headers only.
report-previous = ◀ { $month }
report-next = { $month } ▶
usage-report = Usage: <code>/report [YYYY-MM]</code>, e.g. <code>/report 2026-11</code>
error-invalid-month = The month is not right: YYYY-MM, e.g. 2026-11.
error-invalid-format = No such report format: xlsx or csv.
