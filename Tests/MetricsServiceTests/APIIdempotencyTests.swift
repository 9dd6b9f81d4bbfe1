import Foundation
import Testing

@testable import MetricsService

/// Agents retry: re-sent registrations, versions and runs must never create second copies.
@Suite struct APIIdempotencyTests {
    @Test func registeringAgainReturnsTheStoredAgentAndUpdatesTheProject() async throws {
        try await APIServer.with { server in
            let first = try await server.request("POST", "/api/v1/agents/my-agent/register", SpecExamples.register)
            let again = try await server.request("POST", "/api/v1/agents/my-agent/register", SpecExamples.register)
            #expect(first.status == 201)
            #expect(again.status == 200)
            #expect(again.object["id"] as? String == first.object["id"] as? String)
            #expect(again.object["created_at"] as? String == first.object["created_at"] as? String)

            let moved = try await server.request("POST", "/api/v1/agents/my-agent/register", #"{"project":"other"}"#)
            #expect(moved.status == 200)
            #expect(moved.object["project"] as? String == "other")
            // Leaving the project out keeps the stored one.
            let bare = try await server.request("POST", "/api/v1/agents/my-agent/register", nil)
            #expect(bare.object["project"] as? String == "other")
            #expect(try await server.count(Collections.agents) == 1)
        }
    }

    @Test func concurrentRegistrationsOfOneNameCreateOneAgent() async throws {
        try await APIServer.with { server in
            let attempts = 16
            let results = LockedResults()
            // Concurrent tasks; each request blocks its own thread (`APIServer.request`), not the cooperative pool.
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<attempts {
                    group.addTask {
                        let response = try? await server.request(
                            "POST", "/api/v1/agents/racer/register", #"{"project":"p"}"#)
                        results.append(response.map { ($0.status, $0.object["id"] as? String ?? "") } ?? (0, ""))
                    }
                }
            }
            let all = results.values
            #expect(all.count == attempts)
            #expect(all.filter { $0.0 == 201 }.count == 1)
            #expect(all.filter { $0.0 == 200 }.count == attempts - 1)
            #expect(Set(all.map(\.1)).count == 1)
            let stored = try await server.count(Collections.agents)
            #expect(stored == 1)
        }
    }

    @Test func versionRepostIsOKAndADifferentBodyConflicts() async throws {
        try await APIServer.with { server in
            _ = try await server.request("POST", "/api/v1/agents/a/register", nil)
            let created = try await server.request("POST", "/api/v1/agents/a/versions", SpecExamples.version)
            let same = try await server.request("POST", "/api/v1/agents/a/versions", SpecExamples.version)
            let different = try await server.request(
                "POST", "/api/v1/agents/a/versions", #"{"version":"1.0.2","cluster":"other"}"#)
            #expect(created.status == 201)
            #expect(same.status == 200)
            #expect(same.object["id"] as? String == created.object["id"] as? String)
            #expect(different.status == 409)
            #expect(different.errorCode == "conflict")
            #expect(try await server.count(Collections.versions) == 1)
        }
    }

    @Test func resentRunsAreNeverStoredTwice() async throws {
        try await APIServer.with { server in
            _ = try await server.request("POST", "/api/v1/agents/a/register", nil)
            _ = try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"1.0.2"}"#)
            let path = "/api/v1/agents/a/versions/1.0.2/runs"
            let first = try await server.request("POST", path, SpecExamples.batch)
            #expect(first.object["inserted"] as? Int == 2)
            #expect(first.object["duplicates"] as? Int == 0)
            let again = try await server.request("POST", path, SpecExamples.batch)
            #expect(again.status == 201)
            #expect(again.object["inserted"] as? Int == 0)
            #expect(again.object["duplicates"] as? Int == 2)

            // A single re-sent run answers 200 with what is stored, not with the re-sent copy.
            let resent = try await server.request("POST", path, #"{"id":123,"status":"running"}"#)
            #expect(resent.status == 200)
            #expect(resent.object["status"] as? String == "completed")
            #expect(resent.object["initiator"] as? String == "user123")

            // Repeats inside one batch count as duplicates too.
            let repeated = try await server.request(
                "POST", path, #"{"runs":[{"id":7,"status":"ok"},{"id":7,"status":"ok"},{"id":8,"status":"ok"}]}"#)
            #expect(repeated.object["inserted"] as? Int == 2)
            #expect(repeated.object["duplicates"] as? Int == 1)
            #expect(try await server.count(Collections.runs) == 4)
        }
    }

    @Test func theSameRunIdUnderAnotherVersionIsADifferentRun() async throws {
        try await APIServer.with { server in
            _ = try await server.request("POST", "/api/v1/agents/a/register", nil)
            _ = try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"1"}"#)
            _ = try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"2"}"#)
            let one = try await server.request("POST", "/api/v1/agents/a/versions/1/runs", SpecExamples.singleRun)
            let two = try await server.request("POST", "/api/v1/agents/a/versions/2/runs", SpecExamples.singleRun)
            #expect(one.status == 201)
            #expect(two.status == 201)
            #expect(try await server.count(Collections.runs) == 2)
        }
    }
}

/// Results gathered from `concurrentPerform` threads.
final class LockedResults: @unchecked Sendable {
    // Safety: `items` is only touched with `lock` held.
    private let lock = NSLock()
    private var items: [(Int, String)] = []
    func append(_ item: (Int, String)) { lock.withLock { items.append(item) } }
    var values: [(Int, String)] { lock.withLock { items } }
}
