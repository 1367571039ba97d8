# Меню в Telegram: /menus — загрузка таблицы, стоп-лист, выходные.

menus-managers-only = Управлять меню могут только менеджеры и администраторы.
menus-upload-where = Чтобы загрузить меню, откройте /menus, выберите кафе и нажмите «📤 Загрузить новое меню» — потом пришлите файл.
menus-pick-cafe = <b>Меню кафе</b>. Выберите кафе:
menus-no-cafes = Кафе пока нет. Загрузите их: <code>lunchbot import FILE</code>.
menus-cafe = <b>{ $cafe }</b> (#{ $cafe_id })
    Скачайте меню — это и шаблон для загрузки; поправьте его и загрузите обратно.
menus-download = 📥 Скачать меню
menus-upload = 📤 Загрузить новое меню
menus-stop-list = ⛔ Стоп-лист
menus-days-off = 📅 Выходные
menus-download-caption = Меню, комбо, дедлайны и выходные кафе. Поправьте и пришлите файл обратно через «📤 Загрузить новое меню».
menus-upload-prompt = <b>{ $cafe }</b>: пришлите файл меню — .xlsx (как скачанный), .csv (только блюда) или .yaml/.json в формате импорта, до 1 МБ.
    Блюда и комбо, которых нет в файле, уйдут из меню (заказы с ними останутся).
menus-upload-errors = ⚠️ <b>Ничего не изменено</b>, исправьте файл и пришлите снова:
    { $errors }
menus-upload-too-big = Файл больше 1 МБ — это не похоже на меню.
menus-upload-wrong-type = Такой файл я не читаю: пришлите .xlsx, .csv, .yaml или .json.
menus-upload-send-file = Пришлите меню файлом (документом).
menus-preview-cafe = <b>{ $cafe }</b> — что изменится:
menus-preview-none = Изменений нет: файл совпадает с текущим меню.
menus-preview-renamed = 🏷 Новое название: { $name }
menus-field-price = цена
menus-field-name = название
menus-field-category = категория
menus-field-categories = категории
menus-preview-deadlines = ⏰ Меняются дедлайны.
menus-preview-days-off-added = 📅 Новые выходные: { $days } (заказы на эти дни отменятся)
menus-preview-days-off-removed = 📅 Больше не выходные: { $days }
menus-preview-gone = По этой загрузке уже приняли решение (или она устарела). Загрузите файл заново, если нужно.
menus-apply = ✅ Применить
menus-cancel = ✖️ Отменить
menus-result = { $outcome ->
        [applied] { $mine ->
            [yes] ✅ Меню обновлено.{ $told ->
                [0] {""}
               *[other] {" "}Об отменённых заказах сообщили: { $told }.
            }
           *[no] ⚡️ Вас опередили: эту загрузку уже применил(а) { $by }.
        }
        [cancelled] { $mine ->
            [yes] ✖️ Загрузка отменена, меню не изменилось.
           *[no] ⚡️ Вас опередили: эту загрузку уже отменил(а) { $by }.
        }
       *[gone] Эта загрузка устарела. Загрузите файл заново.
    }
menus-to-cafe = ⬅️ К кафе
menus-stop-list-title = <b>{ $cafe }</b> — стоп-лист. Нажмите на блюдо: ✅ есть, ⛔ закончилось (исчезает из меню сразу).
menus-stopped = ⛔ «{ $dish }» в стоп-листе. Сообщили заказавшим: { $told }.
menus-back-on = ✅ «{ $dish }» снова в меню.
menus-days-off-title = <b>{ $cafe }</b> — выходные (дни без доставки): { $days_off }
    Нажмите на дату, чтобы сделать её выходным или вернуть. Заказы на выходной отменяются, людям придёт сообщение.
menus-day-off-added = 📅 { $date } — выходной. Отменено заказов: { $cancelled }.
menus-day-off-removed = 📅 { $date } — снова рабочий день.
menus-notice-stopped = ⛔ «{ $dish }» закончился в «{ $cafe }» — поменяйте заказ на { $date } до { $time }.
menus-notice-day-off = 📅 «{ $cafe }» не работает { $date } — ваш заказ на этот день отменён.

error-invalid-menu = В файле ошибки, ничего не изменено.
error-menu-item-not-found = Такого блюда нет.
error-date-in-past = Эта дата уже прошла.
error-date-too-far = Эта дата слишком далеко.
