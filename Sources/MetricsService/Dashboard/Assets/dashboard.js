// The dashboard's script (served at /dashboard.js): polls the three UI endpoints every 5 s and renders them.
//
// With API keys on, the first 401 or 403 stops polling and shows the in-page key form (not window.prompt,
// which a strict CSP page and WebDriver both handle badly); the key goes to localStorage and into
// `Authorization: Bearer` on every call until "Forget API key" removes it. A stored key that is refused is
// dropped and the form asks again, saying why.
//
// Every string from the API reaches the page through textContent, title or dataset, never as markup, so a
// hostile agent or project name shows as text. The filters live in the page URL's query so a reload or a
// shared link keeps them. Which statuses count as success or failure is the server's decision (RunOutcome):
// each recent run carries its `outcome`.
"use strict";
(() => {
  const POLL_MS = 5000;
  const FILTERS = ["agent", "project", "status"];
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
  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  const clockTime = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

  const state = { rows: [], sortKey: null, sortType: "text", descending: false, agents: new Set(),
    projects: new Set(), timer: 0, sequence: 0, lastBodies: {}, key: "" };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function icon(name) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    for (const [tag, attributes] of ICONS[name] || []) {
      const shape = document.createElementNS(SVG_NS, tag);
      for (const [key, value] of Object.entries(attributes)) shape.setAttribute(key, String(value));
      svg.appendChild(shape);
    }
    return svg;
  }

  function formatCount(n) { return Number.isFinite(n) ? count.format(n) : "–"; }
  function formatMoney(n) {
    if (!Number.isFinite(n)) return "–";
    return (n > 0 && n < 0.01 ? smallMoney : money).format(n);
  }
  function formatDuration(seconds) {
    if (!Number.isFinite(seconds) || seconds < 0) return "–";
    if (seconds < 1) return Math.round(seconds * 1000) + " ms";
    if (seconds < 60) return seconds.toFixed(seconds < 10 ? 2 : 1) + " s";
    const whole = Math.round(seconds);
    if (whole < 3600) return Math.floor(whole / 60) + "m " + (whole % 60) + "s";
    return Math.floor(whole / 3600) + "h " + Math.floor((whole % 3600) / 60) + "m";
  }
  function formatAgo(time) {
    const seconds = (Date.now() - time) / 1000;
    if (seconds < 45) return "just now";
    if (seconds < 3600) return relative.format(-Math.round(seconds / 60), "minute");
    if (seconds < 86400) return relative.format(-Math.round(seconds / 3600), "hour");
    if (seconds < 7 * 86400) return relative.format(-Math.round(seconds / 86400), "day");
    return dateTime.format(time);
  }
  function timeElement(iso, className) {
    const time = Date.parse(iso);
    if (iso === null || iso === undefined || Number.isNaN(time)) return el("span", className, "never");
    const node = el("time", className, formatAgo(time));
    node.dateTime = new Date(time).toISOString();
    node.title = dateTime.format(time);
    return node;
  }
  // "3 minutes ago" goes stale while the data does not change, so it is redone on every poll.
  function refreshTimes() {
    for (const node of document.querySelectorAll("time")) {
      node.textContent = formatAgo(Date.parse(node.dateTime));
    }
  }

  function filters() {
    const values = {};
    for (const name of FILTERS) {
      const value = document.getElementById("filter-" + name).value.trim();
      if (value) values[name] = value;
    }
    return values;
  }

  const KEY_STORAGE = "agent-metrics.apiKey";
  const KEY_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;

  // Storage can be unavailable (privacy modes); the page then asks again after each reload.
  function storedKey() {
    try { return localStorage.getItem(KEY_STORAGE) || ""; } catch (_) { return ""; }
  }
  function storeKey(key) {
    try {
      if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
    } catch (_) { /* kept for this page only */ }
    state.key = key;
    document.getElementById("forget-key").hidden = !key;
  }

  class AuthError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function getJSON(path) {
    const headers = { Accept: "application/json" };
    if (state.key) headers.Authorization = "Bearer " + state.key;
    const response = await fetch(path, { headers, cache: "no-store" });
    const body = await response.text();
    if (!response.ok) {
      let message = "HTTP " + response.status;
      try { message = JSON.parse(body).error.message || message; } catch (_) { /* not JSON */ }
      if (response.status === 401 || response.status === 403) throw new AuthError(response.status, message);
      throw new Error(message);
    }
    return { body, value: JSON.parse(body) };
  }

  // Polling stops while the form is up, so a refused key is asked for once, not every 5 s.
  function askForKey(error) {
    const hadKey = Boolean(state.key);
    if (error.status === 401) storeKey("");
    let text = "This server needs an API key with the read scope to show its data.";
    if (error.status === 403) text = "This key cannot read the dashboard's data: " + error.message + ".";
    else if (hadKey) text = "The saved key was refused (" + error.message + "). Enter a valid read key.";
    const message = document.getElementById("key-message");
    message.textContent = text;
    message.classList.toggle("error", hadKey || error.status === 403);
    document.getElementById("key-form").hidden = false;
    document.getElementById("key-input").focus();
    setStatus("API key needed", true);
  }

  function submitKey(event) {
    event.preventDefault();
    const input = document.getElementById("key-input");
    const key = input.value.trim();
    if (!KEY_SHAPE.test(key)) {
      const message = document.getElementById("key-message");
      message.textContent = "A key is letters, digits, - and _ only (it starts with am_).";
      message.classList.add("error");
      return;
    }
    input.value = "";
    document.getElementById("key-form").hidden = true;
    storeKey(key);
    state.lastBodies = {};
    refresh();
  }

  function forgetKey() {
    storeKey("");
    state.lastBodies = {};
    refresh();
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

  function compare(a, b) {
    const key = state.sortKey;
    let result;
    switch (state.sortType) {
      case "number": result = (Number(a[key]) || 0) - (Number(b[key]) || 0); break;
      case "date": result = (Date.parse(a[key]) || 0) - (Date.parse(b[key]) || 0); break;
      case "version":
        result = String(a[key]).localeCompare(String(b[key]), undefined, { numeric: true }); break;
      default: result = String(a[key]).localeCompare(String(b[key]));
    }
    return state.descending ? -result : result;
  }

  function cell(text, className) { return el("td", className, text); }

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
    const version = cell(row.version, "version");
    if (row.cluster) version.append(" ", el("span", "sub", row.cluster));
    const status = cell("");
    status.append(el("span", "pill " + (row.status === "active" ? "active" : "idle"), row.status));
    const finished = (Number(row.totalRuns) || 0) > 0;
    const rate = cell(finished ? percent.format(row.successRate) + "%" : "–", "num rate");
    if (finished && row.successRate < 90) rate.classList.add("low");
    const average = cell(finished ? formatDuration(row.avgRuntime) : "–", "num");
    average.title = "p50 " + formatDuration(row.p50Runtime) + " · p99 " + formatDuration(row.p99Runtime);
    const lastSeen = cell("");
    lastSeen.append(timeElement(row.lastSeen));
    tr.append(name, version, project, status, cell(formatCount(row.totalRuns), "num runs"),
      rate, cell(formatCount(row.failures), "num"), average,
      cell(finished ? formatDuration(row.p95Runtime) : "–", "num"), cell(formatMoney(row.spend), "num spend"),
      lastSeen);
    return tr;
  }

  function renderVersions() {
    const rows = state.sortKey ? [...state.rows].sort(compare) : state.rows;
    const body = document.querySelector("#versions tbody");
    if (rows.length === 0) {
      const empty = cell(Object.keys(filters()).length ? "No versions match the filters."
        : "No agent versions yet. Register an agent and a version through the API.", "empty");
      empty.colSpan = 11;
      const tr = document.createElement("tr");
      tr.append(empty);
      body.replaceChildren(tr);
    } else {
      body.replaceChildren(...rows.map(versionRow));
    }
    document.getElementById("version-count").textContent = "(" + formatCount(rows.length) + ")";
    for (const row of state.rows) {
      state.agents.add(String(row.name));
      state.projects.add(String(row.project));
    }
    fillList("agent-names", state.agents);
    fillList("project-names", state.projects);
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

  function setStatus(text, isError) {
    const status = document.getElementById("status");
    status.textContent = text;
    status.classList.toggle("error", isError);
  }

  // A render only when the body changed, so polling does not reset hover, focus or text selection.
  function changed(name, body) {
    if (state.lastBodies[name] === body) return false;
    state.lastBodies[name] = body;
    return true;
  }

  async function refresh() {
    clearTimeout(state.timer);
    const sequence = ++state.sequence;
    if (document.hidden) { state.timer = setTimeout(refresh, POLL_MS); return; }
    const query = new URLSearchParams(filters()).toString();
    try {
      const [stats, versions, activity] = await Promise.all([
        getJSON("/api/v1/ui/stats"),
        getJSON("/api/v1/ui/agent_versions" + (query ? "?" + query : "")),
        getJSON("/api/v1/ui/recent_activity"),
      ]);
      if (sequence !== state.sequence) return;
      if (changed("stats", stats.body)) renderCards(stats.value);
      if (changed("versions", versions.body + "\n" + query)) { state.rows = versions.value; renderVersions(); }
      if (changed("activity", activity.body)) renderActivity(activity.value);
      refreshTimes();
      setStatus("Updated " + clockTime.format(new Date()), false);
    } catch (error) {
      if (sequence !== state.sequence) return;
      if (error instanceof AuthError) { askForKey(error); return; }
      setStatus("Cannot load data: " + error.message + " (retrying)", true);
    }
    state.timer = setTimeout(refresh, POLL_MS);
  }

  function sortBy(header) {
    const key = header.dataset.key;
    if (state.sortKey === key) {
      state.descending = !state.descending;
    } else {
      state.sortKey = key;
      state.sortType = header.dataset.type;
      state.descending = header.dataset.type === "number" || header.dataset.type === "date";
    }
    for (const th of document.querySelectorAll("#versions th")) th.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
    renderVersions();
  }

  function start() {
    const params = new URLSearchParams(location.search);
    for (const name of FILTERS) document.getElementById("filter-" + name).value = params.get(name) || "";
    let debounce = 0;
    const onFilter = () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        const values = new URLSearchParams(filters()).toString();
        history.replaceState(null, "", values ? "?" + values : location.pathname);
        refresh();
      }, 250);
    };
    document.getElementById("filters").addEventListener("input", onFilter);
    document.getElementById("filters").addEventListener("submit", (event) => event.preventDefault());
    for (const th of document.querySelectorAll("#versions th")) {
      th.tabIndex = 0;
      th.addEventListener("click", () => sortBy(th));
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th); }
      });
    }
    document.getElementById("key-form").addEventListener("submit", submitKey);
    document.getElementById("forget-key").addEventListener("click", forgetKey);
    storeKey(storedKey());
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden && document.getElementById("key-form").hidden) refresh();
    });
    refresh();
  }

  start();
})();
