// Colours and labels of modes, node kinds and the CO2e scale, shared by the map and the charts.

export const MODE_COLOURS = {
  rail: "#3b3f46",
  road: "#8c5a2b",
  sea: "#2f78c4",
  ferry: "#e0561b",
  iww: "#17918a",
  pipeline: "#6d4c41",
  tanker: "#1b4f72",
  bulk_carrier: "#7e5109",
};
export const NETWORK_LINK_STYLE = {
  rail: { color: MODE_COLOURS.rail, weight: 1.6, opacity: 0.7 },
  road: { color: MODE_COLOURS.road, weight: 1.6, opacity: 0.75 },
  sea: { color: MODE_COLOURS.sea, weight: 0.9, opacity: 0.4, dashArray: "4 5" },
  ferry: { color: MODE_COLOURS.ferry, weight: 3, opacity: 0.95, dashArray: "8 5" },
  iww: { color: MODE_COLOURS.iww, weight: 1.5, opacity: 0.8, dashArray: "2 3" },
  pipeline: { color: MODE_COLOURS.pipeline, weight: 2.2, opacity: 0.85, dashArray: "1 4" },
  tanker: { color: MODE_COLOURS.tanker, weight: 1.2, opacity: 0.6, dashArray: "6 4" },
  bulk_carrier: { color: MODE_COLOURS.bulk_carrier, weight: 1.2, opacity: 0.6, dashArray: "6 4" },
};
export const NODE_STYLE = {
  city: { radius: 3, fillColor: "#ffffff", color: "#3b3f46", weight: 1 },
  rail_terminal: { radius: 3.5, fillColor: "#ffffff", color: "#3b3f46", weight: 1.2 },
  dry_port: { radius: 4, fillColor: "#9aa3b0", color: "#3b3f46", weight: 1.2 },
  seaport: { radius: 4.5, fillColor: "#2f78c4", color: "#0f3560", weight: 1.2 },
  ferry_port: { radius: 5, fillColor: "#e0561b", color: "#6e2506", weight: 1.2 },
  border: { radius: 4, fillColor: "#8e44ad", color: "#3f1552", weight: 1.2 },
  gauge_change: { radius: 5.5, fillColor: "#f2c230", color: "#6b4f00", weight: 2.2 },
  oil_terminal: { radius: 4.5, fillColor: "#6d4c41", color: "#2e1d17", weight: 1.2 },
};
export const KIND_LABELS = {
  city: "city",
  rail_terminal: "rail terminal",
  dry_port: "dry port",
  seaport: "seaport",
  ferry_port: "ferry port",
  border: "border crossing",
  gauge_change: "gauge change",
  oil_terminal: "oil terminal",
};

// CO2e colour scale: green (low) - yellow - red (high).
export const CO2E_STOPS = ["#1a9850", "#fdd835", "#d73027"];
export function mix(a, b, t) {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return `#${pa.map((v, i) => Math.round(v + (pb[i] - v) * t).toString(16).padStart(2, "0")).join("")}`;
}
export function co2eColour(value, min, max) {
  const t = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0.5;
  return t < 0.5 ? mix(CO2E_STOPS[0], CO2E_STOPS[1], t * 2) : mix(CO2E_STOPS[1], CO2E_STOPS[2], (t - 0.5) * 2);
}
