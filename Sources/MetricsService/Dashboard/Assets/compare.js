// The compare view: two versions of one agent side by side, with the difference, the p-value and the
// verdict of each metric, worse in red and better in green (served at /assets/compare.js).
// Route: #/compare?agent=<agent id or name>&base=<version>&candidate=<version>[&since=<RFC 3339>].

import { getJSON } from "./api.js";
import { cell, el, formatCount, formatDuration, formatMoney, formatPercent, verdictBadge } from "./common.js";

const METRICS = {
  successRate: { label: "Success rate", format: formatPercent },
  avgRuntime: { label: "Average runtime", format: formatDuration },
  p95Runtime: { label: "p95 runtime", format: formatDuration },
  costPerRun: { label: "Cost per run", format: formatMoney },
};
const choice = { agent: "", base: "", candidate: "", since: "" };

function routeQuery() {
  const hash = location.hash;
  const mark = hash.indexOf("?");
  return new URLSearchParams(mark < 0 ? "" : hash.slice(mark + 1));
}

export function showCompare() {
  const query = routeQuery();
  for (const name of Object.keys(choice)) choice[name] = query.get(name) || "";
}

function options(select, values, selected) {
  const current = [...select.options].map((o) => o.value).join("\n");
  if (current !== values.map((v) => v.value).join("\n")) {
    select.replaceChildren(...values.map(({ value, label }) => {
      const option = el("option", null, label);
      option.value = value;
      return option;
    }));
  }
  select.value = selected;
}

function formatDifference(metric, value) {
  if (!Number.isFinite(value)) return "–";
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  const magnitude = Math.abs(value);
  const text = metric === "successRate" ? formatPercent(magnitude).replace("%", " pts")
    : (METRICS[metric] || { format: String }).format(magnitude);
  return sign + text;
}

function renderComparison(result) {
  const body = document.querySelector("#compare-table tbody");
  body.replaceChildren(...result.metrics.map((metric) => {
    const tr = el("tr");
    tr.dataset.metric = metric.metric;
    tr.dataset.verdict = metric.verdict;
    const info = METRICS[metric.metric] || { label: metric.metric, format: String };
    const verdict = cell("");
    verdict.append(verdictBadge(metric.verdict));
    tr.append(cell(info.label), cell(info.format(metric.base), "num"), cell(info.format(metric.candidate), "num"),
      cell(formatDifference(metric.metric, metric.difference), "num"),
      cell(Number.isFinite(metric.pValue) ? metric.pValue.toPrecision(2) : "–", "num"), verdict);
    tr.classList.add("verdict-" + metric.verdict);
    return tr;
  }));
  const verdict = document.getElementById("compare-verdict");
  verdict.replaceChildren("Overall: ", verdictBadge(result.verdict));
  verdict.dataset.verdict = result.verdict;
  const runs = (side) => formatCount(result[side] ? result[side].totalRuns ?? result[side].runs : NaN);
  document.getElementById("compare-counts").textContent =
    "Runs: base " + runs("base") + ", candidate " + runs("candidate") + ".";
}

function clearComparison(message) {
  document.querySelector("#compare-table tbody").replaceChildren();
  const verdict = document.getElementById("compare-verdict");
  verdict.textContent = message;
  delete verdict.dataset.verdict;
  document.getElementById("compare-counts").textContent = "";
}

// Loads the agents, the chosen agent's versions and, with two versions chosen, their comparison.
export async function refreshCompare(changed) {
  const agents = await getJSON("/api/v1/agents");
  if (!choice.agent && agents.value.length) choice.agent = agents.value[0].id;
  const agent = agents.value.find((a) => a.id === choice.agent || a.name === choice.agent);
  const versions = agent
    ? await getJSON("/api/v1/agents/" + encodeURIComponent(agent.name) + "/versions") : { value: [], body: "" };
  const names = versions.value.map((v) => v.version);
  if (!names.includes(choice.candidate)) choice.candidate = names[0] || "";
  if (!names.includes(choice.base)) choice.base = names[1] || names[0] || "";
  let comparison = null;
  if (agent && choice.base && choice.candidate && choice.base !== choice.candidate) {
    const query = new URLSearchParams({ agent: agent.id, base: choice.base, candidate: choice.candidate });
    if (choice.since) query.set("since", new Date(choice.since).toISOString());
    comparison = await getJSON("/api/v1/ui/compare?" + query.toString());
  }
  return () => {
    options(document.getElementById("compare-agent"),
      agents.value.map((a) => ({ value: a.id, label: a.name })), agent ? agent.id : "");
    const versionOptions = names.map((name) => ({ value: name, label: name }));
    options(document.getElementById("compare-base"), versionOptions, choice.base);
    options(document.getElementById("compare-candidate"), versionOptions, choice.candidate);
    document.getElementById("compare-since").value = choice.since;
    if (!comparison) { clearComparison("Pick two different versions of one agent."); return; }
    if (changed("compare", comparison.body)) renderComparison(comparison.value);
  };
}

export function installCompare(reload) {
  const form = document.getElementById("compare-form");
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("change", (event) => {
    const name = event.target.name;
    choice[name] = event.target.value;
    if (name === "agent") { choice.base = ""; choice.candidate = ""; }
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(choice)) if (value) query.set(key, value);
    history.replaceState(null, "", location.pathname + location.search + "#/compare?" + query.toString());
    reload();
  });
}
