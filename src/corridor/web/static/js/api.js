// The client of the Corridor REST API (/v1/...): JSON in and out, problems as ApiError.

export const KEY_STORAGE = "corridor.apiKey";

export class ApiError extends Error {
  /** problems: [{field, message}] */
  constructor(status, problems) {
    super(problems.map((p) => p.message).join("; "));
    this.status = status;
    this.problems = problems;
  }
}

export function fieldFromLoc(loc) {
  if (!Array.isArray(loc)) return null;
  const parts = loc.filter((p) => typeof p === "string" && !["body", "query", "path"].includes(p));
  return parts.length ? parts[0] : null;
}

export function problemsFrom(status, body) {
  const detail = body && body.detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => ({ field: fieldFromLoc(d.loc), message: d.msg || JSON.stringify(d) }));
  }
  if (detail && typeof detail === "object") {
    return [{ field: detail.field ?? null, message: detail.message || JSON.stringify(detail) }];
  }
  if (typeof detail === "string") return [{ field: null, message: detail }];
  return [{ field: null, message: `The server answered HTTP ${status}.` }];
}

/** The API key the Shipments view holds (typed there, kept in session storage): simulation jobs need one. */
export function storedKey() {
  const typed = document.querySelector("#api-key")?.value.trim();
  if (typed) return typed;
  try {
    return sessionStorage.getItem(KEY_STORAGE) || "";
  } catch {
    return "";
  }
}

/** A binary answer (a workbook, a PDF) as {blob, name}; problems as ApiError like api(). */
export async function apiFile(method, path, body, { headers } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, [{ field: null, message: "Cannot reach the Corridor API. Is the server running?" }]);
  }
  if (!response.ok) {
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    throw new ApiError(response.status, problemsFrom(response.status, data));
  }
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
  return { blob: await response.blob(), name: match ? match[1] : null };
}

export async function api(method, path, body, { signal, headers } = {}) {
  const key = /^\/v1\/(simulations|flows|appraisals)/.test(path) ? storedKey() : "";
  const init = { method, headers: { Accept: "application/json", ...(key ? { "X-API-Key": key } : {}), ...headers }, signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, [{ field: null, message: "Cannot reach the Corridor API. Is the server running?" }]);
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, problemsFrom(response.status, data));
  return data;
}
