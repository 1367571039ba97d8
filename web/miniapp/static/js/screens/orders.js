// "My orders": the ones to come first (change or cancel until the deadline), then the last
// 60 days' past ones, newest first, read-only; "Repeat" on any of them opens that cafe's
// menu for its next open date with the same choice.

import { errorText } from "../errors.js";
import { addDays } from "../i18n.js";
import { busy, h, notice } from "../dom.js";
import { orderCard } from "./order-card.js";

const PAST_DAYS = 60;

export function ordersScreen(app) {
  const list = h("div", { class: "list" });
  const day = app.me.today; // the office's today (TIMEZONE), as "from today" on the server
  app.load(
    list,
    () =>
      Promise.all([
        app.api.get("orders"),
        app.api.get(`orders?from=${addDays(day, -PAST_DAYS)}&to=${addDays(day, -1)}`),
      ]),
    ([{ orders }, { orders: before }]) => {
      const upcoming = new Set(orders.map((order) => order.id));
      const past = before.filter((order) => !upcoming.has(order.id)).reverse();
      return [
        ...(orders.length ? orders.map((order) => card(app, order)) : [empty(app)]),
        past.length ? h("h2", { class: "section-title past-title" }, app.t("app-orders-past")) : null,
        ...past.map((order) => orderCard(app, order, repeatButton(app, order))),
      ];
    },
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

/** Opens the cafe's menu for its next open date with this order's choice filled in. */
function repeatButton(app, order) {
  const button = h(
    "button",
    {
      class: "secondary repeat",
      type: "button",
      onclick: async () => {
        try {
          const { cafes } = await busy(button, app.t("app-loading"), () => app.api.get("cafes"));
          const cafe = cafes.find((c) => c.id === order.cafe_id);
          if (!cafe?.next_order_date) {
            button.replaceWith(notice("warning", app.t("app-repeat-cafe-closed", { cafe: order.cafe_name })));
            return;
          }
          app.open("menu", { cafe: { id: cafe.id, name: cafe.name }, date: cafe.next_order_date, repeat: order });
        } catch (error) {
          button.after(notice("error", errorText(app.texts, error)));
        }
      },
    },
    app.t("app-order-repeat"),
  );
  return button;
}

function card(app, order) {
  if (!order.editable) return orderCard(app, order, repeatButton(app, order));
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
  const repeat = repeatButton(app, order);
  const element = orderCard(app, order, change, cancel, repeat);
  const actions = element.querySelector(".actions");

  // Asked in the card itself: window.confirm is not reliable inside Telegram's webviews.
  function confirm() {
    const yes = h("button", { class: "danger", type: "button", onclick: () => cancelOrder(yes) }, app.t("app-order-cancel-yes"));
    const no = h("button", { class: "secondary", type: "button", onclick: () => actions.replaceChildren(change, cancel, repeat) }, app.t("app-order-cancel-no"));
    actions.replaceChildren(h("p", { class: "question" }, app.t("app-order-cancel-question")), yes, no);
  }

  async function cancelOrder(yes) {
    try {
      const cancelled = await busy(yes, app.t("app-sending"), () => app.api.delete(`orders/${order.id}`));
      const replacement = orderCard(app, cancelled, repeatButton(app, cancelled));
      replacement.prepend(notice("success", app.t("app-order-cancelled")));
      element.replaceWith(replacement);
    } catch (error) {
      actions.replaceChildren(notice("error", errorText(app.texts, error)), change, cancel, repeat);
    }
  }

  return element;
}
