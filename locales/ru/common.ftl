# Общие тексты бота. Формат — Fluent: https://projectfluent.org/

start-greeting =
    Привет, { $name }! 👋
    Я бот офисных обедов: здесь можно заказать обед из кафе-партнёров до дедлайна кафе.
start-open-app = 🍽 Заказать обед
start-menu-button = Обед
start-no-app = Мини-приложение пока не подключено — спросите администратора.

orders-count = { $count ->
    [one] { $count } заказ
    [few] { $count } заказа
   *[many] { $count } заказов
}

error-generic = Что-то пошло не так. Попробуйте ещё раз чуть позже.
