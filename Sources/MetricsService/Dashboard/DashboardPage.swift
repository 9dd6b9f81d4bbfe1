import HTTPCore

/// The dashboard web page: `GET /` with its script and style sheet, all compiled into the binary.
///
/// Script and style are separate same-origin resources rather than inline blocks so the policy can be
/// `script-src 'self'` with no nonce or hash to keep in step with the text; every response is built once.
/// The page reads only the `/api/v1/ui/*` endpoints and puts API text into the DOM with `textContent`.
public enum DashboardPage {
    /// The page's path; `/index.html` redirects here so the page has one URL.
    public static let path = "/"
    static let scriptPath = "/dashboard.js"
    static let styleSheetPath = "/dashboard.css"

    /// No inline script or style, no plugins, no framing, no form posts; `data:` images only for the
    /// empty favicon that stops the browser asking for `/favicon.ico`.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// Registers `GET /`, `/index.html` (301 to `/`), `/dashboard.js` and `/dashboard.css`.
    /// Each asset carries a strong `ETag` hashed from its bytes when registered (at start-up), and a matching
    /// `If-None-Match` gets `304` without the body.
    public static func register(into router: inout Router) {
        let page = DashboardAsset(response(html, contentType: "text/html; charset=utf-8"))
        let script = DashboardAsset(response(script, contentType: "text/javascript; charset=utf-8"))
        let styleSheet = DashboardAsset(response(styleSheet, contentType: "text/css; charset=utf-8"))
        router.get(path, immediate: page.answer)
        router.get("/index.html", immediate: { _ in indexRedirect })
        router.get(scriptPath, immediate: script.answer)
        router.get(styleSheetPath, immediate: styleSheet.answer)
    }

    static let indexRedirect = HTTPResponse(
        status: HTTPStatus(code: 301, reason: "Moved Permanently"),
        headers: HTTPHeaders([("Location", path), ("Cache-Control", "no-cache")]))

    /// `no-cache` lets the browser keep a copy but revalidate it, so a new build's page shows on reload.
    /// `X-Content-Type-Options: nosniff` is not set here: the server adds it to every response.
    private static func response(_ body: [UInt8], contentType: String) -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: HTTPHeaders([
                ("Content-Type", contentType),
                ("Cache-Control", "no-cache"),
                ("Content-Security-Policy", contentSecurityPolicy),
                ("Referrer-Policy", "no-referrer"),
            ]),
            body: body)
    }

    static let html: [UInt8] = Array(
        #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Agent Metrics</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/dashboard.css">
        <script src="/dashboard.js" defer></script>
        </head>
        <body>
        <header class="bar">
          <h1>Agent Metrics</h1>
          <p id="status" class="status" role="status" aria-live="polite">Loading…</p>
          <button id="forget-key" class="forget-key" type="button" hidden>Forget API key</button>
        </header>
        <main>
          <form id="key-form" class="panel key-form" aria-labelledby="key-title" hidden>
            <h2 id="key-title">API key needed</h2>
            <p id="key-message" class="key-message">This server needs an API key with the read scope to show its data.</p>
            <label>API key <input id="key-input" name="key" type="password" autocomplete="off" spellcheck="false"
              required placeholder="am_…"></label>
            <button id="key-submit" type="submit">Use key</button>
            <p class="sub">The key is kept in this browser's local storage and sent with every request.</p>
          </form>
          <section id="cards" class="cards" aria-label="Summary"></section>
          <div class="columns">
            <section class="panel versions-panel" aria-labelledby="versions-title">
              <div class="panel-head">
                <h2 id="versions-title">Agent versions <span id="version-count" class="count"></span></h2>
                <form id="filters" class="filters" role="search">
                  <label>Agent <input id="filter-agent" name="agent" type="search" list="agent-names"
                    autocomplete="off" spellcheck="false" placeholder="any"></label>
                  <label>Project <input id="filter-project" name="project" type="search" list="project-names"
                    autocomplete="off" spellcheck="false" placeholder="any"></label>
                  <label>Status <select id="filter-status" name="status">
                    <option value="">any</option>
                    <option value="active">active</option>
                    <option value="idle">idle</option>
                  </select></label>
                  <datalist id="agent-names"></datalist>
                  <datalist id="project-names"></datalist>
                </form>
              </div>
              <div class="table-wrap">
                <table id="versions">
                  <thead><tr>
                    <th data-key="name" data-type="text">Agent</th>
                    <th data-key="version" data-type="version">Version</th>
                    <th data-key="project" data-type="text">Project</th>
                    <th data-key="status" data-type="text">Status</th>
                    <th data-key="totalRuns" data-type="number" class="num">Runs</th>
                    <th data-key="successRate" data-type="number" class="num">Success</th>
                    <th data-key="failures" data-type="number" class="num">Failures</th>
                    <th data-key="avgRuntime" data-type="number" class="num">Avg</th>
                    <th data-key="p95Runtime" data-type="number" class="num">p95</th>
                    <th data-key="spend" data-type="number" class="num">Spend</th>
                    <th data-key="lastSeen" data-type="date">Last seen</th>
                  </tr></thead>
                  <tbody></tbody>
                </table>
              </div>
            </section>
            <section class="panel activity-panel" aria-labelledby="activity-title">
              <div class="panel-head"><h2 id="activity-title">Recent activity</h2></div>
              <ol id="activity" class="activity"></ol>
            </section>
          </div>
        </main>
        <noscript><p class="notice">The dashboard needs JavaScript.</p></noscript>
        </body>
        </html>

        """#.utf8)
}
