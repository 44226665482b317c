// Booking a planned option: a shipment on its transport chain (POST /v1/shipments, a shipper's or admin's key).

import { ApiError, api, storedKey } from "./api.js";
import { $, el } from "./dom.js";
import { setFieldError, clearFieldError } from "./forms.js";

/** API field -> id of the booking form's input. */
const BOOK_FIELDS = { shipper: "book-shipper", consignee: "book-consignee", containers: "book-containers", carrier: "book-carrier" };

/** "CSQU3054383 40HC" lines -> [{number, type}], and the lines that are not of that form. */
export function parseContainers(text, defaultType) {
  const containers = [];
  const bad = [];
  for (const line of String(text).split(/[\n;]+/).map((l) => l.trim()).filter(Boolean)) {
    const [number, type = defaultType, ...rest] = line.split(/[\s,]+/);
    if (!/^[A-Za-z]{4}\d{7}$/.test(number) || rest.length) bad.push(line);
    else containers.push({ number: number.toUpperCase(), type: type.toUpperCase() });
  }
  return { containers, bad };
}

/** The ends to book between: node ids, or for a door (DOOR-ORIGIN/-DESTINATION) the place as it was asked. */
export function bookingEnds(query) {
  const end = (id, index) => (/^DOOR-/.test(String(id)) ? (query.places?.[index]?.query ?? id) : id);
  return [end(query.origin, 0), end(query.destination, 1)];
}

function field(id, label, attrs = {}, hint = null) {
  const input = attrs.tag === "textarea"
    ? el("textarea", { id, rows: 3, spellcheck: "false", "aria-describedby": `${hint ? `${id}-hint ` : ""}${id}-error`, ...attrs, tag: null })
    : el("input", { id, autocomplete: "off", spellcheck: "false", "aria-describedby": `${hint ? `${id}-hint ` : ""}${id}-error`, ...attrs });
  return el("div", { class: "field" },
    el("label", { for: id }, label),
    input,
    hint ? el("p", { class: "hint", id: `${id}-hint` }, hint) : null,
    el("p", { class: "field-error", id: `${id}-error`, role: "alert" }));
}

/** The "Book this option" box of the breakdown: a form that books ``option`` of ``result``. */
export function bookingBox(option, result) {
  const query = result.query || {};
  const type = (String(query.cargo || "").match(/x([0-9A-Za-z]+)/) || [])[1] || "40";
  const status = el("p", { class: "status", id: "book-status", role: "status", "aria-live": "polite" });
  const error = el("div", { class: "error", id: "book-error", role: "alert", hidden: true });
  const form = el("form", { class: "booking-form", id: "booking-form", novalidate: true },
    el("p", { class: "hint" }, `Books option ${option.rank} as a shipment on its ${(option.chain?.elements || []).length} legs and hubs, with the API key of the Shipments view (a shipper's or an admin's).`),
    el("div", { class: "field-row" },
      field("book-shipper", "Shipper", { required: true }),
      field("book-consignee", "Consignee", { required: true })),
    field("book-containers", "Containers", { tag: "textarea", placeholder: `CSQU3054383 ${type}` },
      `One per line: ISO 6346 number and type (default ${type}); ${query.containers ?? 1} for this plan's cargo ${query.cargo ?? ""}`),
    field("book-carrier", "Carrier (optional)", {}, "An organisation linked to yours that posts the events"),
    el("div", { class: "actions" }, el("button", { type: "submit", class: "primary", id: "book-button" }, "Book"), status),
    error);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    book(option, result, type);
  });
  return el("details", { class: "booking", id: "booking" }, el("summary", {}, "Book this option"), form);
}

async function book(option, result, type) {
  for (const id of Object.values(BOOK_FIELDS)) clearFieldError(id);
  const error = $("#book-error");
  error.hidden = true;
  const shipper = $("#book-shipper").value.trim();
  const consignee = $("#book-consignee").value.trim();
  const carrier = $("#book-carrier").value.trim();
  const { containers, bad } = parseContainers($("#book-containers").value, type);
  const problems = [];
  if (!shipper) problems.push(["shipper", "Enter the shipper."]);
  if (!consignee) problems.push(["consignee", "Enter the consignee."]);
  if (bad.length) problems.push(["containers", `Not a container number and type: ${bad.join("; ")}`]);
  else if (!containers.length) problems.push(["containers", "Enter at least one container: number and type."]);
  const key = storedKey();
  if (!key) problems.push([null, "Enter an API key in the Shipments view first (a shipper's or an admin's)."]);
  if (problems.length) {
    for (const [name, message] of problems) if (name) setFieldError(BOOK_FIELDS[name], message);
    error.textContent = problems.map(([, m]) => m).join("\n");
    error.hidden = false;
    return;
  }
  const [origin, destination] = bookingEnds(result.query);
  const body = { origin, destination, shipper, consignee, containers, chain: option.chain };
  if (carrier) body.carrier = carrier;
  const button = $("#book-button");
  button.disabled = true;
  $("#book-status").textContent = "booking…";
  try {
    const shipment = await api("POST", "/v1/shipments", body, { headers: { "X-API-Key": key } });
    $("#book-status").replaceChildren(
      `Booked: shipment ${shipment.id}. `,
      el("button", { type: "button", class: "link-button", id: "open-booked", onclick: () => openBooked(shipment.id) }, "Show it in Shipments"));
  } catch (err) {
    $("#book-status").textContent = "";
    const list = err instanceof ApiError ? err.problems : [{ field: null, message: String(err?.message || err) }];
    for (const p of list) if (p.field && BOOK_FIELDS[p.field]) setFieldError(BOOK_FIELDS[p.field], p.message);
    const prefix = err instanceof ApiError && err.status === 401 ? "The API key was not accepted: " : "";
    error.textContent = prefix + list.map((p) => p.message).join("\n");
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}

function openBooked(id) {
  $("#tab-shipments").click();
  document.dispatchEvent(new CustomEvent("corridor:open-shipment", { detail: id }));
}
