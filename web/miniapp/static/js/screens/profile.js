// The profile: who you are, and the nightly nutrition advice with the last 30 days' mix of
// dishes by category.

import { errorText } from "../errors.js";
import { h, notice } from "../dom.js";

export function profileScreen(app) {
  const me = app.me;
  const person = h(
    "div",
    { class: "card person" },
    h("span", { class: "avatar", "aria-hidden": "true" }, [...me.name][0]?.toUpperCase() ?? "?"),
    h(
      "div",
      null,
      h("h2", null, me.name),
      me.username ? h("p", { class: "hint" }, `@${me.username}`) : null,
      me.role !== "employee" ? h("span", { class: "badge" }, app.t(`app-role-${me.role}`)) : null,
    ),
  );
  const advice = h("div");
  app.load(advice, () => app.api.get(`users/${me.tgid}/recommendations`), (data) => adviceCard(app, data), 2);
  return app.frame({ title: app.t("app-profile-title") }, person, remindersSwitch(app), advice);
}

/** Reminders before the deadline on or off (PATCH /me), as `/reminders on|off` does. */
function remindersSwitch(app) {
  const status = h("p", { class: "hint", role: "status" });
  const input = h("input", {
    type: "checkbox",
    role: "switch",
    checked: app.me.reminders,
    onchange: async () => {
      const wanted = input.checked;
      input.disabled = true;
      status.replaceChildren();
      try {
        app.me = await app.api.patch("me", { reminders: wanted });
      } catch (error) {
        input.checked = !wanted;
        status.replaceChildren(notice("error", errorText(app.texts, error)));
      } finally {
        input.disabled = false;
      }
    },
  });
  return h(
    "section",
    { class: "card reminders" },
    h(
      "label",
      { class: "switch-row" },
      h("span", { class: "option-text" }, h("span", { class: "name" }, app.t("app-reminders")), h("span", { class: "hint" }, app.t("app-reminders-hint"))),
      input,
    ),
    status,
  );
}

function adviceCard(app, { summary, tips, stats, generated_at: generatedAt, enabled, min_orders: minOrders }) {
  const title = h("h2", null, app.t("app-advice-title"));
  const eaten = stats.orders_last_30_days
    ? [
        h("h3", null, app.t("app-advice-chart")),
        chart(app, stats.categories),
        h("p", { class: "hint" }, app.t("app-advice-stats", { orders: stats.orders_last_30_days, dishes: stats.unique_dishes })),
      ]
    : [];
  if (!summary) {
    return h(
      "section",
      { class: "card advice empty-advice" },
      title,
      h("div", { class: "empty-art", "aria-hidden": "true" }, h("span", null), h("span", null), h("span", null)),
      h("p", { class: "summary" }, app.t("app-advice-empty")),
      h("p", { class: "hint" }, emptyAdviceHint(app, stats.orders_last_30_days, enabled, minOrders)),
      eaten,
    );
  }
  return h(
    "section",
    { class: "card advice" },
    title,
    h("p", { class: "summary" }, summary),
    h("ul", { class: "tips" }, tips.map((tip) => h("li", null, tip))),
    eaten,
    h("p", { class: "hint generated" }, app.t("app-advice-generated", { moment: app.texts.moment(generatedAt) })),
  );
}

/** What is actually true: advice is off here; or eligible, waiting for tonight's run; or
 * how many orders it takes. */
function emptyAdviceHint(app, orders, enabled, minOrders) {
  if (enabled === false) return app.t("app-advice-off");
  if (minOrders && orders >= minOrders) return app.t("app-advice-waiting");
  return app.t("app-advice-empty-how", { min: minOrders ?? 5, orders });
}

/** The category mix as bars (shares in percent, largest first, as the API orders them). */
function chart(app, categories) {
  return h(
    "ul",
    { class: "chart" },
    Object.entries(categories).map(([category, percent]) =>
      h(
        "li",
        { class: "chart-row" },
        h("span", { class: "chart-label" }, app.texts.category(category)),
        h("span", { class: "chart-track" }, h("span", { class: `chart-fill category-${category}`, style: { width: `${percent}%` } })),
        h("span", { class: "chart-value" }, app.texts.percent(percent)),
      ),
    ),
  );
}
