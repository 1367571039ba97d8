// API errors in words: each stable `error.code` has a text (`app-error-<code>`); a code we do
// not know yet shows the server's own message, never the raw answer.

import { ApiError } from "./api.js";

export function errorText(texts, error) {
  if (!(error instanceof ApiError)) {
    console.error(error);
    return texts.t("app-error-unexpected");
  }
  // "unavailable" is both a menu item gone (422) and a service down (503).
  const code = error.status === 503 ? "service_unavailable" : error.code;
  const id = `app-error-${code.replaceAll("_", "-")}`;
  if (texts.has(id)) return texts.t(id, args(texts, error.details));
  if (error.status >= 500) return texts.t("app-error-internal");
  return error.message || texts.t("app-error-unexpected");
}

function args(texts, details) {
  return details?.deadline ? { deadline: texts.moment(details.deadline) } : {};
}
