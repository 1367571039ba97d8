// A cafe's menu for a delivery date: a combo (one dish per category of it), extras with
// quantities, notes, and the total as the server will charge it. Also where an order is
// changed: the same form, filled in.

import { addDays } from "../i18n.js";
import { h, icon, ICONS, notice } from "../dom.js";
import { cents, orderTotal } from "../money.js";

const DATE_CHOICES = 14; // days offered from the cafe's next open date (the API takes 30)
const QUANTITY_MAX = 10; // as services.ordering.QUANTITY_MAX
const NOTES_MAX = 500; // as services.ordering.NOTES_MAX

/** params: { cafe: { id, name }, date, firstDate?, order? (when changing it), choice?,
 * repeat? (an order to order again: its choice, where this menu still has it) } */
export function menuScreen(app, params) {
  const body = h("div", { class: "menu" });
  app.load(body, () => loadMenu(app, params), (data) => menuForm(app, params, data), 4);
  const subtitle = params.order ? app.t("app-menu-changing", { day: app.texts.day(params.date) }) : null;
  return app.frame({ title: params.cafe.name, subtitle }, params.order ? null : dateChoices(app, params), body);
}

async function loadMenu(app, params) {
  const [menu, mine] = await Promise.all([
    app.api.get(`cafes/${params.cafe.id}/menu?date=${params.date}`),
    params.order ? null : app.api.get(`orders?from=${params.date}&to=${params.date}`),
  ]);
  // One order per cafe and day: when there is one already, this form changes it.
  const existing = mine?.orders.find((o) => o.cafe_id === params.cafe.id && o.status === "active");
  return { menu, existing: existing ?? null };
}

/** What the choice amounts to on this menu: choices the menu no longer has drop out. */
export function picked(menu, choice) {
  const items = new Map(menu.items.map((item) => [item.id, item]));
  const combo = menu.combos.find((c) => c.id === choice.comboId) ?? null;
  const dishes = [];
  const missing = [];
  for (const category of combo?.categories ?? []) {
    const item = items.get(choice.dishes[category]);
    if (item?.category === category) dishes.push(item);
    else missing.push(category);
  }
  const extras = Object.entries(choice.extras)
    .map(([id, quantity]) => ({ item: items.get(Number(id)), quantity }))
    .filter(({ item, quantity }) => item?.category === "extra" && quantity > 0);
  const total = combo
    ? orderTotal(combo.price, extras.map(({ item, quantity }) => ({ price: item.price, quantity })))
    : 0;
  const notes = choice.notes.trim();
  return { combo, dishes, extras, missing, notes, total, complete: combo !== null && !missing.length };
}

function firstChoice(menu, order) {
  if (!order) {
    return { comboId: menu.combos.length === 1 ? menu.combos[0].id : null, dishes: {}, extras: {}, notes: "" };
  }
  return {
    comboId: order.combo_id,
    dishes: Object.fromEntries(order.items.map((item) => [item.category, item.menu_item_id])),
    extras: Object.fromEntries(order.extras.map((extra) => [extra.menu_item_id, extra.quantity])),
    notes: order.notes ?? "",
  };
}

function dateChoices(app, params) {
  const first = params.firstDate ?? params.date;
  const days = Array.from({ length: DATE_CHOICES }, (_, i) => addDays(first, i));
  const chips = h(
    "div",
    { class: "chips", role: "group", "aria-label": app.t("app-menu-date") },
    days.map((day) => {
      const [weekday, number] = app.texts.chip(day);
      const chosen = day === params.date;
      return h(
        "button",
        {
          type: "button",
          class: chosen ? "chip active" : "chip",
          "aria-pressed": String(chosen),
          "aria-label": app.texts.day(day),
          onclick: () => app.replace("menu", { cafe: params.cafe, firstDate: first, date: day }),
        },
        h("span", { class: "weekday" }, weekday),
        h("span", { class: "number" }, number),
      );
    }),
  );
  requestAnimationFrame(() => chips.querySelector(".active")?.scrollIntoView({ inline: "center", block: "nearest" }));
  return chips;
}

/** What of the repeated order this day's menu does not have, each with a notice. */
export function repeatGaps(app, menu, order) {
  const day = app.texts.day(menu.date);
  const items = new Set(menu.items.map((item) => item.id));
  const gaps = [];
  if (!menu.combos.some((combo) => combo.id === order.combo_id)) {
    gaps.push(app.t("app-repeat-missing-combo", { name: order.combo_name, day }));
  }
  for (const row of [...order.items, ...order.extras]) {
    if (!items.has(row.menu_item_id)) gaps.push(app.t("app-repeat-missing", { name: row.name, day }));
  }
  if (!gaps.length) return [notice("info", app.t("app-repeat-ready"))];
  return gaps.map((text) => notice("warning", text));
}

function dayStatus(app, menu) {
  const day = app.texts.day(menu.date);
  if (menu.deadline === null) return notice("warning", app.t("app-menu-no-delivery", { day }));
  const deadline = app.texts.deadline(menu.deadline, menu.date);
  if (!menu.open) return notice("warning", app.t("app-menu-closed", { day, deadline }));
  return h("p", { class: "deadline" }, icon(ICONS.clock), app.t("app-menu-open", { day, deadline }));
}

