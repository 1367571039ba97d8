// Where to order from: the active cafes, each with its next open date and deadline.

import { h, icon, ICONS } from "../dom.js";

export function cafesScreen(app) {
  const list = h("div", { class: "list" });
  app.load(list, () => app.api.get("cafes"), ({ cafes }) =>
    cafes.length ? cafes.map((cafe) => cafeCard(app, cafe)) : h("p", { class: "empty" }, app.t("app-cafes-empty")),
  );
  return app.frame({ title: app.t("app-cafes-title") }, list);
}

function cafeCard(app, cafe) {
  if (!cafe.next_order_date) {
    return h(
      "div",
      { class: "card cafe muted" },
      h("h2", null, cafe.name),
      h("p", { class: "hint" }, app.t("app-cafe-no-delivery")),
    );
  }
  return h(
    "button",
    {
      class: "card cafe",
      type: "button",
      onclick: () => app.open("menu", { cafe, date: cafe.next_order_date, firstDate: cafe.next_order_date }),
    },
    h("h2", null, cafe.name),
    h(
      "p",
      { class: "hint" },
      icon(ICONS.clock),
      app.t("app-cafe-next", { day: app.texts.day(cafe.next_order_date), deadline: app.texts.deadline(cafe.deadline, cafe.next_order_date) }),
    ),
    // Still orderable: the managers are told and can link the chat before the deadline.
    cafe.receiving === false ? h("p", { class: "hint warning" }, app.t("app-cafe-not-receiving")) : null,
  );
}
