// Telegram's theme as CSS variables. Telegram's script sets `--tg-theme-*` itself; without it
// the same colours come from the hash's themeParams. app.css falls back to its own light and
// dark palettes for whatever is missing.

const COLOR = /^#[0-9a-f]{3,8}$/i;

/** Apply themeParams (`{ bg_color: "#…", … }`) and pick light or dark. */
export function applyTheme(params, colorScheme) {
  const root = document.documentElement;
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value === "string" && COLOR.test(value)) {
      root.style.setProperty(`--tg-theme-${name.replaceAll("_", "-")}`, value);
    }
  }
  const scheme =
    colorScheme ??
    (params?.bg_color && COLOR.test(params.bg_color) ? schemeOf(params.bg_color) : null) ??
    (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  root.dataset.scheme = scheme;
  root.style.colorScheme = scheme;
}

function schemeOf(hex) {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : hex.slice(1, 7).match(/../g);
  const [r, g, b] = digits.map((d) => parseInt(d, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 ? "dark" : "light";
}
