import Foundation
import Testing
import TimeFormats

@testable import MetricsService

/// The spec's curl walk-through over real sockets against a real database, checking every
/// promised response shape.
@Suite struct APIWalkthroughTests {
    @Test func specWalkthroughWorksAsWritten() async throws {
        try await APIServer.with { server in
            let client = try server.client()
            let empty = try client.request("GET", "/api/v1/agents")
            #expect(empty.status == 200)
            #expect(empty.bodyText == "[]")
            #expect(empty.header("Content-Type") == "application/json")

            let registered = try client.request("POST", "/api/v1/agents/my-agent/register", SpecExamples.register)
            #expect(registered.status == 201)
            let agent = registered.object
            #expect(Set(agent.keys) == ["id", "name", "project", "created_at", "updated_at"])
            #expect(agent["name"] as? String == "my-agent")
            #expect(agent["project"] as? String == "my-project")
            let agentId = try #require(agent["id"] as? String)
            #expect(ObjectIDText.isValid(agentId))
            let createdAt = try #require(agent["created_at"] as? String)
            #expect(createdAt.hasSuffix("Z") && RFC3339.parseMilliseconds(createdAt) != nil)

            let listed = try client.request("GET", "/api/v1/agents")
            #expect(listed.array.map { $0["id"] as? String } == [agentId])

            let version = try client.request("POST", "/api/v1/agents/\(agentId)/versions", SpecExamples.version)
            #expect(version.status == 201)
            #expect(version.object["version"] as? String == "1.0.2")
            #expect(version.object["agent_id"] as? String == agentId)
            #expect(version.object["tools"] as? [String] == ["tool1", "tool2"])
            #expect(version.object["deployment"] as? String == "prod")

            let versions = try client.request("GET", "/api/v1/agents/\(agentId)/versions")
            #expect(versions.status == 200)
            #expect(versions.array.map { $0["version"] as? String } == ["1.0.2"])
            let one = try client.request("GET", "/api/v1/agents/\(agentId)/versions/1.0.2")
            #expect(one.status == 200)
            #expect(one.object["cluster"] as? String == "123")

            let single = try client.request(
                "POST", "/api/v1/agents/\(agentId)/versions/1.0.2/runs", SpecExamples.singleRun)
            #expect(single.status == 201)
            #expect(
                Set(single.object.keys)
                    == [
                        "created", "status", "time_taken", "initiator", "tools", "cost", "models", "id", "task_id",
                        "version",
                    ])
            #expect(single.object["created"] as? String == "2023-08-01T12:00:00Z")
            #expect(single.object["time_taken"] as? String == "5m30s")
            #expect(single.object["id"] as? Int == 123)

            // The spec's batch repeats run 123: it is a duplicate, not a second copy.
            let batch = try client.request("POST", "/api/v1/agents/\(agentId)/versions/1.0.2/runs", SpecExamples.batch)
            #expect(batch.status == 201)
            #expect(batch.object["inserted"] as? Int == 1)
            #expect(batch.object["duplicates"] as? Int == 1)

            let versionRuns = try client.request("GET", "/api/v1/agents/\(agentId)/versions/1.0.2/runs")
            #expect(versionRuns.status == 200)
            #expect(versionRuns.array.map { $0["id"] as? Int } == [124, 123])
            #expect(versionRuns.array.first?["status"] as? String == "failed")
            #expect(versionRuns.array.first?["version"] as? String == "1.0.2")
            #expect(versionRuns.nextLink == nil)

            let agentRuns = try client.request("GET", "/api/v1/agents/\(agentId)/runs")
            #expect(agentRuns.array.map { $0["id"] as? Int } == [124, 123])
            #expect(try await server.count(Collections.runs) == 2)
        }
    }

    @Test func storedRunsCarryTheWorkersCountedMarkerAndRealDates() async throws {
        try await APIServer.with { server in
            _ = try await server.request("POST", "/api/v1/agents/a/register", "{}")
            _ = try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"1"}"#)
            _ = try await server.request("POST", "/api/v1/agents/a/versions/1/runs", SpecExamples.batch)
            let documents = try await server.pool.withCollection(Collections.runs) { try $0.find() }
            #expect(documents.count == 2)
            for document in documents {
                #expect(document[RunStore.countedKey] == .bool(false))
                #expect(document[AgentRun.BSONKey.created]?.dateValue != nil)
                #expect(document[AgentRun.BSONKey.agentId]?.stringValue?.count == 24)
            }
            let agent = try await server.pool.withCollection(Collections.agents) { try $0.findOne() }
            #expect(agent?[Agent.BSONKey.createdAt]?.dateValue != nil)
        }
    }

    @Test func healthzAnswersWithoutTheDatabase() async throws {
        // Nothing listens on this port: the pool cannot connect, the server still serves /healthz.
        let port = try TestDatabase.freePort()
        try await APIServer.with(uri: "mongodb://127.0.0.1:\(port)", databaseName: "none", createIndexes: false) {
            server in
            let health = try await server.request("GET", "/healthz")
            #expect(health.status == 200)
            let agents = try await server.request("GET", "/api/v1/agents")
            #expect(agents.status == 503)
            #expect(agents.errorCode == "database_unavailable")
            #expect(agents.header("Retry-After") == "1")
        }
    }
}
