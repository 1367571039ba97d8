// The office tab (managers and admins): the next delivery date at a glance (as /today in the
// bot), this month's orders per day as bars by cafe and per person as a table (drawn here,
// as SVG and a table: no chart library, no build step), and the month's .xlsx.

import { h, notice } from "../dom.js";
import { errorText } from "../errors.js";
import { cents } from "../money.js";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = 6; // cafe colours, .cafe-0 … .cafe-5 in app.css

export function officeScreen(app) {
  const today = h("div");
  const month = h("div");
  app.load(today, () => app.api.get("office/today"), (data) => todayCard(app, data), 3);
  app.load(month, () => app.api.get("office/month"), (data) => monthCards(app, data), 4);
  return app.frame({ title: app.t("app-office-title") }, today, month);
}

function todayCard(app, data) {
  if (!data.date) return h("section", { class: "card" }, h("p", null, app.t("app-office-no-delivery")));
  const cafes = data.cafes.map((cafe) =>
    h(
      "li",
      { class: "office-cafe" },
      h("div", { class: "office-cafe-head" }, h("strong", null, cafe.name),
        h("span", null, app.t("app-office-orders", { count: cafe.orders }), " · ", app.texts.money(cents(cafe.total)))),
      h("p", { class: "hint" },
        cafe.open
          ? app.t("app-office-until", { deadline: app.texts.deadline(cafe.deadline, data.date) })
          : app.t("app-office-closed", { deadline: app.texts.moment(cafe.deadline) }),
        " · ", app.t(cafe.linked ? "app-office-linked" : "app-office-unlinked"),
        " · ", app.t(cafe.notifications ? "app-office-notify-on" : "app-office-notify-off")),
    ),
  );
  const names = data.missing.map((person) => person.name);
  const more = data.missing_count - names.length;
  const missing = data.missing_count
    ? h("div", { class: "office-missing" },
        h("h3", null, app.t("app-office-missing", { count: data.missing_count })),
        h("p", null, names.join(", "), more > 0 ? ` ${app.t("app-office-more", { count: more })}` : ""))
    : h("p", { class: "office-missing" }, app.t("app-office-all-ordered"));
  return h(
    "section",
    { class: "card office-today" },
    h("h2", null, app.t("app-office-today", { day: app.texts.day(data.date) })),
    h("p", { class: "hint" }, app.t("app-office-orders", { count: data.orders }), " · ", app.texts.money(cents(data.total))),
    h("ul", { class: "office-cafes" }, cafes),
    missing,
  );
}

function monthCards(app, data) {
  const download = h(
    "button",
    { class: "primary", type: "button", onclick: () => downloadReport(app, data.month, download) },
    app.t("app-office-download"),
  );
  const title = h("h2", null, app.t("app-office-month", { orders: data.orders, total: app.texts.money(cents(data.total)) }));
  if (!data.orders) {
    return h("section", { class: "card office-month" }, title, h("p", { class: "hint" }, app.t("app-office-month-empty")), download);
  }
  return [
    h("section", { class: "card office-month" }, title, barChart(app, data), legend(data.cafes)),
    h("section", { class: "card office-people" }, h("h2", null, app.t("app-office-people")), peopleTable(app, data.people), download),
  ];
}

/** Orders per day, one stacked bar a day, a colour per cafe. */
function barChart(app, data) {
  const width = 320;
  const height = 160;
  const bottom = 18;
  const days = data.days;
  const most = Math.max(1, ...days.map((day) => Object.values(day.orders).reduce((a, b) => a + b, 0)));
  const slot = width / Math.max(days.length, 1);
  const bar = Math.max(4, Math.min(24, slot * 0.7));
  const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, class: "bars", role: "img",
    "aria-label": app.t("app-office-chart") });
  svgAppend(svg, "line", { x1: 0, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" });
  days.forEach((day, i) => {
    const x = i * slot + (slot - bar) / 2;
    let y = height - bottom;
    data.cafes.forEach((cafe, c) => {
      const count = day.orders[cafe] ?? 0;
      if (!count) return;
      const size = (count / most) * (height - bottom - 14);
      y -= size;
      const rect = svgAppend(svg, "rect", { x, y, width: bar, height: size, rx: 2, class: `bar cafe-${c % PALETTE}` });
      svgAppend(rect, "title", {}).textContent = `${app.texts.day(day.date)} · ${cafe}: ${count}`;
    });
    const total = Object.values(day.orders).reduce((a, b) => a + b, 0);
    svgAppend(svg, "text", { x: x + bar / 2, y: y - 3, class: "bar-value" }).textContent = String(total);
    svgAppend(svg, "text", { x: x + bar / 2, y: height - 4, class: "bar-label" }).textContent = day.date.slice(8);
  });
  return svg;
}

function legend(cafes) {
  return h("ul", { class: "legend" }, cafes.map((cafe, c) =>
    h("li", null, h("span", { class: `swatch cafe-${c % PALETTE}`, "aria-hidden": "true" }), cafe)));
}

function peopleTable(app, people) {
  return h(
    "table",
    { class: "people" },
    h("thead", null, h("tr", null, h("th", null, app.t("app-office-person")),
      h("th", { class: "num" }, app.t("app-office-person-orders")), h("th", { class: "num" }, app.t("app-office-person-total")))),
    h("tbody", null, people.map((person) =>
      h("tr", null, h("td", null, person.name), h("td", { class: "num" }, String(person.orders)),
        h("td", { class: "num" }, app.texts.money(cents(person.total)))))),
  );
}

async function downloadReport(app, month, button) {
  button.disabled = true;
  try {
    const { blob, name } = await app.api.download(`reports/monthly?month=${month}&format=xlsx`);
    const link = h("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  } catch (error) {
    button.after(notice("error", errorText(app.texts, error)));
  } finally {
    button.disabled = false;
  }
}

function svgNode(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

function svgAppend(parent, tag, attributes) {
  const node = svgNode(tag, attributes);
  parent.append(node);
  return node;
}
