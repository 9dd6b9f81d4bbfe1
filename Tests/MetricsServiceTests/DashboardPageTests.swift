import HTTPCore
import TestSupport
import Testing

@testable import MetricsService

/// The page's routes and the promises its policy rests on; `integration/browser` checks it in Chromium.
@Suite struct DashboardPageTests {
    private func respond(_ path: String) async -> HTTPResponse {
        var router = Router()
        DashboardPage.register(into: &router)
        return await router.respond(to: HTTPRequest(method: "GET", path: path))
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test(arguments: [
        ("/", "text/html; charset=utf-8"),
        ("/dashboard.js", "text/javascript; charset=utf-8"),
        ("/dashboard.css", "text/css; charset=utf-8"),
        ("/assets/api.js", "text/javascript; charset=utf-8"),
        ("/assets/charts.js", "text/javascript; charset=utf-8"),
        ("/assets/common.js", "text/javascript; charset=utf-8"),
        ("/assets/compare.js", "text/javascript; charset=utf-8"),
        ("/assets/overview.js", "text/javascript; charset=utf-8"),
        ("/assets/version.js", "text/javascript; charset=utf-8"),
    ])
    func servesEachResourceWithItsTypeAndPolicy(path: String, contentType: String) async {
        let response = await respond(path)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == contentType)
        #expect(response.headers["Cache-Control"] == "no-cache")
        #expect(response.headers["Referrer-Policy"] == "no-referrer")
        #expect(!response.body.isEmpty)
        let policy = response.headers["Content-Security-Policy"] ?? ""
        #expect(policy.contains("default-src 'none'"))
        #expect(policy.contains("frame-ancestors 'none'"))
        #expect(policy.contains("script-src 'self'"))
        #expect(!policy.contains("unsafe"))
    }

    /// Strong validators hashed from the bytes; a matching `If-None-Match`, or `*`, gets 304 without a body
    /// but with the same validator and caching headers (RFC 9110 §13.1.2, §15.4.5).
    @Test(arguments: ["/", "/dashboard.js", "/dashboard.css", "/assets/charts.js"])
    func answersMatchingIfNoneMatchWith304(path: String) async throws {
        var router = Router()
        DashboardPage.register(into: &router)
        let full = await router.respond(to: HTTPRequest(method: "GET", path: path))
        let tag = try #require(full.headers["ETag"])
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"))
        for condition in [tag, "*", "\"other\", W/\(tag)", " \"a\" ,\(tag) "] {
            let request = HTTPRequest(method: "GET", path: path, headers: HTTPHeaders([("If-None-Match", condition)]))
            let response = await router.respond(to: request)
            #expect(response.status.code == 304, "\(condition)")
            #expect(response.body.isEmpty)
            #expect(response.headers["ETag"] == tag)
            #expect(response.headers["Cache-Control"] == "no-cache")
        }
        for condition in ["\"other\"", "W/\"other\"", ""] {
            let request = HTTPRequest(method: "GET", path: path, headers: HTTPHeaders([("If-None-Match", condition)]))
            let response = await router.respond(to: request)
            #expect(response.status == .ok, "\(condition)")
            #expect(response.body == full.body)
        }
    }

    @Test func assetsHaveDistinctTags() async {
        var tags: Set<String> = []
        for path in ["/", "/dashboard.js", "/dashboard.css"] { tags.insert(await respond(path).headers["ETag"] ?? "") }
        #expect(tags.count == 3 && !tags.contains(""))
    }

    /// Only the modules the entry script imports are served under `/assets/`.
    @Test(arguments: ["/assets/nothing.js", "/assets/dashboard.js", "/assets/..%2Fdashboard.js", "/assets/API.JS"])
    func unknownModulesAreNotFound(path: String) async {
        let response = await respond(path)
        #expect(response.status.code == 404 || response.status.code == 400, "\(path)")
        #expect(response.headers["ETag"] == nil)
    }

    /// Every module `dashboard.js` and the modules import is one the server has.
    @Test func everyImportedModuleIsServed() {
        for source in [DashboardPage.script] + DashboardPage.modules.values {
            for line in text(source).split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("} from ")
            {
                guard let from = line.range(of: "from \"") else { continue }
                let target = line[from.upperBound...].prefix { $0 != "\"" }
                let name = target.split(separator: "/").last.map(String.init) ?? ""
                #expect(DashboardPage.modules[name] != nil, "\(line)")
            }
        }
    }

    @Test func redirectsIndexHTMLToRoot() async {
        let response = await respond("/index.html")
        #expect(response.status.code == 301)
        #expect(response.headers["Location"] == "/")
    }

    /// The policy forbids inline code, so the page must carry none, and must name no other origin.
    @Test func pageHasNoInlineCodeOrForeignResources() {
        let html = text(DashboardPage.html)
        #expect(html.contains(#"<script type="module" src="/dashboard.js"></script>"#))
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(!html.contains("<style"))
        #expect(!html.contains("style="))
        #expect(!html.contains(" on"))  // no onclick= or other handler attributes
        #expect(!html.contains("http:") && !html.contains("https:") && !html.contains("//cdn"))
    }

    /// API text must reach the DOM as text: the script has no markup-parsing sinks.
    @Test func scriptUsesNoMarkupSinks() {
        for source in [DashboardPage.script] + DashboardPage.modules.values {
            let script = text(source)
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                #expect(!script.contains(sink), "script uses \(sink)")
            }
            #expect(script.contains("textContent"))
        }
    }

    /// On the wire the page carries the server's nosniff exactly once, next to its own policy headers.
    @Test func pageOverHTTPCarriesEachSecurityHeaderOnce() throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 1
        let group = try EventLoopGroup(count: 1)
        let server = try HTTPServer(configuration: configuration, group: group) { loop in
            var router = Router()
            DashboardPage.register(into: &router)
            return LoopPinnedResponder(loop: loop, router: router)
        }
        try server.start()
        defer {
            server.shutdown()
            group.shutdown()
        }
        let response = try TestClient.get("/", port: server.localPort)
        #expect(response.status == 200)
        for (name, value) in [
            ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
        ] {
            #expect(response.headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) == [value])
        }
        #expect(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
    }
}
