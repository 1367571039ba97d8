// Launch data the way Telegram hands it over: `Telegram.WebApp` when its script is loaded,
// else the URL hash (`#tgWebAppData=…&tgWebAppThemeParams=…`), which Telegram sets on every
// platform and which the script itself reads. A reload that lost the hash finds the launch
// data kept for this tab, as Telegram's script does.

const KEPT = "lunchbot.launch";

/** Telegram's WebApp object, when its script is loaded and the page was opened by Telegram. */
export function webApp() {
  const app = window.Telegram?.WebApp;
  return app?.initData ? app : null;
}

/** { initData, themeParams, colorScheme } — initData is "" when opened outside Telegram. */
export function readLaunch() {
  const app = webApp();
  const hash = new URLSearchParams(location.hash.slice(1));
  const launch = {
    initData: app?.initData || hash.get("tgWebAppData") || "",
    themeParams: app?.themeParams ?? parseJson(hash.get("tgWebAppThemeParams")) ?? {},
    colorScheme: app?.colorScheme ?? null,
  };
  try {
    if (launch.initData) sessionStorage.setItem(KEPT, JSON.stringify(launch));
    else return parseJson(sessionStorage.getItem(KEPT)) ?? launch;
  } catch {
    // Storage can be off (private modes, some webviews); the hash is enough then.
  }
  return launch;
}

/** The Telegram user inside initData (its signature is the server's business). */
export function launchUser(initData) {
  return parseJson(new URLSearchParams(initData).get("user"));
}

/** Run `connect(webApp)` once Telegram's script is there: now, or when it finishes loading
 * (never, offline or outside Telegram: the app works without it). */
export function whenTelegram(connect) {
  const app = webApp();
  if (app) {
    connect(app);
    return;
  }
  document.getElementById("telegram-web-app")?.addEventListener("load", () => {
    const loaded = webApp();
    if (loaded) connect(loaded);
  });
}

function parseJson(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
