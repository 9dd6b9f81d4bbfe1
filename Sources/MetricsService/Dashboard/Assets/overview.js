// The overview: the four cards, the agent versions table and the recent activity (served at
// /assets/overview.js).
//
// The table is sorted, filtered and paginated by the server (`agent_versions?sort=&limit=&cursor=`), so it
// stays fast at thousands of versions; the filters and the sort live in the page URL's query so a reload or a
// shared link keeps them. A row links to its version page.

import { getJSON } from "./api.js";
import {
  cell, el, formatCount, formatDuration, formatMoney, formatPercent, icon, timeElement, verdictBadge,
} from "./common.js";

const FILTERS = ["agent", "project", "status"];
const PAGE_SIZE = 50;
const COLUMNS = 12;

const table = { sortKey: null, descending: false, cursors: [""], page: 0, next: null, names: new Set(),
  projects: new Set() };

export function filters() {
  const values = {};
  for (const name of FILTERS) {
    const value = document.getElementById("filter-" + name).value.trim();
    if (value) values[name] = value;
  }
  return values;
}

// The query string of the page URL: filters and sort.
function pageQuery() {
  const values = filters();
  if (table.sortKey) values.sort = (table.descending ? "-" : "") + table.sortKey;
  return new URLSearchParams(values).toString();
}

function versionsPath() {
  const query = new URLSearchParams(pageQuery());
  query.set("limit", String(PAGE_SIZE));
  const cursor = table.cursors[table.page];
  if (cursor) query.set("cursor", cursor);
  return "/api/v1/ui/agent_versions?" + query.toString();
}

export function versionLink(row) {
  return "#/version/" + encodeURIComponent(row.agentId) + "/" + encodeURIComponent(row.id);
}

function renderCards(cards) {
  const nodes = cards.map((card) => {
    const node = el("article", "card");
    node.dataset.icon = String(card.icon);
    node.append(el("div", "title", card.title), el("div", "value", card.value));
    const trend = ["up", "down"].includes(card.trend) ? card.trend : "neutral";
    node.append(el("div", "change " + trend, card.change), icon(card.icon));
    return node;
  });
  document.getElementById("cards").replaceChildren(...nodes);
}

function regressionCell(row) {
  const result = cell("", "regression");
  const regression = row.regression;
  if (!regression) {
    result.append(verdictBadge(null));
    return result;
  }
  const worse = (regression.metrics || []).filter((m) => m.verdict === "worse").map((m) => m.metric);
  const title = "Against " + regression.against + (worse.length ? ": worse " + worse.join(", ") : "");
  result.append(verdictBadge(regression.verdict, title));
  return result;
}

function versionRow(row) {
  const tr = document.createElement("tr");
  tr.dataset.id = String(row.id);
  const models = Array.isArray(row.models) ? row.models.join(", ") : "";
  const tools = Array.isArray(row.tools) ? row.tools.join(", ") : "";
  tr.title = "Models: " + (models || "none") + "\nTools: " + (tools || "none");
  const name = cell(row.name, "name");
  name.title = String(row.name);
  const project = cell(row.project, "project");
  project.title = String(row.project);
  const version = cell("", "version");
  const link = el("a", null, row.version);
  link.href = versionLink(row);
  version.append(link);
  if (row.cluster) version.append(" ", el("span", "sub", row.cluster));
  const status = cell("");
  status.append(el("span", "pill " + (row.status === "active" ? "active" : "idle"), row.status));
  const finished = (Number(row.totalRuns) || 0) > 0;
  const rate = cell(finished ? formatPercent(row.successRate) : "–", "num rate");
  if (finished && row.successRate < 90) rate.classList.add("low");
  const average = cell(finished ? formatDuration(row.avgRuntime) : "–", "num");
  average.title = "p50 " + formatDuration(row.p50Runtime) + " · p99 " + formatDuration(row.p99Runtime);
  const lastSeen = cell("");
  lastSeen.append(timeElement(row.lastSeen));
  tr.append(name, version, project, status, cell(formatCount(row.totalRuns), "num runs"),
    rate, cell(formatCount(row.failures), "num"), average,
    cell(finished ? formatDuration(row.p95Runtime) : "–", "num"), cell(formatMoney(row.spend), "num spend"),
    lastSeen, regressionCell(row));
  return tr;
}

