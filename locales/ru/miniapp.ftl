# Мини-приложение (web/miniapp): тексты страницы, которую Telegram открывает по кнопке бота.
# Загружаются в браузере (@fluent/bundle); ключи начинаются с app-, чтобы не пересекаться с ботом.

app-title = Обед в офис
app-tab-lunch = Обед
app-tab-orders = Мои заказы
app-tab-profile = Профиль
app-back = Назад
app-retry = Повторить
app-loading = Загружаем…
app-sending = Отправляем…
app-total = Итого
app-open-in-telegram = Откройте мини-приложение из бота в Telegram: кнопка «🍽 Заказать обед» в ответ на /start.

## Кафе

app-cafes-title = Где обедаем?
app-cafes-empty = Сейчас ни одно кафе не принимает заказы.
app-cafe-not-receiving = ⚠️ Кафе сейчас не получает заказы: его чат не подключён. Менеджеры знают; заказ можно сделать — он уйдёт, когда чат подключат до дедлайна.
app-cafe-no-delivery = Сейчас не доставляет
app-cafe-next = Ближайшая доставка — { $day }, заказ до { $deadline }

## Меню

app-menu-changing = Изменение заказа на { $day }
app-menu-date = День доставки
app-menu-open = Доставка { $day } · заказ до { $deadline }
app-menu-closed = Приём заказов на { $day } закрыт в { $deadline }. Выберите другой день.
app-menu-no-delivery = На { $day } доставки нет — выберите другой день.
app-menu-existing = У вас уже есть заказ на этот день — здесь его можно изменить.
app-menu-empty = На этот день в меню ничего нет.
app-menu-combo = Комплекс
app-menu-extras = Добавки
app-menu-notes = Комментарий
app-menu-notes-placeholder = Например: без лука
app-menu-pick-combo = Выберите комплекс
app-menu-pick = Выберите: { $categories }
app-menu-next = Далее
app-extra-less = Убрать: { $name }
app-extra-more = Добавить: { $name }

## Подтверждение

app-review-title = Проверьте заказ
app-review-title-change = Проверьте изменения
app-review-until = Изменить или отменить можно до { $deadline }
app-review-place = Заказать за { $total }
app-review-save = Сохранить изменения
app-review-open-existing = Открыть мой заказ
app-review-back-to-menu = Вернуться к меню
app-done-placed = Заказ принят
app-done-changed = Заказ изменён
app-done-my-orders = Мои заказы
app-done-close = Закрыть

## Мои заказы

app-orders-title = Мои заказы
app-orders-empty = На ближайшие дни заказов нет.
app-orders-choose-cafe = Выбрать кафе
app-order-status-open = Принят
app-order-status-closed = Приём закрыт
app-order-status-cancelled = Отменён
app-order-open-until = Можно изменить или отменить до { $deadline }
app-order-closed = Приём заказов закрыт в { $deadline } — заказ уже не изменить
app-order-no-delivery = Кафе больше не доставляет в этот день
app-order-change = Изменить
app-order-cancel = Отменить
app-order-cancel-question = Отменить этот заказ?
app-order-cancel-yes = Да, отменить
app-order-cancel-no = Оставить
app-order-cancelled = Заказ отменён.
app-orders-past = Прошлые заказы · 60 дней
app-order-repeat = Повторить
app-repeat-ready = Тот же заказ, что и раньше: проверьте и отправьте.
app-repeat-missing = «{ $name }» нет в меню на { $day } — выберите другое.
app-repeat-missing-combo = Комплекса «{ $name }» нет в меню на { $day } — выберите другой.
app-repeat-cafe-closed = { $cafe } сейчас не принимает заказы.
app-reminders = Напоминать о заказе
app-reminders-hint = Сообщение в чате с ботом до дедлайна, если вы ещё не заказали обед.

## Профиль и советы

app-profile-title = Профиль
app-role-manager = Менеджер
app-role-admin = Администратор
app-advice-title = Советы по питанию
app-advice-chart = Что вы ели за 30 дней
app-advice-stats = { $orders ->
    [one] { $orders } заказ
    [few] { $orders } заказа
   *[many] { $orders } заказов
} за 30 дней · разных блюд: { $dishes }
app-advice-generated = Обновлено { $moment }
app-advice-empty = Советов пока нет
app-advice-empty-how = Они появятся, когда за 30 дней наберётся { $min } { $min ->
    [one] заказ
    [few] заказа
   *[many] заказов
} (сейчас { $orders }): каждую ночь мы смотрим, что вы ели, и готовим два-три совета.
app-advice-waiting = Заказов уже достаточно: советы появятся после ночного расчёта.
app-advice-off = Советы по питанию здесь не включены.

app-category-soup = Суп
app-category-salad = Салат
app-category-main = Горячее
app-category-garnish = Гарнир
app-category-drink = Напиток
app-category-dessert = Десерт
app-category-bakery = Выпечка
app-category-extra = Добавки

## Ошибки API — по error.code (app-error-<код>, «_» → «-»)

