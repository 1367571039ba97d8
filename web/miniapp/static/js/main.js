// Start-up: launch data and theme first, then who the user is (and so their language), then
// the app. Telegram's script, when it arrives, only adds to a working app.

import { Api } from "./api.js";
import { App } from "./app.js";
import { errorText } from "./errors.js";
import { busy, h, notice } from "./dom.js";
import { loadTexts, pickLanguage } from "./i18n.js";
import { cafesScreen } from "./screens/cafes.js";
import { menuScreen } from "./screens/menu.js";
import { officeScreen } from "./screens/office.js";
import { ordersScreen } from "./screens/orders.js";
import { profileScreen } from "./screens/profile.js";
import { doneScreen, reviewScreen } from "./screens/review.js";
import { applyTheme } from "./theme.js";
import { launchUser, readLaunch, whenTelegram } from "./telegram.js";

const SCREENS = {
  cafes: cafesScreen,
  menu: menuScreen,
  review: reviewScreen,
  done: doneScreen,
  orders: ordersScreen,
  profile: profileScreen,
  office: officeScreen,
};

const root = document.getElementById("screen");

async function boot() {
  const launch = readLaunch();
  applyTheme(launch.themeParams, launch.colorScheme);
  whenTelegram((webApp) => {
    webApp.ready(); // Telegram shows the page (with its spinner) instead of its placeholder
    webApp.expand();
    applyTheme(webApp.themeParams, webApp.colorScheme);
    webApp.onEvent("themeChanged", () => applyTheme(webApp.themeParams, webApp.colorScheme));
  });
  let texts = await loadTexts(pickLanguage(launchUser(launch.initData)?.language_code));
  show(texts);
  if (!launch.initData) {
    root.replaceChildren(stop(texts, texts.t("app-open-in-telegram")));
    return;
  }
  const api = new Api(launch.initData);
  let me;
  try {
    me = await api.get("me");
  } catch (error) {
    const retry = h("button", { class: "secondary", type: "button", onclick: () => location.reload() }, texts.t("app-retry"));
    root.replaceChildren(stop(texts, errorText(texts, error), retry));
    return;
  }
  if (me.language !== texts.language) {
    texts = await loadTexts(me.language);
    show(texts);
  }
  if (!me.member) {
    root.replaceChildren(notOnRoster(api, texts, me));
    return;
  }
  const app = new App({ api, texts, me, screens: SCREENS, root, tabs: document.getElementById("tabs") });
  app.start();
  whenTelegram((webApp) => app.attachTelegram(webApp));
}

/** Someone the office has not put on its list: where they stand, and (SIGNUP=approval) the
 * button that asks the managers. */
function notOnRoster(api, texts, me) {
  const pending = me.access?.status === "pending";
  const text = pending ? texts.t("app-access-pending") : texts.t("app-access-not-registered", { signup: me.signup });
  const actions = [];
  if (me.signup === "approval" && !pending) {
    const ask = h("button", { class: "primary", type: "button" }, texts.t("app-access-request"));
    ask.addEventListener("click", () =>
      busy(ask, texts.t("app-sending"), async () => {
        try {
          root.replaceChildren(notOnRoster(api, texts, await api.post("me/access-request")));
        } catch (error) {
          root.replaceChildren(stop(texts, errorText(texts, error)));
        }
      }),
    );
    actions.push(ask);
  }
  return h("section", { class: "screen stop" }, h("h1", null, texts.t("app-title")), notice("info", text, ...actions));
}

function show(texts) {
  document.documentElement.lang = texts.language;
  document.title = texts.t("app-title");
}

function stop(texts, text, ...actions) {
  return h("section", { class: "screen stop" }, h("h1", null, texts.t("app-title")), notice("error", text, ...actions));
}

boot().catch((error) => {
  // Not even the texts could load: say it in both languages.
  console.error(error);
  root.replaceChildren(notice("error", "Нет связи с сервером. Попробуйте ещё раз. · Cannot reach the server. Please try again."));
});
