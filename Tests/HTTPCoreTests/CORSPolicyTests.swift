import Testing

@testable import HTTPCore

/// The CORS decision as pure functions: origins in, headers out.
@Suite struct CORSPolicyTests {
    private let policy = try! CORSPolicy(allowedOrigins: ["https://dash.example", "http://localhost:3000"])

    @Test(arguments: [
        ("https://dash.example", true), ("HTTPS://Dash.Example", true), ("https://dash.example:443", true),
        ("http://localhost:3000", true), ("https://dash.example/", false), ("http://dash.example", false),
        ("https://dash.example:8443", false), ("https://evil.example", false),
        ("https://dash.example.evil.example", false), ("http://localhost:3001", false), ("http://localhost", false),
        ("null", false), ("*", false), ("", false), ("https://user@dash.example", false),
    ])
    func decidesByExactOrigin(origin: String, allowed: Bool) {
        #expect(policy.decide(origin: origin) == (allowed ? .allowed(origin: origin) : .notAllowed))
    }

    @Test func offByDefaultDecidesNothing() {
        #expect(!CORSPolicy().isEnabled)
        #expect(CORSPolicy().decide(origin: "https://dash.example") == .off)
        #expect(policy.decide(origin: nil) == .notAllowed)
    }

    @Test func normalisesConfiguredOrigins() throws {
        let policy = try CORSPolicy(allowedOrigins: [
            "HTTPS://Dash.Example:443", "http://a.example:80", "http://b:8080",
        ])
        #expect(policy.allowedOrigins == ["https://dash.example", "http://a.example", "http://b:8080"])
    }

    @Test(arguments: [
        "*", "null", "dash.example", "ftp://dash.example", "https://", "https://dash.example/app",
        "https://a@b", "https://dash.example:99999",
    ])
    func refusesInvalidConfiguredOrigin(_ origin: String) {
        #expect(throws: CORSPolicy.InvalidOrigin(origin: origin)) { try CORSPolicy(allowedOrigins: [origin]) }
    }

    @Test(arguments: [
        ("OPTIONS", [("Origin", "https://a"), ("Access-Control-Request-Method", "POST")], true),
        ("OPTIONS", [("Origin", "https://a")], false),
        ("OPTIONS", [("Access-Control-Request-Method", "POST")], false),
        ("POST", [("Origin", "https://a"), ("Access-Control-Request-Method", "POST")], false),
    ])
    func recognisesPreflight(method: String, headers: [(String, String)], preflight: Bool) {
        let request = HTTPRequest(method: method, path: "/", headers: HTTPHeaders(headers.map { ($0.0, $0.1) }))
        #expect(CORSPolicy.isPreflight(request) == preflight)
    }

    @Test func allowedPreflightIs204WithMethodsHeadersAndMaxAge() {
        let response = CORSPolicy.preflightResponse(.allowed(origin: "https://dash.example"), methods: ["GET", "HEAD"])
        #expect(response.status.code == 204)
        #expect(response.headers["Access-Control-Allow-Origin"] == "https://dash.example")
        #expect(response.headers["Vary"] == "Origin")
        #expect(response.headers["Access-Control-Allow-Methods"] == "GET, HEAD")
        let allowedHeaders = (response.headers["Access-Control-Allow-Headers"] ?? "").lowercased()
        for header in ["authorization", "x-api-key", "content-type", "x-request-id"] {
            #expect(allowedHeaders.contains(header))
        }
        #expect(response.headers["Access-Control-Max-Age"] == "600")
        #expect(response.headers["Access-Control-Allow-Credentials"] == nil)
    }

    @Test func disallowedPreflightIs403WithNoAllowHeaders() {
        let response = CORSPolicy.preflightResponse(.notAllowed, methods: ["GET"])
        #expect(response.status.code == 403)
        #expect(response.headers.fields.allSatisfy { !$0.name.hasPrefix("Access-Control-") })
        #expect(String(decoding: response.body, as: UTF8.self).contains(#""code":"origin_not_allowed""#))
    }

    @Test(arguments: [
        (CORSPolicy.Decision.off, [(String, String)]()),
        (.notAllowed, [("Vary", "Origin")]),
        (
            .allowed(origin: "https://dash.example"),
            [("Access-Control-Allow-Origin", "https://dash.example"), ("Vary", "Origin")]
        ),
    ])
    func appliesHeadersToActualResponses(decision: CORSPolicy.Decision, added: [(String, String)]) {
        var response = HTTPResponse(headers: HTTPHeaders([("Content-Type", "application/json")]))
        CORSPolicy.apply(decision, to: &response)
        #expect(response.headers == HTTPHeaders([("Content-Type", "application/json")] + added))
    }
}
