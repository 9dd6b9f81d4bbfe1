// Time-series charts as hand-written SVG (served at /assets/charts.js).
//
// Hand-written rather than a charting library: the page ships inside the binary and must work offline with
// a strict CSP (no inline styles, no eval), no build step and no CDN; the charts needed are lines and bars
// over evenly spaced buckets, about a hundred lines of code. Each value is one `.point` element (a circle,
// or a bar) carrying its bucket index and value, so tests and screen readers can read what is drawn.

import { el, svg } from "./common.js";

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 56, right: 12, top: 12, bottom: 26 };

function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

// A chart of `buckets` (API time-series elements, oldest first) in a <figure>.
//   series: [{ key, label, className }], each a property of the buckets (null values are gaps);
//   kind: "line" or "bars"; format(value) labels the axis and the tooltips; bucketLabel(bucket) names an x.
export function timeChart({ title, buckets, series, kind = "line", format = String, bucketLabel, maximum }) {
  const figure = el("figure", "chart");
  figure.dataset.chart = title;
  figure.dataset.buckets = String(buckets.length);
  figure.append(el("figcaption", null, title));
  const plot = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": title });
  const values = buckets.flatMap((bucket) => series.map((s) => bucket[s.key])).filter(Number.isFinite);
  const top = maximum ?? niceMax(Math.max(0, ...values));
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = innerWidth / Math.max(1, buckets.length);
  const x = (index) => PAD.left + step * (index + 0.5);
  const y = (value) => PAD.top + innerHeight * (1 - Math.min(value, top) / top);

  for (const fraction of [0, 0.5, 1]) {
    const level = y(top * fraction);
    plot.append(svg("line", { class: "grid", x1: PAD.left, x2: WIDTH - PAD.right, y1: level, y2: level }));
    const label = svg("text", { class: "axis", x: PAD.left - 6, y: level + 4, "text-anchor": "end" });
    label.textContent = format(top * fraction);
    plot.append(label);
  }
  for (const index of buckets.length ? [0, buckets.length - 1] : []) {
    const label = svg("text", { class: "axis", x: x(index), y: HEIGHT - 8,
      "text-anchor": index === 0 ? "start" : "end" });
    label.textContent = bucketLabel(buckets[index]);
    plot.append(label);
  }

  series.forEach((s, position) => {
    const group = svg("g", { class: "series " + s.className });
    let path = "";
    let drawing = false;
    buckets.forEach((bucket, index) => {
      const value = bucket[s.key];
      if (!Number.isFinite(value)) { drawing = false; return; }
      let mark;
      if (kind === "bars") {
        const width = Math.max(1, step / series.length - 1);
        const left = x(index) - step / 2 + position * (step / series.length);
        mark = svg("rect", { class: "point", x: left, y: y(value), width, height: y(0) - y(value) });
      } else {
        path += (drawing ? " L" : " M") + x(index).toFixed(1) + " " + y(value).toFixed(1);
        drawing = true;
        mark = svg("circle", { class: "point", cx: x(index), cy: y(value), r: 2.5 });
      }
      mark.dataset.index = String(index);
      mark.dataset.value = String(value);
      const tip = svg("title");
      tip.textContent = `${s.label}, ${bucketLabel(bucket)}: ${format(value)}`;
      mark.append(tip);
      group.append(mark);
    });
    if (path) group.prepend(svg("path", { class: "line", d: path.trim() }));
    plot.append(group);
  });
  figure.append(plot);
  if (series.length > 1) {
    const legend = el("p", "legend");
    for (const s of series) legend.append(el("span", "key " + s.className, s.label));
    figure.append(legend);
  }
  return figure;
}