function renderVersions(rows) {
  const body = document.querySelector("#versions tbody");
  if (rows.length === 0) {
    const empty = cell(Object.keys(filters()).length ? "No versions match the filters."
      : "No agent versions yet. Register an agent and a version through the API.", "empty");
    empty.colSpan = COLUMNS;
    const tr = document.createElement("tr");
    tr.append(empty);
    body.replaceChildren(tr);
  } else {
    body.replaceChildren(...rows.map(versionRow));
  }
  const first = table.page * PAGE_SIZE;
  document.getElementById("version-count").textContent = rows.length
    ? "(" + formatCount(first + 1) + "–" + formatCount(first + rows.length) + ")" : "(0)";
  document.getElementById("versions-page").textContent = "Page " + formatCount(table.page + 1);
  document.getElementById("versions-first").disabled = table.page === 0;
  document.getElementById("versions-previous").disabled = table.page === 0;
  document.getElementById("versions-next").disabled = !table.next;
  for (const row of rows) {
    table.names.add(String(row.name));
    table.projects.add(String(row.project));
  }
  fillList("agent-names", table.names);
  fillList("project-names", table.projects);
}

function fillList(id, values) {
  const list = document.getElementById(id);
  if (list.options.length === values.size) return;
  list.replaceChildren(...[...values].sort().map((value) => {
    const option = el("option");
    option.value = value;
    return option;
  }));
}

function renderActivity(runs) {
  const list = document.getElementById("activity");
  if (runs.length === 0) {
    list.replaceChildren(el("li", "empty", "No runs yet."));
    return;
  }
  list.replaceChildren(...runs.map((run) => {
    const item = el("li");
    const what = el("span", "what");
    what.append(el("span", "agent", run.agent), " " + run.action + " #" + run.id);
    const detail = el("span", "detail sub",
      [formatDuration(run.duration), formatMoney(run.cost), run.status].join(" · "));
    item.append(el("span", "dot " + run.outcome), what, detail, timeElement(run.time));
    return item;
  }));
}

// Loads the three endpoints; `changed(name, body)` says whether an answer differs from the last shown.
export async function refreshOverview(changed) {
  const [stats, versions, activity] = await Promise.all([
    getJSON("/api/v1/ui/stats"),
    getJSON(versionsPath()),
    getJSON("/api/v1/ui/recent_activity"),
  ]);
  return () => {
    if (changed("stats", stats.body)) renderCards(stats.value);
    table.next = versions.next ? new URL(versions.next, location.href).searchParams.get("cursor") : null;
    if (changed("versions", versions.body + "\n" + versionsPath())) renderVersions(versions.value);
    if (changed("activity", activity.body)) renderActivity(activity.value);
  };
}

function sortBy(header, reload) {
  const key = header.dataset.key;
  if (header.dataset.type === "none") return;
  if (table.sortKey === key) {
    table.descending = !table.descending;
  } else {
    table.sortKey = key;
    table.descending = header.dataset.type === "number" || header.dataset.type === "date";
  }
  markSort();
  restart(reload);
}

function markSort() {
  for (const th of document.querySelectorAll("#versions th")) {
    if (th.dataset.key === table.sortKey) th.setAttribute("aria-sort", table.descending ? "descending" : "ascending");
    else th.removeAttribute("aria-sort");
  }
}

// Back to the first page after a change of filter or sort, keeping both in the URL.
function restart(reload) {
  table.cursors = [""];
  table.page = 0;
  const query = pageQuery();
  history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash);
  reload();
}

// Wires filters, sorting and paging; `reload` fetches and renders again.
export function installOverview(reload) {
  const params = new URLSearchParams(location.search);
  for (const name of FILTERS) document.getElementById("filter-" + name).value = params.get(name) || "";
  const sort = params.get("sort") || "";
  if (sort) {
    table.descending = sort.startsWith("-");
    table.sortKey = sort.replace(/^-/, "");
    markSort();
  }
  let debounce = 0;
  document.getElementById("filters").addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => restart(reload), 250);
  });
  document.getElementById("filters").addEventListener("submit", (event) => event.preventDefault());
  for (const th of document.querySelectorAll("#versions th")) {
    if (th.dataset.type === "none") continue;
    th.tabIndex = 0;
    th.addEventListener("click", () => sortBy(th, reload));
    th.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th, reload); }
    });
  }
  document.getElementById("versions-first").addEventListener("click", () => { table.page = 0; reload(); });
  document.getElementById("versions-previous").addEventListener("click", () => {
    table.page = Math.max(0, table.page - 1);
    reload();
  });
  document.getElementById("versions-next").addEventListener("click", () => {
    if (!table.next) return;
    table.cursors[table.page + 1] = table.next;
    table.page += 1;
    reload();
  });
}
