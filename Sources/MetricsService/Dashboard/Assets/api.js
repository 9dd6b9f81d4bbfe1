// The API client of the dashboard's views, with the API key form (served at /assets/api.js).
//
// With API keys on, the first 401 or 403 stops polling and shows the in-page key form (not window.prompt,
// which a strict CSP page and WebDriver both handle badly); the key goes to localStorage and into
// `Authorization: Bearer` on every call until "Forget API key" removes it. A stored key that is refused is
// dropped and the form asks again, saying why.

const KEY_STORAGE = "agent-metrics.apiKey";
const KEY_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;
let key = "";

export class AuthError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

// Storage can be unavailable (privacy modes); the page then asks again after each reload.
function storedKey() {
  try { return localStorage.getItem(KEY_STORAGE) || ""; } catch (_) { return ""; }
}
function storeKey(value) {
  try {
    if (value) localStorage.setItem(KEY_STORAGE, value); else localStorage.removeItem(KEY_STORAGE);
  } catch (_) { /* kept for this page only */ }
  key = value;
  document.getElementById("forget-key").hidden = !value;
}

// The `rel="next"` target of a Link header, or null.
function nextLink(header) {
  const match = /<([^>]*)>\s*;\s*rel="?next"?/.exec(header || "");
  return match ? match[1] : null;
}

// GETs `path` as JSON: {body (the text, to skip re-rendering an unchanged answer), value, next}.
export async function getJSON(path) {
  const headers = { Accept: "application/json" };
  if (key) headers.Authorization = "Bearer " + key;
  const response = await fetch(path, { headers, cache: "no-store" });
  const body = await response.text();
  if (!response.ok) {
    let message = "HTTP " + response.status;
    try { message = JSON.parse(body).error.message || message; } catch (_) { /* not JSON */ }
    if (response.status === 401 || response.status === 403) throw new AuthError(response.status, message);
    throw new Error(message);
  }
  return { body, value: JSON.parse(body), next: nextLink(response.headers.get("Link")) };
}

// Shows the key form, saying why; polling stays stopped until a key is submitted, so a refused key is
// asked for once, not every 5 s.
export function askForKey(error) {
  const hadKey = Boolean(key);
  if (error.status === 401) storeKey("");
  let text = "This server needs an API key with the read scope to show its data.";
  if (error.status === 403) text = "This key cannot read the dashboard's data: " + error.message + ".";
  else if (hadKey) text = "The saved key was refused (" + error.message + "). Enter a valid read key.";
  const message = document.getElementById("key-message");
  message.textContent = text;
  message.classList.toggle("error", hadKey || error.status === 403);
  document.getElementById("key-form").hidden = false;
  document.getElementById("key-input").focus();
}

export function isAskingForKey() { return !document.getElementById("key-form").hidden; }

// Wires the form and the "Forget API key" button; `onChange` runs after either changes the key.
export function installKeyForm(onChange) {
  document.getElementById("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("key-input");
    const value = input.value.trim();
    if (!KEY_SHAPE.test(value)) {
      const message = document.getElementById("key-message");
      message.textContent = "A key is letters, digits, - and _ only (it starts with am_).";
      message.classList.add("error");
      return;
    }
    input.value = "";
    document.getElementById("key-form").hidden = true;
    storeKey(value);
    onChange();
  });
  document.getElementById("forget-key").addEventListener("click", () => { storeKey(""); onChange(); });
  storeKey(storedKey());
}
