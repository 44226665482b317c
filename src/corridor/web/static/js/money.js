// Costs in the currency the plan was asked in: the API's cost_in_currency and its dated, sourced rate.

import { state } from "./state.js";

/** The rate of the last answer (null for USD): {currency, per_usd, date, publisher, source, url}. */
export const rate = () => state.result?.currency ?? null;

/** The code costs are shown in. */
export const currency = () => rate()?.currency ?? "USD";

/** An option's cost in the shown currency. */
export const optionCost = (o) => (rate() && typeof o.cost_in_currency === "number" ? o.cost_in_currency : o.cost_usd);

/** A USD amount (an element's cost, a generalised cost) in the shown currency. */
export const fromUsd = (usd) => (typeof usd === "number" ? usd * (rate()?.per_usd ?? 1) : usd);

/** "EUR at 0.95283 per USD (European Central Bank, 2024-11-25)", or "" for USD. */
export function rateLine() {
  const r = rate();
  if (!r) return "";
  return `${r.currency} at ${Number(r.per_usd.toPrecision(6))} per USD (${r.publisher}, ${r.date})`;
}
