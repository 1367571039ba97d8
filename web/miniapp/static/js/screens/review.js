// The order to confirm: what it is made of and what it costs; placing or saving it; and
// what the server made of it.

import { errorText } from "../errors.js";
import { busy, h, icon, ICONS, notice } from "../dom.js";
import { cents } from "../money.js";
import { picked } from "./menu.js";
import { orderCard } from "./order-card.js";

// Refusals meaning the menu changed under the choice: go back to it (it reloads).
const STALE_MENU = new Set(["unknown_combo", "unknown_items", "unavailable", "items_mismatch", "not_extra"]);

/** params: { cafe, menu, order (null: a new one), choice } */
export function reviewScreen(app, { cafe, menu, order, choice }) {
  const texts = app.texts;
  const pick = picked(menu, choice);
  const problem = h("div", { class: "problem" });
  const submit = h(
    "button",
    { class: "primary", type: "button", onclick: () => send() },
    order ? app.t("app-review-save") : app.t("app-review-place", { total: texts.money(pick.total) }),
  );
  const receipt = h(
    "div",
    { class: "card receipt" },
    line(pick.combo.name, texts.money(cents(pick.combo.price))),
    h(
      "ul",
      { class: "dishes" },
      pick.dishes.map((dish) => h("li", null, dish.name, h("span", { class: "hint" }, ` · ${texts.category(dish.category)}`))),
    ),
    pick.extras.map(({ item, quantity }) => line(`${item.name} × ${quantity}`, texts.money(cents(item.price) * quantity))),
    pick.notes ? h("p", { class: "notes" }, pick.notes) : null,
    h("div", { class: "line total-line" }, h("span", null, app.t("app-total")), h("strong", null, texts.money(pick.total))),
  );
  const title = order ? app.t("app-review-title-change") : app.t("app-review-title");
  const section = app.frame(
    { title, subtitle: `${cafe.name} · ${texts.day(menu.date)}` },
    h("p", { class: "deadline" }, icon(ICONS.clock), app.t("app-review-until", { deadline: texts.deadline(menu.deadline, menu.date) })),
    receipt,
    problem,
    h("div", { class: "actions" }, submit),
  );

  async function send() {
    problem.replaceChildren();
    const body = {
      combo_id: pick.combo.id,
      items: pick.dishes.map((dish) => dish.id),
      extras: pick.extras.map(({ item, quantity }) => ({ menu_item_id: item.id, quantity })),
      notes: pick.notes || null,
    };
    let saved;
    try {
      saved = await busy(submit, app.t("app-sending"), () =>
        order ? app.api.patch(`orders/${order.id}`, body) : app.api.post("orders", { cafe_id: cafe.id, date: menu.date, ...body }),
      );
    } catch (error) {
      problem.replaceChildren(notice("error", errorText(texts, error), ...recovery(app, error, cafe, menu)));
      submit.disabled = error.code === "deadline_passed";
      return;
    }
    app.finish("done", { order: saved, changed: Boolean(order) });
  }

  return section;
}

function recovery(app, error, cafe, menu) {
  if (error.code === "order_exists" && error.details?.order_id) {
    const open = h(
      "button",
      {
        class: "secondary",
        type: "button",
        onclick: () =>
          busy(open, app.t("app-loading"), async () => {
            const order = await app.api.get(`orders/${error.details.order_id}`);
            app.replace("menu", { cafe, date: menu.date, order });
          }).catch((failure) => open.replaceWith(errorText(app.texts, failure))),
      },
      app.t("app-review-open-existing"),
    );
    return [open];
  }
  if (STALE_MENU.has(error.code)) {
    return [h("button", { class: "secondary", type: "button", onclick: () => app.back() }, app.t("app-review-back-to-menu"))];
  }
  return [];
}

function line(text, amount) {
  return h("div", { class: "line" }, h("span", null, text), h("span", { class: "amount" }, amount));
}

/** After placing or changing: the order as the server has it (its total is the truth). */
export function doneScreen(app, { order, changed }) {
  const close = app.telegram
    ? h("button", { class: "secondary", type: "button", onclick: () => app.telegram.close() }, app.t("app-done-close"))
    : null;
  return app.frame(
    { title: changed ? app.t("app-done-changed") : app.t("app-done-placed") },
    h("div", { class: "done-mark" }, icon(ICONS.check)),
    orderCard(app, order),
    h(
      "div",
      { class: "actions" },
      h("button", { class: "primary", type: "button", onclick: () => app.tab("orders") }, app.t("app-done-my-orders")),
      close,
    ),
  );
}
