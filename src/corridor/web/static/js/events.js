// Posting a tracking event on a shipment (an operator's or an admin's key): POST /v1/shipments/{id}/events.

import { ApiError, api } from "./api.js";
import { $, el } from "./dom.js";
import { clearFieldError, setFieldError } from "./forms.js";
import { nodeName } from "./state.js";

export const EVENT_TYPES = ["gate-in", "load", "departure", "arrival", "discharge", "gauge-change", "border", "gate-out"];
export const CLASSIFIERS = [["ACT", "actual"], ["EST", "estimated"], ["PLN", "planned"]];
const EVENT_FIELDS = { event_type: "event-type", classifier: "event-classifier", event_time: "event-time", element_index: "event-element", node_id: "event-place" };

/** The places of a chain element: a hub's node, a leg's two ends. */
function placesOf(element) {
  if (!element) return [];
  return element.type === "hub" ? [element.node_id] : [element.from_node, element.to_node].filter(Boolean);
}

function select(id, label, options, hint = null) {
  return el("div", { class: "field" },
    el("label", { for: id }, label),
    el("select", { id, "aria-describedby": `${hint ? `${id}-hint ` : ""}${id}-error` },
      options.map(([value, text]) => el("option", { value }, text))),
    hint ? el("p", { class: "hint", id: `${id}-hint` }, hint) : null,
    el("p", { class: "field-error", id: `${id}-error`, role: "alert" }));
}

/** A node's name, a door of a door-to-door shipment (DOOR-ORIGIN/-DESTINATION) named by its booked place. */
export function placeName(shipment, id) {
  return ({ "DOOR-ORIGIN": shipment.origin, "DOOR-DESTINATION": shipment.destination })[id] ?? nodeName(id);
}

/** The "Post an event" form for ``shipment``; ``onPosted()`` reloads the timeline and ETA. */
export function eventForm(shipment, { apiKey, onPosted }) {
  const elements = shipment.chain?.elements || [];
  const name = (id) => placeName(shipment, id);
  const label = (e, i) => `${i}: ${e.type === "leg" ? `${e.mode} ${name(e.from_node)} → ${name(e.to_node)}` : `hub ${name(e.node_id)}`}`;
  const now = new Date().toISOString().slice(0, 16); // UTC, as the field says
  const form = el("form", { class: "event-form", id: "event-form", novalidate: true },
    el("div", { class: "field-row" },
      select("event-type", "Event", EVENT_TYPES.map((t) => [t, t])),
      select("event-classifier", "Classifier", CLASSIFIERS.map(([c, word]) => [c, `${c} ${word}`]))),
    el("div", { class: "field-row" },
      select("event-element", "Chain element", elements.map((e, i) => [String(i), label(e, i)])),
      select("event-place", "Place", [])),
    el("div", { class: "field" },
      el("label", { for: "event-time" }, "Time (UTC)"),
      el("input", { id: "event-time", type: "datetime-local", value: now, step: 60, "aria-describedby": "event-time-error" }),
      el("p", { class: "field-error", id: "event-time-error", role: "alert" })),
    el("div", { class: "actions" },
      el("button", { type: "submit", class: "primary", id: "post-event" }, "Post event"),
      el("span", { class: "status", id: "event-status", role: "status", "aria-live": "polite" })),
    el("div", { class: "error", id: "event-error", role: "alert", hidden: true }));
  const places = () => {
    const element = elements[Number(form.querySelector("#event-element").value)];
    form.querySelector("#event-place").replaceChildren(...placesOf(element).map((id) => el("option", { value: id }, `${name(id)} (${id})`)));
  };
  form.querySelector("#event-element").addEventListener("change", places);
  places();
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    postEvent(shipment, apiKey(), onPosted);
  });
  return el("details", { class: "post-event", id: "post-event-box" },
    el("summary", {}, "Post an event (operators)"),
    el("p", { class: "hint" }, "An operator's key posts events on the shipments its organisation carries; an admin's on any."),
    form);
}

async function postEvent(shipment, key, onPosted) {
  for (const id of Object.values(EVENT_FIELDS)) clearFieldError(id);
  const error = $("#event-error");
  error.hidden = true;
  const time = $("#event-time").value;
  if (!time) {
    setFieldError("event-time", "Enter the event's time.");
    error.textContent = "Enter the event's time.";
    error.hidden = false;
    return;
  }
  const body = {
    event_id: `web-${crypto.randomUUID()}`,
    event_type: $("#event-type").value,
    classifier: $("#event-classifier").value,
    event_time: `${time.length === 16 ? `${time}:00` : time}Z`,
    node_id: $("#event-place").value,
    element_index: Number($("#event-element").value),
  };
  const button = $("#post-event");
  button.disabled = true;
  $("#event-status").textContent = "posting…";
  try {
    const path = `/v1/shipments/${encodeURIComponent(shipment.id)}/events`;
    await api("POST", path, body, { headers: { "X-API-Key": key } });
    const message = `Posted ${body.event_type} ${body.classifier} at ${placeName(shipment, body.node_id)}.`;
    $("#event-status").textContent = message;
    await onPosted(message);
  } catch (err) {
    $("#event-status").textContent = "";
    const list = err instanceof ApiError ? err.problems : [{ field: null, message: String(err?.message || err) }];
    for (const p of list) {
      const name = Object.keys(EVENT_FIELDS).find((f) => p.field && p.field.endsWith(f));
      if (name) setFieldError(EVENT_FIELDS[name], p.message);
    }
    const prefix = err instanceof ApiError && err.status === 403 ? "This key may not post events (HTTP 403): " : "";
    error.textContent = prefix + list.map((p) => p.message).join("\n");
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}