app-error-network = Нет связи с сервером. Проверьте интернет и попробуйте ещё раз.
app-error-timeout = Сервер долго не отвечает. Попробуйте ещё раз.
app-error-internal = На сервере что-то пошло не так. Попробуйте ещё раз чуть позже.
app-error-service-unavailable = Сервис временно недоступен. Попробуйте чуть позже.
app-error-unexpected = Что-то пошло не так. Попробуйте ещё раз.
app-error-unauthorized = Не удалось подтвердить вход. Откройте мини-приложение из бота заново.
app-error-invalid-init-data = { app-error-unauthorized }
app-error-expired-init-data = Сессия устарела. Закройте мини-приложение и откройте его из бота снова.
app-error-forbidden = Сюда у вас нет доступа.
app-error-not-found = Не нашлось — возможно, этого уже нет.
app-error-order-not-found = Заказ не найден — возможно, его уже нет.
app-error-cafe-not-found = Это кафе сейчас не принимает заказы.
app-error-unknown-cafe = { app-error-cafe-not-found }
app-error-cafe-inactive = { app-error-cafe-not-found }
app-error-deadline-passed = Приём заказов на этот день закрылся в { $deadline }.
app-error-order-exists = У вас уже есть заказ в этом кафе на этот день — откройте его, чтобы изменить.
app-error-order-cancelled = Этот заказ отменён — оформите новый.
app-error-no-delivery = В этот день кафе не доставляет.
app-error-date-in-past = Этот день уже прошёл.
app-error-date-too-far = Так далеко вперёд заказать нельзя: заказы принимаются на 30 дней вперёд.
app-error-cannot-move = Заказ нельзя перенести в другое кафе или на другой день: отмените его и оформите новый.
app-error-unknown-combo = Меню изменилось: чего-то из выбранного уже нет. Вернитесь к меню и выберите снова.
app-error-unknown-items = { app-error-unknown-combo }
app-error-unavailable = { app-error-unknown-combo }
app-error-items-mismatch = { app-error-unknown-combo }
app-error-not-extra = { app-error-unknown-combo }
app-error-invalid-input = В заказе что-то заполнено неверно. Проверьте его и попробуйте ещё раз.
app-error-invalid-range = Не удалось показать заказы за этот период.
app-error-payload-too-large = Слишком длинный заказ — сократите комментарий.
app-error-account-disabled = Ваша учётная запись отключена. Если это ошибка, обратитесь к офис-менеджеру.
app-error-invalid-user = Telegram прислал учётную запись, которую мы не можем принять. Откройте мини-приложение из бота ещё раз.
app-error-rate-limited = Слишком много запросов. Подождите немного и попробуйте снова.
app-error-malformed-json = Сервер не понял запрос. Обновите страницу и попробуйте ещё раз.
app-error-bad-request = { app-error-malformed-json }
app-error-unsupported-media-type = { app-error-malformed-json }
app-error-method-not-allowed = { app-error-malformed-json }
app-error-http-error = { app-error-unexpected }
app-error-invalid = { app-error-invalid-input }
app-error-unprocessable = { app-error-invalid-input }
app-error-conflict = Не получилось: данные успели измениться. Обновите страницу и попробуйте ещё раз.
app-error-invalid-month = Месяц указан неверно.
app-error-invalid-format = Такого формата отчёта нет.

# Вкладка «Офис» (менеджеры и администраторы)
app-tab-office = Офис
app-office-title = Офис
app-office-no-delivery = Ни одно кафе сейчас не принимает заказы.
app-office-today = Заказы на { $day }
app-office-orders = { $count ->
    [one] { $count } заказ
    [few] { $count } заказа
   *[many] { $count } заказов
}
app-office-until = заказ до { $deadline }
app-office-closed = приём закрыт в { $deadline }
app-office-linked = чат привязан
app-office-unlinked = чат не привязан
app-office-notify-on = уведомления вкл.
app-office-notify-off = уведомления выкл.
app-office-missing = Ещё не заказали: { $count }
app-office-more = и ещё { $count }
app-office-all-ordered = Заказали все.
app-office-month = Этот месяц: { $orders ->
    [one] { $orders } заказ
    [few] { $orders } заказа
   *[many] { $orders } заказов
}, { $total }
app-office-month-empty = В этом месяце заказов пока нет.
app-office-chart = Заказы по дням и кафе
app-office-people = Сотрудники
app-office-person = Сотрудник
app-office-person-orders = Заказов
app-office-person-total = Сумма
app-office-download = Скачать .xlsx

## Нет в списке офиса

app-access-not-registered = { $signup ->
        [closed] Вас пока нет в списке сотрудников, которые заказывают обеды. Попросите офис-менеджера добавить вас.
       *[approval] Вас пока нет в списке сотрудников, которые заказывают обеды. Попросите офис-менеджера добавить вас — или запросите доступ: менеджеры получат заявку.
    }
app-access-request = 🙋 Запросить доступ
app-access-pending = ⏳ Заявка на доступ отправлена и ждёт решения менеджера. Бот напишет вам, как только её рассмотрят.
app-error-not-registered = Вас пока нет в списке офиса: попросите офис-менеджера добавить вас.
app-error-signup-closed = Сотрудников в список добавляет офис: попросите офис-менеджера.
app-error-access-rejected = Заявку отклонили; запросить доступ снова можно позже.
