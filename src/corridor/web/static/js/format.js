// Number formatting and axis ticks shared by the tables and charts of every view.

export const isNum = (v) => typeof v === "number" && Number.isFinite(v);
export const nf = (digits) => new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const NF0 = nf(0);
export const NF1 = nf(1);
export const NF2 = nf(2);
export const fmt0 = (v) => (isNum(v) ? NF0.format(v) : "–");
export const fmt1 = (v) => (isNum(v) ? NF1.format(v) : "–");
export const fmt2 = (v) => (isNum(v) ? NF2.format(v) : "–");
export const fmtPct = (v) => (isNum(v) ? `${NF1.format(v * 100)}%` : "–");
export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function niceTicks(min, max, count = 5) {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const err = raw / mag;
  const step = (err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1) * mag;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { lo, hi: hi > lo ? hi : lo + step, ticks: hi > lo ? ticks : [lo, lo + step] };
}
