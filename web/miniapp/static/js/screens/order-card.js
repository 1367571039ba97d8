// One order as the server has it: in "My orders" and once placed or changed.

import { h, icon, ICONS } from "../dom.js";
import { cents } from "../money.js";

export function orderCard(app, order, ...actions) {
  const texts = app.texts;
  const status = order.status === "cancelled" ? "cancelled" : order.editable ? "open" : "closed";
  return h(
    "article",
    { class: `card order ${status}`, "data-order": String(order.id) },
    h(
      "header",
      { class: "order-head" },
      h("div", null, h("h2", null, texts.day(order.date)), h("p", { class: "hint" }, order.cafe_name)),
      h("span", { class: `badge ${status}` }, app.t(`app-order-status-${status}`)),
    ),
    h("p", { class: "combo" }, order.combo_name),
    h("ul", { class: "dishes" }, order.items.map((item) => h("li", null, item.name))),
    order.extras.length
      ? h(
          "ul",
          { class: "extras" },
          order.extras.map((extra) =>
            h(
              "li",
              null,
              h("span", null, `${extra.name} × ${extra.quantity}`),
              h("span", { class: "amount" }, texts.money(cents(extra.amount))),
            ),
          ),
        )
      : null,
    order.notes ? h("p", { class: "notes" }, order.notes) : null,
    h(
      "div",
      { class: "line total-line" },
      h("span", null, app.t("app-total")),
      h("strong", null, texts.money(cents(order.total_amount))),
    ),
    deadline(app, order, status),
    actions.length ? h("div", { class: "actions" }, actions) : null,
  );
}

function deadline(app, order, status) {
  if (status === "cancelled") return null;
  if (order.deadline === null) return h("p", { class: "deadline" }, app.t("app-order-no-delivery"));
  const when = app.texts.deadline(order.deadline, order.date);
  const text = status === "open" ? app.t("app-order-open-until", { deadline: when }) : app.t("app-order-closed", { deadline: when });
  return h("p", { class: "deadline" }, icon(ICONS.clock), text);
}
