// Field errors and problem lists shared by the forms of every view.

export const FIELD_LABELS = {
  origin: "Origin",
  destination: "Destination",
  cargo: "Cargo",
  avoid_countries: "Countries to avoid",
  avoid_modes: "Modes to avoid",
  criteria: "Optimise for",
  depart: "Departure date",
  via: "Via",
  avoid_nodes: "Places to avoid",
  require_modes: "Modes the route must use",
  currency: "Currency",
  scenario: "Scenario",
  replications: "Replications",
  seed: "Seed",
};

export function setFieldError(id, message) {
  const target = document.getElementById(id);
  const msg = document.getElementById(`${id}-error`);
  if (msg) msg.textContent = message;
  if (target && target.tagName !== "FIELDSET") target.setAttribute("aria-invalid", "true");
}

export function clearFieldError(id) {
  const target = document.getElementById(id);
  const msg = document.getElementById(`${id}-error`);
  if (msg) msg.textContent = "";
  if (target) target.removeAttribute("aria-invalid");
}

export function showProblems(problems, fieldMap, errorBox) {
  const lines = [];
  for (const p of problems) {
    const id = p.field ? fieldMap[p.field] : null;
    if (id) setFieldError(id, p.message);
    lines.push(p.field && FIELD_LABELS[p.field] && !id ? `${FIELD_LABELS[p.field]}: ${p.message}` : p.message);
  }
  errorBox.textContent = lines.join("\n");
  errorBox.hidden = false;
  const first = problems.find((p) => p.field && fieldMap[p.field]);
  if (first) {
    const input = document.getElementById(fieldMap[first.field]);
    if (input && input.focus && input.tagName !== "FIELDSET") input.focus();
  }
}
