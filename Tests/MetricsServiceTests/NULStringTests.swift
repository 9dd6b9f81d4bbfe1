import Testing

@testable import MetricsService

/// Strings holding U+0000 are refused everywhere a client can store or look one up (found by `make test-contract`).
///
/// nx-27017 cuts indexed strings at a NUL, so before this an agent named `a\0b` collided with `a` (500
/// `internal_error` on register: "kept changing during registration"), a version `q\0z` made `q` a 409 and runs
/// posted to `q` were filed under `q\0z`.
@Suite struct NULStringTests {
    @Test func registeringANameWithANULIsRefusedNotAnInternalError() async throws {
        try await APIServer.with { server in
            #expect(try await server.request("POST", "/api/v1/agents/a/register", "{}").status == 201)
            let response = try await server.request("POST", "/api/v1/agents/a%00b/register", "{}")
            #expect(response.status == 400)
            #expect(response.errorCode == "invalid_field")
            #expect(response.errorDetails.first?["field"] as? String == "name")
            #expect(try await server.count("agents") == 1)
        }
    }

    @Test func everyStoredStringWithANULIsAnInvalidField() async throws {
        try await APIServer.with { server in
            #expect(try await server.request("POST", "/api/v1/agents/a/register", "{}").status == 201)
            #expect(
                try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"1.0.0"}"#).status == 201)
            let runs = "/api/v1/agents/a/versions/1.0.0/runs"
            let cases: [(path: String, body: String, field: String)] = [
                ("/api/v1/agents/a/register", #"{"project":"p\u0000"}"#, "project"),
                ("/api/v1/agents/a/versions", #"{"version":"q\u0000z"}"#, "version"),
                ("/api/v1/agents/a/versions", #"{"version":"2","tools":["ok","t\u0000"]}"#, "tools[1]"),
                (runs, #"{"id":1,"status":"ok\u0000"}"#, "status"),
                (runs, #"{"id":1,"status":"ok","initiator":"\u0000"}"#, "initiator"),
                (runs, #"{"id":1,"status":"ok","models":["\u0000m"]}"#, "models[0]"),
            ]
            for (path, body, field) in cases {
                let response = try await server.request("POST", path, body)
                #expect(response.status == 400, "\(body)")
                #expect(response.errorCode == "invalid_field", "\(body)")
                #expect(response.errorDetails.first?["field"] as? String == field, "\(body)")
            }
            #expect(try await server.count("agent_versions") == 1)
            #expect(try await server.count("agent_runs") == 0)
            let agent = try await server.request("GET", "/api/v1/agents").array.first
            #expect(agent?["project"] as? String == "")
        }
    }

    @Test func aNULInAPathOrQueryFindsNothingRatherThanItsPrefix() async throws {
        try await APIServer.with { server in
            #expect(try await server.request("POST", "/api/v1/agents/q/register", "{}").status == 201)
            #expect(
                try await server.request("POST", "/api/v1/agents/q/versions", #"{"version":"1.0.0"}"#).status == 201)
            for path in [
                "/api/v1/agents/q%00z/versions", "/api/v1/agents/q/versions/1.0.0%00x",
                "/api/v1/agents/q%00/runs",
            ] {
                let response = try await server.request("GET", path)
                #expect(response.status == 404, "\(path)")
                #expect(response.errorCode == "not_found", "\(path)")
            }
            let posted = try await server.request(
                "POST", "/api/v1/agents/q/versions/1.0.0%00x/runs", #"{"id":1,"status":"ok"}"#)
            #expect(posted.status == 404)
            #expect(try await server.count("agent_runs") == 0)
            let listed = try await server.request("GET", "/api/v1/agents/q/runs?status=ok%00")
            #expect(listed.status == 400)
            #expect(listed.errorCode == "invalid_query")
        }
    }
}
