// The dashboard's entry module (served at /dashboard.js): routes between the overview, a version's page and
// the compare view by the URL's fragment, and polls the shown view's endpoints every 5 s.
//
// Routes: #/ (overview), #/version/<agent id>/<version id>, #/compare?agent=&base=&candidate=&since=.
// A view renders only the answers that changed since the last poll, so polling does not reset hover, focus or
// text selection. While the API key form is up, polling stops.

import { AuthError, askForKey, installKeyForm, isAskingForKey } from "./assets/api.js";
import { clockTime, refreshTimes } from "./assets/common.js";
import { installCompare, refreshCompare, showCompare } from "./assets/compare.js";
import { installOverview, refreshOverview } from "./assets/overview.js";
import { installVersion, refreshVersion, showVersion } from "./assets/version.js";

const POLL_MS = 5000;
const state = { timer: 0, sequence: 0, lastBodies: {}, view: "overview" };

function changed(name, body) {
  if (state.lastBodies[name] === body) return false;
  state.lastBodies[name] = body;
  return true;
}

function setStatus(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

// Reads the fragment, shows the matching view and returns its loader.
function route() {
  const hash = location.hash.replace(/^#/, "");
  const version = /^\/version\/([^/?]+)\/([^/?]+)$/.exec(hash);
  let view = "overview";
  let load = refreshOverview;
  if (version) {
    view = "version";
    showVersion(decodeURIComponent(version[1]), decodeURIComponent(version[2]));
    load = refreshVersion;
  } else if (hash.startsWith("/compare")) {
    view = "compare";
    showCompare();
    load = refreshCompare;
  }
  for (const node of document.querySelectorAll(".view")) node.hidden = node.id !== "view-" + view;
  for (const link of document.querySelectorAll("nav.views a")) {
    if (link.dataset.view === view) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  state.view = view;
  return load;
}

async function refresh() {
  clearTimeout(state.timer);
  const sequence = ++state.sequence;
  if (document.hidden) { state.timer = setTimeout(refresh, POLL_MS); return; }
  try {
    const render = await route()(changed);
    if (sequence !== state.sequence) return;
    render();
    refreshTimes();
    setStatus("Updated " + clockTime.format(new Date()), false);
  } catch (error) {
    if (sequence !== state.sequence) return;
    if (error instanceof AuthError) { askForKey(error); setStatus("API key needed", true); return; }
    setStatus("Cannot load data: " + error.message + " (retrying)", true);
  }
  state.timer = setTimeout(refresh, POLL_MS);
}

function reload() {
  state.lastBodies = {};
  refresh();
}

installKeyForm(reload);
installOverview(refresh);
installVersion(refresh);
installCompare(refresh);
window.addEventListener("hashchange", reload);
document.addEventListener("visibilitychange", () => {
  if (!document.hidden && !isAskingForKey()) refresh();
});
refresh();
