// A version's page: its facts and regression verdict, its time series as charts, and its latest runs with
// pagination (served at /assets/version.js). Route: #/version/<agent id>/<version id>.

import { getJSON } from "./api.js";
import { timeChart } from "./charts.js";
import {
  cell, dateTime, el, formatCount, formatDuration, formatMoney, formatPercent, timeElement, verdictBadge,
} from "./common.js";

const RUNS_PAGE = 20;
const page = { agentId: "", versionId: "", row: null, runsCursor: "", runsNext: null };

const hourLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit" });
const dayLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

export function showVersion(agentId, versionId) {
  if (page.agentId !== agentId || page.versionId !== versionId) {
    Object.assign(page, { agentId, versionId, row: null, runsCursor: "", runsNext: null });
  }
}

function fact(list, term, value) {
  list.append(el("dt", null, term));
  const description = el("dd");
  if (value instanceof Node) description.append(value); else description.textContent = String(value);
  list.append(description);
}

function renderFacts(row) {
  document.getElementById("version-title").textContent = row.name + " " + row.version;
  const list = document.getElementById("version-facts");
  list.replaceChildren();
  fact(list, "Project", row.project);
  fact(list, "Cluster", row.cluster || "–");
  fact(list, "Runs", formatCount(row.totalRuns));
  fact(list, "Success", formatPercent(row.successRate));
  fact(list, "p50 / p95", formatDuration(row.p50Runtime) + " / " + formatDuration(row.p95Runtime));
  fact(list, "Spend", formatMoney(row.spend));
  fact(list, "Models", (row.models || []).join(", ") || "none");
  fact(list, "Tools", (row.tools || []).join(", ") || "none");
  fact(list, "Last seen", timeElement(row.lastSeen));
  const regression = row.regression;
  const verdict = el("span");
  verdict.append(verdictBadge(regression ? regression.verdict : null));
  if (regression) {
    const link = el("a", "sub", " against " + regression.against);
    link.href = "#/compare?" + new URLSearchParams({ agent: row.agentId, base: regression.against,
      candidate: row.version }).toString();
    verdict.append(link);
  }
  fact(list, "Regression", verdict);
}

function renderCharts(buckets, bucket) {
  const format = bucket === "day" ? dayLabel : hourLabel;
  const bucketLabel = (b) => format.format(new Date(b.start));
  const charts = [
    timeChart({ title: "Runs", buckets, kind: "bars", bucketLabel, format: (v) => formatCount(Math.round(v)),
      series: [{ key: "successes", label: "successes", className: "good" },
        { key: "failures", label: "failures", className: "bad" }] }),
    timeChart({ title: "Success rate", buckets, bucketLabel, format: formatPercent, maximum: 100,
      series: [{ key: "successRate", label: "success rate", className: "accent" }] }),
    timeChart({ title: "Runtime", buckets, bucketLabel, format: formatDuration,
      series: [{ key: "p50Runtime", label: "p50", className: "accent" },
        { key: "p95Runtime", label: "p95", className: "warn" }] }),
    timeChart({ title: "Cost", buckets, bucketLabel, format: formatMoney,
      series: [{ key: "cost", label: "cost", className: "accent" }] }),
  ];
  document.getElementById("version-charts").replaceChildren(...charts);
}

function renderRuns(runs) {
  const body = document.querySelector("#version-runs tbody");
  if (runs.length === 0) {
    const empty = cell("No runs yet.", "empty");
    empty.colSpan = 7;
    const tr = el("tr");
    tr.append(empty);
    body.replaceChildren(tr);
  } else {
    body.replaceChildren(...runs.map((run) => {
      const tr = el("tr");
      tr.dataset.id = String(run.id);
      const created = cell("");
      created.append(timeElement(run.created));
      created.title = dateTime.format(Date.parse(run.created));
      tr.append(cell("#" + run.id), cell(run.status), created, cell(String(run.time_taken ?? "–"), "num"),
        cell(formatMoney(run.cost), "num"), cell((run.models || []).join(", ")), cell((run.tools || []).join(", ")));
      return tr;
    }));
  }
  document.getElementById("runs-first").disabled = !page.runsCursor;
  document.getElementById("runs-next").disabled = !page.runsNext;
}

// Loads the version's row, time series and runs; returns the render step.
export async function refreshVersion(changed) {
  const bucket = document.getElementById("bucket").value;
  const rows = await getJSON("/api/v1/ui/agent_versions?agent=" + encodeURIComponent(page.agentId));
  const row = rows.value.find((r) => r.id === page.versionId);
  if (!row) throw new Error("no such version");
  const series = await getJSON("/api/v1/ui/timeseries?" + new URLSearchParams({
    agent: row.agentId, version: row.version, bucket }).toString());
  const runsQuery = new URLSearchParams({ limit: String(RUNS_PAGE) });
  if (page.runsCursor) runsQuery.set("cursor", page.runsCursor);
  const runs = await getJSON("/api/v1/agents/" + encodeURIComponent(row.name) + "/versions/"
    + encodeURIComponent(row.version) + "/runs?" + runsQuery.toString());
  return () => {
    page.row = row;
    page.runsNext = runs.next ? new URL(runs.next, location.href).searchParams.get("cursor") : null;
    if (changed("version-row", JSON.stringify(row))) renderFacts(row);
    if (changed("version-series", series.body + bucket)) renderCharts(series.value, bucket);
    if (changed("version-runs", runs.body + page.runsCursor)) renderRuns(runs.value);
  };
}

export function installVersion(reload) {
  document.getElementById("bucket").addEventListener("change", reload);
  document.getElementById("runs-first").addEventListener("click", () => { page.runsCursor = ""; reload(); });
  document.getElementById("runs-next").addEventListener("click", () => {
    if (!page.runsNext) return;
    page.runsCursor = page.runsNext;
    reload();
  });
}
