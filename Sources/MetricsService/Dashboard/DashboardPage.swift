import HTTPCore

/// The dashboard web page: `GET /` with its script and style sheet, all compiled into the binary.
///
/// The page, script and style sheet are plain files under `Dashboard/Assets/` (so editors and linters see
/// them), compiled in by SwiftPM's `.embedInCode`: the binary needs no files at run time and the server may
/// have no network. Script and style are separate same-origin resources rather than inline blocks so the
/// policy can be `script-src 'self'` with no nonce or hash to keep in step with the text; every response is
/// built once. The page reads only the `/api/v1/ui/*` endpoints and puts API text into the DOM with
/// `textContent`.
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

    /// The script modules' route: `/assets/api.js` and the like.
    static let modulePattern = "/assets/{module}"

    /// Registers `GET /`, `/index.html` (301 to `/`), `/dashboard.js`, `/dashboard.css` and the script
    /// modules under `/assets/` (404 `not_found` for any other name there). Each asset carries a strong `ETag`
    /// hashed from its bytes when registered (at start-up), and a matching `If-None-Match` gets `304` without
    /// the body.
    public static func register(into router: inout Router) {
        let page = DashboardAsset(response(html, contentType: "text/html; charset=utf-8"))
        let script = DashboardAsset(response(script, contentType: javaScript))
        let styleSheet = DashboardAsset(response(styleSheet, contentType: "text/css; charset=utf-8"))
        router.get(path, immediate: page.answer)
        router.get("/index.html", immediate: { _ in indexRedirect })
        router.get(scriptPath, immediate: script.answer)
        router.get(styleSheetPath, immediate: styleSheet.answer)
        let moduleAssets = modules.mapValues { DashboardAsset(response($0, contentType: javaScript)) }
        router.get(
            modulePattern,
            immediate: { request in
                moduleAssets[request.pathParameters["module"] ?? ""]?.answer(request)
                    ?? APIError.notFound("no such dashboard module").response
            })
    }

    /// `Assets/index.html`.
    static var html: [UInt8] { PackageResources.index_html }
    /// `Assets/dashboard.js`: the entry module, which imports the others.
    static var script: [UInt8] { PackageResources.dashboard_js }
    /// `Assets/dashboard.css`.
    static var styleSheet: [UInt8] { PackageResources.dashboard_css }
    /// The ES modules `dashboard.js` imports, by file name: plain files with no build step, fetched same-origin.
    static let modules: [String: [UInt8]] = [
        "api.js": PackageResources.api_js,
        "charts.js": PackageResources.charts_js,
        "common.js": PackageResources.common_js,
        "compare.js": PackageResources.compare_js,
        "overview.js": PackageResources.overview_js,
        "version.js": PackageResources.version_js,
    ]

    private static let javaScript = "text/javascript; charset=utf-8"

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
}
