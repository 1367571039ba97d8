// The Mini App's side of /api/v1: JSON, signed with the launch data (`Authorization: tma …`).
// Every failure becomes an ApiError with the server's stable `code` (or "network"/"timeout"),
// which errors.js turns into words.

const TIMEOUT_MS = 20000;

export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export class Api {
  constructor(initData, base = new URL("../api/v1/", document.baseURI)) {
    this.authorization = `tma ${initData}`;
    this.base = base;
  }

  get(path) {
    return this.request("GET", path);
  }

  post(path, body) {
    return this.request("POST", path, body);
  }

  patch(path, body) {
    return this.request("PATCH", path, body);
  }

  delete(path) {
    return this.request("DELETE", path);
  }

  /** A file (the monthly report): its bytes as a Blob, with the server's file name. */
  async download(path) {
    let response;
    try {
      response = await fetch(new URL(path, this.base), {
        headers: { Authorization: this.authorization },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiError(0, error.name === "TimeoutError" ? "timeout" : "network", String(error));
    }
    if (!response.ok) {
      const error = (await response.json().catch(() => null))?.error ?? {};
      throw new ApiError(response.status, error.code ?? "http_error", error.message ?? response.statusText);
    }
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "report";
    return { blob: await response.blob(), name };
  }

  async request(method, path, body) {
    const headers = { Authorization: this.authorization, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(new URL(path, this.base), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const code = error.name === "TimeoutError" ? "timeout" : "network";
      throw new ApiError(0, code, String(error));
    }
    const data = await response.json().catch(() => null);
    if (response.ok && data !== null) return data;
    const error = data?.error ?? {};
    throw new ApiError(
      response.status,
      error.code ?? (response.status >= 500 ? "internal" : "http_error"),
      error.message ?? response.statusText,
      error.details ?? {},
    );
  }
}