function menuForm(app, params, { menu, existing }) {
  const texts = app.texts;
  const found = existing !== null && !params.order;
  if (found) params.order = existing;
  const repeating = params.repeat && !params.choice ? params.repeat : null;
  const choice = (params.choice ??= firstChoice(menu, repeating ?? params.order));
  const head = [
    dayStatus(app, menu),
    found ? notice("info", app.t("app-menu-existing")) : null,
    ...(params.repeat && menu.open ? repeatGaps(app, menu, params.repeat) : []),
  ];
  if (!menu.open) return head; // the notice says why, and which day to pick instead
  if (!menu.combos.length) return [...head, h("p", { class: "empty" }, app.t("app-menu-empty"))];

  const dishes = h("div", { class: "dishes-choice" });
  const total = h("strong", { class: "total" });
  const hint = h("p", { class: "hint" });
  const next = h(
    "button",
    {
      class: "primary",
      type: "button",
      onclick: () => app.open("review", { cafe: params.cafe, menu, order: params.order ?? null, choice }),
    },
    app.t("app-menu-next"),
  );

  const refresh = () => {
    const pick = picked(menu, choice);
    total.textContent = pick.combo ? texts.money(pick.total) : "—";
    hint.textContent = !pick.combo
      ? app.t("app-menu-pick-combo")
      : pick.missing.length
        ? app.t("app-menu-pick", { categories: pick.missing.map((c) => texts.category(c)).join(", ") })
        : "";
    next.disabled = !pick.complete;
  };
  const showDishes = () => {
    const combo = menu.combos.find((c) => c.id === choice.comboId);
    dishes.replaceChildren(...(combo?.categories ?? []).map((category) => dishGroup(app, menu, choice, category, refresh)));
    refresh();
  };

  const combos = group(
    app.t("app-menu-combo"),
    menu.combos.map((combo) =>
      option({
        name: "combo",
        checked: combo.id === choice.comboId,
        onchange: () => {
          choice.comboId = combo.id;
          showDishes();
        },
        title: combo.name,
        detail: combo.categories.map((c) => texts.category(c)).join(" · "),
        price: texts.money(cents(combo.price)),
      }),
    ),
  );
  const extras = (menu.by_category.extra ?? []).map((id) => menu.items.find((item) => item.id === id));
  const form = h(
    "form",
    { class: "order-form", onsubmit: (event) => event.preventDefault() },
    combos,
    dishes,
    extras.length ? group(app.t("app-menu-extras"), extras.map((item) => extraRow(app, item, choice, refresh))) : null,
    h(
      "label",
      { class: "group notes-field" },
      h("span", { class: "legend" }, app.t("app-menu-notes")),
      h("textarea", {
        rows: 2,
        maxLength: NOTES_MAX,
        placeholder: app.t("app-menu-notes-placeholder"),
        value: choice.notes,
        oninput: (event) => {
          choice.notes = event.target.value;
        },
      }),
    ),
  );
  showDishes();
  const checkout = h(
    "footer",
    { class: "checkout" },
    h("div", { class: "sum" }, h("span", { class: "label" }, app.t("app-total")), total, hint),
    next,
  );
  return [...head, form, checkout];
}

function group(legend, children) {
  return h("fieldset", { class: "group" }, h("legend", null, legend), h("div", { class: "options" }, children));
}

function option({ name, checked, onchange, title, detail, price }) {
  return h(
    "label",
    { class: "option" },
    h("input", { type: "radio", name, checked, onchange }),
    h("span", { class: "option-text" }, h("span", { class: "name" }, title), detail ? h("span", { class: "hint" }, detail) : null),
    price ? h("span", { class: "price" }, price) : null,
  );
}

function dishGroup(app, menu, choice, category, refresh) {
  const ids = menu.by_category[category] ?? [];
  if (ids.length === 1 && choice.dishes[category] === undefined) choice.dishes[category] = ids[0];
  const items = ids.map((id) => menu.items.find((item) => item.id === id));
  return group(
    app.texts.category(category),
    items.map((item) =>
      option({
        name: `dish-${category}`,
        checked: choice.dishes[category] === item.id,
        onchange: () => {
          choice.dishes[category] = item.id;
          refresh();
        },
        title: item.name,
      }),
    ),
  );
}

function extraRow(app, item, choice, refresh) {
  const count = h("output", { class: "count" });
  const less = h("button", { type: "button", class: "step", "aria-label": app.t("app-extra-less", { name: item.name }) }, "−");
  const more = h("button", { type: "button", class: "step", "aria-label": app.t("app-extra-more", { name: item.name }) }, "+");
  const show = () => {
    const quantity = choice.extras[item.id] ?? 0;
    count.textContent = String(quantity);
    less.disabled = quantity === 0;
    more.disabled = quantity >= QUANTITY_MAX;
    row.classList.toggle("chosen", quantity > 0);
  };
  const change = (delta) => {
    const quantity = Math.min(QUANTITY_MAX, Math.max(0, (choice.extras[item.id] ?? 0) + delta));
    if (quantity) choice.extras[item.id] = quantity;
    else delete choice.extras[item.id];
    show();
    refresh();
  };
  less.addEventListener("click", () => change(-1));
  more.addEventListener("click", () => change(1));
  const row = h(
    "div",
    { class: "option extra" },
    h("span", { class: "option-text" }, h("span", { class: "name" }, item.name), h("span", { class: "hint" }, app.texts.money(cents(item.price)))),
    h("span", { class: "stepper" }, less, count, more),
  );
  show();
  return row;
}
