// DOM and formatting helpers shared by the dashboard's views (served at /assets/common.js).
//
// Every string from the API reaches the page through textContent, title or dataset, never as markup, so a
// hostile agent or project name shows as text.

const SVG_NS = "http://www.w3.org/2000/svg";
const ICONS = {
  Bot: [["rect", { x: 4, y: 8, width: 16, height: 12, rx: 2 }], ["path", { d: "M12 8V4H8" }],
    ["path", { d: "M9 13v2M15 13v2M2 14h2M20 14h2" }]],
  Activity: [["path", { d: "M22 12h-4l-3 9L9 3l-3 9H2" }]],
  Clock: [["circle", { cx: 12, cy: 12, r: 10 }], ["path", { d: "M12 6v6l4 2" }]],
  DollarSign: [["path", { d: "M12 2v20M17 5H9.5a3.5 3.5 0 0 0 0 7h5a3.5 3.5 0 0 1 0 7H6" }]],
};

const count = new Intl.NumberFormat(undefined);
const money = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD" });
const smallMoney = new Intl.NumberFormat(undefined, {
  style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });
const percent = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
export const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
export const clockTime = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function svg(tag, attributes) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, String(value));
  return node;
}

export function icon(name) {
  const node = svg("svg", { viewBox: "0 0 24 24", "aria-hidden": "true" });
  for (const [tag, attributes] of ICONS[name] || []) node.appendChild(svg(tag, attributes));
  return node;
}

export function cell(text, className) { return el("td", className, text); }

export function formatCount(n) { return Number.isFinite(n) ? count.format(n) : "–"; }
export function formatPercent(n) { return Number.isFinite(n) ? percent.format(n) + "%" : "–"; }
export function formatMoney(n) {
  if (!Number.isFinite(n)) return "–";
  return (n > 0 && n < 0.01 ? smallMoney : money).format(n);
}
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  if (seconds < 1) return Math.round(seconds * 1000) + " ms";
  if (seconds < 60) return seconds.toFixed(seconds < 10 ? 2 : 1) + " s";
  const whole = Math.round(seconds);
  if (whole < 3600) return Math.floor(whole / 60) + "m " + (whole % 60) + "s";
  return Math.floor(whole / 3600) + "h " + Math.floor((whole % 3600) / 60) + "m";
}
export function formatAgo(time) {
  const seconds = (Date.now() - time) / 1000;
  if (seconds < 45) return "just now";
  if (seconds < 3600) return relative.format(-Math.round(seconds / 60), "minute");
  if (seconds < 86400) return relative.format(-Math.round(seconds / 3600), "hour");
  if (seconds < 7 * 86400) return relative.format(-Math.round(seconds / 86400), "day");
  return dateTime.format(time);
}
export function timeElement(iso, className) {
  const time = Date.parse(iso);
  if (iso === null || iso === undefined || Number.isNaN(time)) return el("span", className, "never");
  const node = el("time", className, formatAgo(time));
  node.dateTime = new Date(time).toISOString();
  node.title = dateTime.format(time);
  return node;
}
// "3 minutes ago" goes stale while the data does not change, so it is redone on every poll.
export function refreshTimes() {
  for (const node of document.querySelectorAll("time")) {
    node.textContent = formatAgo(Date.parse(node.dateTime));
  }
}

// A verdict badge (`worse` red, `better` green, others neutral); null verdicts show nothing.
export function verdictBadge(verdict, title) {
  if (!verdict) return el("span", "badge none", "–");
  const node = el("span", "badge " + String(verdict).replace(/[^a-z_]/g, ""), String(verdict).replace("_", " "));
  if (title) node.title = title;
  return node;
}
