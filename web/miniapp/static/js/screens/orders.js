// "My orders": the ones to come, active and cancelled; change or cancel until the deadline.

import { errorText } from "../errors.js";
import { busy, h, notice } from "../dom.js";
import { orderCard } from "./order-card.js";

export function ordersScreen(app) {
  const list = h("div", { class: "list" });
  app.load(list, () => app.api.get("orders"), ({ orders }) =>
    orders.length ? orders.map((order) => card(app, order)) : empty(app),
  );
  return app.frame({ title: app.t("app-orders-title") }, list);
}

function empty(app) {
  return h(
    "div",
    { class: "empty" },
    h("p", null, app.t("app-orders-empty")),
    h("button", { class: "primary", type: "button", onclick: () => app.tab("cafes") }, app.t("app-orders-choose-cafe")),
  );
}

function card(app, order) {
  if (!order.editable) return orderCard(app, order);
  const change = h(
    "button",
    {
      class: "secondary",
      type: "button",
      onclick: () => app.open("menu", { cafe: { id: order.cafe_id, name: order.cafe_name }, date: order.date, order }),
    },
    app.t("app-order-change"),
  );
  const cancel = h("button", { class: "danger", type: "button", onclick: () => confirm() }, app.t("app-order-cancel"));
  const element = orderCard(app, order, change, cancel);
  const actions = element.querySelector(".actions");

  // Asked in the card itself: window.confirm is not reliable inside Telegram's webviews.
  function confirm() {
    const yes = h("button", { class: "danger", type: "button", onclick: () => cancelOrder(yes) }, app.t("app-order-cancel-yes"));
    const no = h("button", { class: "secondary", type: "button", onclick: () => actions.replaceChildren(change, cancel) }, app.t("app-order-cancel-no"));
    actions.replaceChildren(h("p", { class: "question" }, app.t("app-order-cancel-question")), yes, no);
  }

  async function cancelOrder(yes) {
    try {
      const cancelled = await busy(yes, app.t("app-sending"), () => app.api.delete(`orders/${order.id}`));
      const replacement = orderCard(app, cancelled);
      replacement.prepend(notice("success", app.t("app-order-cancelled")));
      element.replaceWith(replacement);
    } catch (error) {
      actions.replaceChildren(notice("error", errorText(app.texts, error)), change, cancel);
    }
  }

  return element;
}
