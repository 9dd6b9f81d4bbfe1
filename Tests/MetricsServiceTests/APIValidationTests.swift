import Testing

@testable import MetricsService

/// Every rejected request over HTTP: its status, its error code, the field it names, and that
/// nothing was stored.
@Suite struct APIValidationTests {
    struct Case: Sendable {
        var method = "POST"
        var path: String
        var body: String?
        var status: Int
        var code: String
        /// The first `details[].field`, when the error names one.
        var field: String? = nil
        /// The first `details[].index`, for batches.
        var index: Int? = nil
        var testDescription: String { "\(method) \(path) \(body ?? "") → \(status) \(code)" }
    }

    static let runs = "/api/v1/agents/a/versions/1.0.2/runs"
    static let tooManyTools = Array(repeating: #""t""#, count: 1001).joined(separator: ",")

    static let cases: [Case] = [
        // Register
        Case(
            path: "/api/v1/agents/a/register", body: #"{"name":"b"}"#, status: 400, code: "name_mismatch", field: "name"
        ),
        Case(
            path: "/api/v1/agents/a/register", body: #"{"name":{"$gt":""}}"#, status: 400, code: "invalid_field",
            field: "name"),
        Case(
            path: "/api/v1/agents/a/register", body: #"{"project":7}"#, status: 400, code: "invalid_field",
            field: "project"),
        Case(path: "/api/v1/agents/a/register", body: "{", status: 400, code: "invalid_json"),
        Case(path: "/api/v1/agents/a/register", body: "[]", status: 400, code: "invalid_field", field: "body"),
        Case(
            path: "/api/v1/agents/0123456789abcdef01234567/register", body: "{}", status: 400,
            code: "invalid_field", field: "name"),
        // Versions
        Case(path: "/api/v1/agents/a/versions", body: "{}", status: 400, code: "invalid_field", field: "version"),
        Case(
            path: "/api/v1/agents/a/versions", body: #"{"version":""}"#, status: 400, code: "invalid_field",
            field: "version"),
        Case(
            path: "/api/v1/agents/a/versions", body: #"{"version":"2","tools":"x"}"#, status: 400,
            code: "invalid_field", field: "tools"),
        Case(
            path: "/api/v1/agents/a/versions", body: #"{"version":"2","models":[1]}"#, status: 400,
            code: "invalid_field", field: "models[0]"),
        Case(path: "/api/v1/agents/nobody/versions", body: #"{"version":"2"}"#, status: 404, code: "not_found"),
        // Runs
        Case(path: runs, body: #"{"status":"ok"}"#, status: 400, code: "invalid_field", field: "id"),
        Case(path: runs, body: #"{"id":"1","status":"ok"}"#, status: 400, code: "invalid_field", field: "id"),
        Case(path: runs, body: #"{"id":1}"#, status: 400, code: "invalid_field", field: "status"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","created":"yesterday"}"#, status: 400, code: "invalid_field",
            field: "created"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","time_taken":"5 minutes"}"#, status: 400,
            code: "invalid_field", field: "time_taken"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","time_taken":"-1s"}"#, status: 400, code: "invalid_field",
            field: "time_taken"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","cost":-0.5}"#, status: 400, code: "invalid_field",
            field: "cost"),
        Case(
            path: runs, body: #"{"id":1,"status":{"$ne":null}}"#, status: 400, code: "invalid_field",
            field: "status"),
        Case(
            path: runs, body: #"{"runs":[{"id":1,"status":"ok"},{"id":2}]}"#, status: 400, code: "invalid_field",
            field: "status", index: 1),
        Case(
            path: runs, body: #"{"runs":[{"id":1,"status":"ok"},"x"]}"#, status: 400, code: "invalid_field",
            field: "run", index: 1),
        Case(path: runs, body: #"{"runs":{}}"#, status: 400, code: "invalid_field", field: "runs"),
        Case(path: runs, body: "not json", status: 400, code: "invalid_json"),
        // Bounds (FieldBounds): extreme but well-formed values.
        Case(
            path: runs, body: #"{"runs":[{"id":1,"status":"ok","cost":5e12},{"id":2,"status":"ok","cost":5e12}]}"#,
            status: 400, code: "invalid_field", field: "cost", index: 0),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","cost":1e303}"#, status: 400, code: "invalid_field",
            field: "cost"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","cost":1000000.01}"#, status: 400, code: "invalid_field",
            field: "cost"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","time_taken":"2562047h"}"#, status: 400,
            code: "invalid_field", field: "time_taken"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","time_taken":"720h0m1s"}"#, status: 400,
            code: "invalid_field", field: "time_taken"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","time_taken":2592000.5}"#, status: 400,
            code: "invalid_field", field: "time_taken"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","time_taken":"\#(String(repeating: "0", count: 65))s"}"#,
            status: 400, code: "invalid_field", field: "time_taken"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","created":"0001-01-01T00:00:00+01:00"}"#, status: 400,
            code: "invalid_field", field: "created"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","created":"1969-12-31T23:59:59.999Z"}"#, status: 400,
            code: "invalid_field", field: "created"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","created":"9999-12-31T23:59:59-00:01"}"#, status: 400,
            code: "invalid_field", field: "created"),
        Case(
            path: runs, body: #"{"id":9223372036854775808,"status":"ok"}"#, status: 400, code: "invalid_field",
            field: "id"),
        Case(
            path: runs, body: #"{"id":1,"task_id":-1e19,"status":"ok"}"#, status: 400, code: "invalid_field",
            field: "task_id"),
        Case(
            path: runs, body: #"{"id":1,"status":"\#(String(repeating: "s", count: 257))"}"#, status: 400,
            code: "invalid_field", field: "status"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","initiator":"\#(String(repeating: "é", count: 513))"}"#,
            status: 400, code: "invalid_field", field: "initiator"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","tools":[\#(tooManyTools)]}"#, status: 400,
            code: "invalid_field", field: "tools"),
        Case(
            path: runs, body: #"{"id":1,"status":"ok","models":["\#(String(repeating: "m", count: 1025))"]}"#,
            status: 400, code: "invalid_field", field: "models[0]"),
        Case(
            path: runs, body: #"{"id":1,"status":"\#(String(repeating: "x", count: 7_000_000))"}"#, status: 400,
            code: "invalid_field", field: "status"),
        Case(
            path: "/api/v1/agents/a/register", body: #"{"project":"\#(String(repeating: "p", count: 1025))"}"#,
            status: 400, code: "invalid_field", field: "project"),
        Case(
            path: "/api/v1/agents/a/versions",
            body: #"{"version":"2","cluster":"\#(String(repeating: "c", count: 1025))"}"#,
            status: 400, code: "invalid_field", field: "cluster"),
        Case(
            path: "/api/v1/agents/a/versions/9.9.9/runs", body: #"{"id":1,"status":"ok"}"#, status: 404,
            code: "not_found"),
        Case(
            path: "/api/v1/agents/nobody/versions/1.0.2/runs", body: #"{"id":1,"status":"ok"}"#, status: 404,
            code: "not_found"),
        // Listings
        Case(method: "GET", path: runs + "?limit=0", status: 400, code: "invalid_query", field: "limit"),
        Case(method: "GET", path: runs + "?limit=1001", status: 400, code: "invalid_query", field: "limit"),
        Case(method: "GET", path: runs + "?limit=ten", status: 400, code: "invalid_query", field: "limit"),
        Case(
            method: "GET", path: runs + "?since=2023-13-01T00:00:00Z", status: 400, code: "invalid_query",
            field: "since"),
        Case(
            method: "GET", path: "/api/v1/agents/a/runs?until=tomorrow", status: 400, code: "invalid_query",
            field: "until"),
        Case(method: "GET", path: runs + "?cursor=%24gt", status: 400, code: "invalid_cursor", field: "cursor"),
        Case(
            method: "GET", path: runs + "?since=0001-01-01T00:00:00%2B01:00", status: 400, code: "invalid_query",
            field: "since"),
        Case(
            method: "GET", path: "/api/v1/agents/a/runs?until=9999-12-31T23:59:59-01:00", status: 400,
            code: "invalid_query", field: "until"),
        // A well-formed cursor (as this server would encode one) carrying a time before year 1.
        Case(
            method: "GET",
            path: runs + "?cursor="
                + RunCursor(createdMs: -62_135_600_400_000, objectID: "0123456789abcdef01234567").token,
            status: 400, code: "invalid_cursor", field: "cursor"),
        Case(method: "GET", path: "/api/v1/agents/nobody/runs", status: 404, code: "not_found"),
        Case(method: "GET", path: "/api/v1/agents/a/versions/9.9.9", status: 404, code: "not_found"),
        Case(method: "GET", path: "/api/v1/agents/a/versions/9.9.9/runs", status: 404, code: "not_found"),
    ]

    /// One database for the whole table (a fresh one per row would start 30 servers); since no
    /// row may store anything, the counts must stay at the fixture's after every row.
    @Test func everyRejectedRequestAnswersItsErrorAndStoresNothing() async throws {
        try await APIServer.with { server in
            _ = try await server.request("POST", "/api/v1/agents/a/register", nil)
            _ = try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"1.0.2"}"#)
            for testCase in Self.cases {
                let response = try await server.request(testCase.method, testCase.path, testCase.body)
                let context = Comment(rawValue: "\(testCase.testDescription): \(response.bodyText)")
                #expect(response.status == testCase.status, context)
                #expect(response.errorCode == testCase.code, context)
                if let field = testCase.field {
                    #expect(response.errorDetails.first?["field"] as? String == field, context)
                }
                if let index = testCase.index {
                    #expect(response.errorDetails.first?["index"] as? Int == index, context)
                }
                #expect(try await server.count(Collections.agents) == 1, context)
                #expect(try await server.count(Collections.versions) == 1, context)
                #expect(try await server.count(Collections.runs) == 0, context)
            }
        }
    }

    @Test func oversizedBatchIsRefusedWhole() async throws {
        try await APIServer.with { server in
            _ = try await server.request("POST", "/api/v1/agents/a/register", nil)
            _ = try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"1.0.2"}"#)
            let runs = (0...APIError.maximumRunsPerRequest).map { #"{"id":\#($0),"status":"ok"}"# }
            let response = try await server.request("POST", Self.runs, #"{"runs":[\#(runs.joined(separator: ","))]}"#)
            #expect(response.status == 413)
            #expect(response.errorCode == "too_many_runs")
            #expect(try await server.count(Collections.runs) == 0)
        }
    }

    @Test func compressedBodyIsRefusedNamingTheEncoding() async throws {
        try await APIServer.with { server in
            let body = #"{"project":"p"}"#
            let response = try await server.withClient { client in
                try client.send(
                    "POST /api/v1/agents/a/register HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\n"
                        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
                return try client.readResponse()
            }
            #expect(response.status == 400)
            #expect(response.errorCode == "unsupported_encoding")
            #expect(try await server.count(Collections.agents) == 0)
        }
    }

    /// What a page on another site can send without a preflight: a form post. It must store nothing.
    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded"])
    func crossSiteFormPostIsRefusedAndStoresNothing(_ contentType: String) async throws {
        try await APIServer.with { server in
            let body = #"{"project":"p"}"#
            let (response, bodiless) = try await server.withClient { client in
                try client.send(
                    "POST /api/v1/agents/a/register HTTP/1.1\r\nHost: t\r\nContent-Type: \(contentType)\r\n"
                        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
                let response = try client.readResponse()
                try client.send(
                    "POST /api/v1/agents/a/register HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n\r\n")
                return (response, try client.readResponse())
            }
            #expect(response.status == 415)
            #expect(response.errorCode == "unsupported_media_type")
            #expect(bodiless.status == 415)
            #expect(try await server.count(Collections.agents) == 0)
            // The same body declared as JSON is accepted, so the refusal was about the type alone.
            #expect(try await server.request("POST", "/api/v1/agents/a/register", body).status == 201)
        }
    }
}
