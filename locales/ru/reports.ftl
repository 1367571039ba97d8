# Месячный отчёт (/report, GET /api/v1/reports/monthly, lunchbot report)

report-sheet-people = Сотрудники
report-sheet-cafes = Кафе
report-sheet-orders = Заказы
report-col-person = Сотрудник
report-col-tgid = Telegram id
report-col-orders = Заказов
report-col-total = Сумма, ₽
report-col-cafe = Кафе
report-col-date = Дата доставки
report-col-tally = По блюдам
report-col-combo = Комбо
report-col-dishes = Блюда
report-col-extras = Дополнительно
report-col-notes = Комментарий
report-col-amount = Сумма, ₽
report-total = Итого
report-empty = Заказов за { $month } нет.
report-caption = 📊 Отчёт за { $month }: { $count ->
    [one] { $count } заказ
    [few] { $count } заказа
   *[many] { $count } заказов
}, { $amount } ₽
report-caption-empty = 📊 За { $month } заказов нет: в файле только заголовки.
report-previous = ◀ { $month }
report-next = { $month } ▶
usage-report = Использование: <code>/report [ГГГГ-ММ]</code>, например <code>/report 2026-11</code>
error-invalid-month = Месяц указан неверно: нужно ГГГГ-ММ, например 2026-11.
error-invalid-format = Такого формата отчёта нет: xlsx или csv.
