// The app's frame: three tabs (lunch, my orders, profile), a stack of screens in each for
// Back, and Telegram's Back button once its script is there. Screens are functions
// (app, params) → element; they load their own data.

import { errorText } from "./errors.js";
import { h, icon, ICONS, notice, skeleton } from "./dom.js";

const TABS = [
  { screen: "cafes", icon: ICONS.lunch, text: "app-tab-lunch" },
  { screen: "orders", icon: ICONS.orders, text: "app-tab-orders" },
  { screen: "profile", icon: ICONS.profile, text: "app-tab-profile" },
];
// Managers and admins get a fourth tab: the office at a glance.
const OFFICE_TAB = { screen: "office", icon: ICONS.office, text: "app-tab-office" };

export class App {
  constructor({ api, texts, me, screens, root, tabs }) {
    this.api = api;
    this.texts = texts;
    this.me = me;
    this.screens = screens;
    this.root = root;
    this.tabs = tabs;
    this.stack = [];
    this.telegram = null;
  }

  t(id, args) {
    return this.texts.t(id, args);
  }

  start() {
    const tabs = this.me.role === "employee" ? TABS : [...TABS, OFFICE_TAB];
    this.tabs.replaceChildren(
      ...tabs.map((tab) =>
        h(
          "button",
          { class: "tab", type: "button", "data-screen": tab.screen, onclick: () => this.tab(tab.screen) },
          icon(tab.icon),
          h("span", null, this.t(tab.text)),
        ),
      ),
    );
    this.tabs.hidden = false;
    this.tab("cafes");
  }

  /** Show a tab from its first screen. */
  tab(screen) {
    this.stack = [{ screen, params: {} }];
    this.render();
  }

  /** Open a screen on top of the current one (Back returns). */
  open(screen, params = {}) {
    this.stack.push({ screen, params });
    this.render();
  }

  /** Show another screen in the current one's place (a menu for another date). */
  replace(screen, params = {}) {
    this.stack[this.stack.length - 1] = { screen, params };
    this.render();
  }

  /** Open a screen right above the tab's first one: after an order is placed, Back leads to
   * the tab, not to the form that placed it. */
  finish(screen, params = {}) {
    this.stack = [this.stack[0], { screen, params }];
    this.render();
  }

  back() {
    if (this.stack.length > 1) {
      this.stack.pop();
      this.render();
    }
  }

  render() {
    const { screen, params } = this.stack.at(-1);
    const element = this.screens[screen](this, params);
    this.root.replaceChildren(element);
    window.scrollTo(0, 0);
    const tab = this.stack[0].screen;
    for (const button of this.tabs.children) {
      button.classList.toggle("active", button.dataset.screen === tab);
      button.setAttribute("aria-current", button.dataset.screen === tab ? "page" : "false");
    }
    this.syncBackButton();
  }

  /** Telegram's script arrived: its Back button mirrors ours. */
  attachTelegram(webApp) {
    this.telegram = webApp;
    webApp.BackButton?.onClick(() => this.back());
    this.syncBackButton();
  }

  syncBackButton() {
    const button = this.telegram?.BackButton;
    if (!button) return;
    if (this.stack.length > 1) button.show();
    else button.hide();
  }

  /** A screen's frame: a bar with the title (and Back, deeper than a tab's first screen). */
  frame({ title, subtitle }, ...content) {
    const back =
      this.stack.length > 1
        ? h(
            "button",
            { class: "back", type: "button", "aria-label": this.t("app-back"), onclick: () => this.back() },
            icon(ICONS.back),
          )
        : null;
    return h(
      "section",
      { class: "screen" },
      h(
        "header",
        { class: "bar" },
        back,
        h("div", { class: "titles" }, h("h1", null, title), subtitle ? h("p", { class: "subtitle" }, subtitle) : null),
      ),
      h("div", { class: "content" }, content),
    );
  }

  /** Fill `container` with what `fetch` brings, through `show(data)`; placeholders while it
   * loads, the error in words with a retry button if it fails. */
  async load(container, fetch, show, rows = 3) {
    container.replaceChildren(skeleton(rows));
    let data;
    try {
      data = await fetch();
    } catch (error) {
      const retry = h(
        "button",
        { class: "secondary", type: "button", onclick: () => this.load(container, fetch, show, rows) },
        this.t("app-retry"),
      );
      container.replaceChildren(notice("error", errorText(this.texts, error), retry));
      return;
    }
    container.replaceChildren(...[show(data)].flat().filter(Boolean));
  }
}
