import Testing

@testable import MetricsService

/// `{agentId}` is an agent's id or its name.
@Suite struct APIAddressingTests {
    @Test func everyAgentRouteAcceptsTheIdOrTheName() async throws {
        try await APIServer.with { server in
            let agent = try await server.request("POST", "/api/v1/agents/my-agent/register", SpecExamples.register)
            let id = try #require(agent.object["id"] as? String)
            _ = try await server.request("POST", "/api/v1/agents/my-agent/register", nil)
            let byId = try await server.request("POST", "/api/v1/agents/\(id)/versions", #"{"version":"1.0.2"}"#)
            #expect(byId.status == 201)
            let byName = try await server.request(
                "POST", "/api/v1/agents/my-agent/versions/1.0.2/runs", SpecExamples.singleRun)
            #expect(byName.status == 201)
            for key in [id, "my-agent", id.uppercased()] {
                #expect(try await server.request("GET", "/api/v1/agents/\(key)/versions").array.count == 1)
                #expect(try await server.request("GET", "/api/v1/agents/\(key)/versions/1.0.2").status == 200)
                #expect(try await server.request("GET", "/api/v1/agents/\(key)/runs").array.count == 1)
                #expect(try await server.request("GET", "/api/v1/agents/\(key)/versions/1.0.2/runs").array.count == 1)
            }
        }
    }

    @Test func unknownIdsAndNamesAreNotFound() async throws {
        try await APIServer.with { server in
            _ = try await server.request("POST", "/api/v1/agents/my-agent/register", nil)
            for key in ["0123456789abcdef01234567", "other-agent", "%7B%22%24gt%22%3A%22%22%7D"] {
                let response = try await server.request("GET", "/api/v1/agents/\(key)/versions")
                #expect(response.status == 404)
                #expect(response.errorCode == "not_found")
            }
        }
    }

    @Test func namesNeedingPercentEncodingWork() async throws {
        try await APIServer.with { server in
            let created = try await server.request("POST", "/api/v1/agents/team%20bot%2Fv2/register", nil)
            #expect(created.status == 201)
            #expect(created.object["name"] as? String == "team bot/v2")
            #expect(try await server.request("GET", "/api/v1/agents/team%20bot%2Fv2/versions").status == 200)
        }
    }

    @Test func versionsListNewestSemanticVersionFirst() async throws {
        try await APIServer.with { server in
            _ = try await server.request("POST", "/api/v1/agents/a/register", nil)
            for version in ["1.2.0", "1.10.0", "1.10.0-rc.1", "nightly", "0.9.0"] {
                _ = try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"\#(version)"}"#)
            }
            let listed = try await server.request("GET", "/api/v1/agents/a/versions").array.map {
                $0["version"] as? String
            }
            #expect(listed == ["1.10.0", "1.10.0-rc.1", "1.2.0", "0.9.0", "nightly"])
        }
    }
}
