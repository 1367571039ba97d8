// Building the page without innerHTML: every name and note is set as text, so nothing from a
// menu or a user can become markup.

/** h("button", { class: "primary", onclick }, "Text", child…) */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (name === "value") element.value = value;
    else if (name === "style") Object.assign(element.style, value);
    else if (name in element && typeof value !== "string") element[name] = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

const SVG = "http://www.w3.org/2000/svg";

/** A 24×24 line icon from path data. */
export function icon(paths) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("icon");
  for (const d of [paths].flat()) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

export const ICONS = {
  lunch: ["M3 11h18a9 9 0 0 1-18 0Z", "M8 7c0-1.5 1-1.5 1-3M12 7c0-1.5 1-1.5 1-3M16 7c0-1.5 1-1.5 1-3"],
  orders: ["M6 3h12v18l-3-2-3 2-3-2-3 2Z", "M9 8h6M9 12h6M9 16h3"],
  profile: ["M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Z", "M4 21c0-4 3.6-6 8-6s8 2 8 6"],
  office: ["M4 20V10M10 20V4M16 20v-7M22 20H2"],
  back: "M15 5l-7 7 7 7",
  check: "M5 12.5l4.5 4.5L19 7.5",
  clock: ["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Z", "M12 7v5l3 2"],
};

export function spinner() {
  return h("span", { class: "spinner", "aria-hidden": "true" });
}

/** Grey placeholders of the content to come, while it loads. */
export function skeleton(rows = 3) {
  return h(
    "div",
    { class: "skeleton", role: "status", "aria-busy": "true" },
    Array.from({ length: rows }, () => h("div", { class: "skeleton-card" })),
  );
}

/** A message in a box: kind is "error", "warning", "info" or "success". */
export function notice(kind, text, ...actions) {
  return h(
    "div",
    { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" },
    h("p", null, text),
    actions.length ? h("div", { class: "notice-actions" }, actions) : null,
  );
}

/** Run `work` with `button` showing a spinner and `label` (and not clickable twice). */
export async function busy(button, label, work) {
  const content = [...button.childNodes];
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.replaceChildren(spinner(), h("span", null, label));
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.replaceChildren(...content);
  }
}
