# Привязка чатов кафе: диплинки, заявки, диалог менеджеров, жизнь чата.

## В группе кафе

link-request-sent =
    📨 Заявка на привязку этого чата к кафе «{ $cafe }» отправлена менеджерам.
    Я напишу сюда, когда её рассмотрят.
link-request-pending = ⏳ Заявка на привязку этого чата к кафе «{ $cafe }» уже ждёт решения менеджера.
link-already-linked = ✅ Этот чат уже привязан к кафе «{ $cafe }».
link-how-to =
    👋 Я присылаю в чат кафе заказы обедов после дедлайна.
    Чтобы привязать этот чат к кафе, отправьте здесь <code>/start@{ $bot } КОД</code>, где КОД — часть ссылки от менеджера после <code>startgroup=</code> (или откройте саму ссылку).
link-joined =
    👋 Здравствуйте! Я присылаю в чат кафе заказы обедов после дедлайна; привязку чата подтверждает менеджер.
    Добавили меня не по ссылке менеджера? Отправьте здесь <code>/start@{ $bot } КОД</code>, где КОД — часть ссылки после <code>startgroup=</code>.

## Сообщения в чат кафе (на языке кафе)

link-chat-approved =
    ✅ Готово: этот чат привязан к кафе «{ $cafe }».
    Сюда будут приходить заказы после каждого дедлайна.
link-chat-rejected = ❌ Заявку на привязку этого чата к кафе «{ $cafe }» отклонили. Если это ошибка, попросите у менеджера новую ссылку.
link-chat-closed = Заявка на привязку этого чата к кафе «{ $cafe }» закрыта: к кафе привязан другой чат.
link-chat-unlinked = Этот чат отвязан от кафе «{ $cafe }»: заказы сюда больше не придут.

## Менеджерам

link-new-request =
    📨 <b>Новая заявка #{ $id }</b> на привязку чата
    Кафе: { $cafe }
    Чат: { $chat } ({ $username }, id <code>{ $chat_id }</code>)
    Запросил: { $asked_by }, { $created }
link-open-request = Открыть заявку
link-alert-unlinked =
    ⚠️ Кафе «{ $cafe }» (#{ $cafe_id }) отвязано от чата <code>{ $chat_id }</code>: { $reason ->
        [bot_removed] бота удалили из чата
        [bot_forbidden] Telegram не даёт боту писать в чат
        [chat_not_found] Telegram не находит этот чат
       *[other] чат потерян
    }.
    Чтобы привязать заново, отправьте в чат кафе ссылку из <code>/link { $cafe_id }</code>.

## Менеджерам, в личном чате

usage-link = Использование: <code>/link ID_кафе</code> (номера кафе — в /cafes).
link-invite =
    🔗 Ссылка для привязки чата кафе «{ $cafe }»:
    { $link }

    Откройте её (или перешлите сотруднику кафе): Telegram предложит выбрать группу, бот добавится в неё, и заявка придёт менеджерам.
    Если заявка не появилась, отправьте в группе:
    <code>/start@{ $bot } { $payload }</code>
link-managers-only = Это могут только менеджеры и администраторы.

## Диалог заявок (/requests)

requests-list = 📋 Заявок ждут решения: { $total }. Выберите заявку:
requests-empty = 🎉 Заявок, ожидающих решения, нет.
requests-card =
    <b>Заявка #{ $id }</b>
    Кафе: { $cafe } (#{ $cafe_id })
    Чат: { $chat }
    Username: { $username }
    ID чата: <code>{ $chat_id }</code>
    Запросил: { $asked_by }
    Когда: { $created }
    { $status ->
        [approved] ✅ Одобрена: { $decided_by }, { $decided_at }
        [rejected] ❌ Отклонена: { $decided_by }, { $decided_at }
       *[pending] ⏳ Ждёт решения
    }
requests-missing = Этой заявки больше нет.
requests-approve = ✅ Одобрить
requests-reject = ❌ Отклонить
requests-confirm-approve =
    Привязать чат «{ $chat }» к кафе «{ $cafe }»?
    Другие ожидающие заявки этого кафе будут отклонены.
requests-confirm-reject = Отклонить заявку #{ $id }: чат «{ $chat }» для кафе «{ $cafe }»?
requests-yes-approve = ✅ Да, одобрить
requests-yes-reject = ❌ Да, отклонить
requests-result = { $outcome ->
        [approved] ✅ Одобрено: кафе «{ $cafe }» привязано к чату «{ $chat }», { $told ->
            [yes] чату отправлено сообщение.
           *[no] но написать в чат не удалось: бот потерял к нему доступ, и кафе снова отвязано.
        }
        [rejected] ❌ Отклонено{ $told ->
            [yes] : чату «{ $chat }» отправлено сообщение.
           *[no] ; написать в чат «{ $chat }» не удалось.
        }
        [lost] ⚡️ Вас опередили: заявку #{ $id } уже { $status ->
            [approved] одобрил(а)
           *[rejected] отклонил(а)
        } { $decided_by }, { $decided_at }.
       *[error] { $error }
    }
requests-to-list = 📋 К списку

## Ошибки (коды из services/)

error-invalid-payload = ⛔️ Эта ссылка недействительна. Попросите у менеджера новую (/link).
error-cafe-not-found = Кафе #{ $cafe_id } не найдено.
error-chat-linked-elsewhere = Этот чат уже привязан к другому кафе. Сначала его нужно отвязать (/unlink).
error-request-not-found = Этой заявки больше нет.
error-already-decided = По этой заявке уже приняли решение.
error-not-linked = Кафе «{ $cafe_name }» и так не привязано к чату.
error-forbidden = Это вам недоступно.
error-account-disabled = Ваша учётная запись отключена. Если это ошибка, обратитесь к офис-менеджеру.
error-invalid-user = Telegram прислал учётную запись, которую мы не можем принять.
error-chat-not-verified = Telegram не подтверждает этот чат: { $reason }
error-rate-limited = Слишком много заявок. Попробуйте через { $retry_in } мин.
