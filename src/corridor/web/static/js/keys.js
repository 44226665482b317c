// API key management for admins: list (GET /v1/admin/keys), create (POST), revoke (DELETE).

import { ApiError, api } from "./api.js";
import { $, el } from "./dom.js";
import { clearFieldError, setFieldError } from "./forms.js";

const KEY_FIELDS = { organisation: "key-organisation", role: "key-role" };
let adminKey = () => "";

function showKeysError(err) {
  const list = err instanceof ApiError ? err.problems : [{ field: null, message: String(err?.message || err) }];
  for (const p of list) if (p.field && KEY_FIELDS[p.field]) setFieldError(KEY_FIELDS[p.field], p.message);
  let prefix = "";
  if (err instanceof ApiError && err.status === 403) prefix = "Only an admin's key manages keys (HTTP 403): ";
  else if (err instanceof ApiError && err.status === 401) prefix = "The API key was not accepted (HTTP 401): ";
  const box = $("#keys-error");
  box.textContent = prefix + list.map((p) => p.message).join("\n");
  box.hidden = false;
}

function clearKeysError() {
  for (const id of Object.values(KEY_FIELDS)) clearFieldError(id);
  $("#keys-error").hidden = true;
  $("#keys-error").textContent = "";
}

const call = (method, path, body) => api(method, path, body, { headers: { "X-API-Key": adminKey() } });

async function loadKeys() {
  clearKeysError();
  $("#keys-status").textContent = "loading…";
  try {
    const data = await call("GET", "/v1/admin/keys");
    renderKeys(data.keys || []);
    $("#keys-status").textContent = `${(data.keys || []).length} keys`;
  } catch (err) {
    $("#keys-status").textContent = "";
    renderKeys([]);
    showKeysError(err);
  }
}

function renderKeys(keys) {
  $("#keys").replaceChildren(...keys.map((k) =>
    el("tr", { class: "key-row", "data-key-id": k.id },
      el("td", { class: "num" }, k.id),
      el("td", {}, k.organisation),
      el("td", {}, k.role),
      el("td", {}, el("code", {}, `${k.prefix ?? ""}…`)),
      el("td", { class: "nowrap" }, String(k.created_at).slice(0, 16).replace("T", " ")),
      el("td", {}, el("button", {
        type: "button",
        class: "secondary revoke",
        "aria-label": `Revoke key ${k.id} of ${k.organisation}`,
        onclick: () => revoke(k),
      }, "Revoke")))));
  $("#keys-empty").hidden = keys.length > 0;
}

async function revoke(k) {
  if (!window.confirm(`Revoke key ${k.id} (${k.role}, ${k.organisation})? Requests with it fail from now on.`)) return;
  clearKeysError();
  try {
    await call("DELETE", `/v1/admin/keys/${k.id}`);
    $("#keys-status").textContent = `Key ${k.id} revoked.`;
    await loadKeys();
    $("#keys-status").textContent = `Key ${k.id} revoked.`;
  } catch (err) {
    showKeysError(err);
  }
}

async function createKey(ev) {
  ev.preventDefault();
  clearKeysError();
  const organisation = $("#key-organisation").value.trim();
  const role = $("#key-role").value;
  if (!organisation) {
    setFieldError("key-organisation", "Enter the organisation the key is for.");
    showKeysError(new Error("Enter the organisation the key is for."));
    return;
  }
  try {
    const created = await call("POST", "/v1/admin/keys", { organisation, role, create_organisation: $("#key-new-org").checked });
    $("#new-key").replaceChildren(
      el("p", {}, `New ${created.role} key ${created.id} for ${created.organisation}, shown this once: `),
      el("code", { id: "new-key-value", class: "new-key-value" }, created.key),
    );
    $("#new-key").hidden = false;
    await loadKeys();
  } catch (err) {
    showKeysError(err);
  }
}

/** Wire the keys section; ``key()`` gives the API key typed in the Shipments view. */
export function initKeys(key) {
  adminKey = key;
  $("#load-keys").addEventListener("click", loadKeys);
  $("#key-form").addEventListener("submit", createKey);
}
