import HTTPCore
import Testing

@testable import MetricsService

/// The ingest target cache: positive answers only, per agent-and-version, bounded.
struct IngestTargetsTests {
    struct NotFound: Error {}

    @Test func looksUpOncePerAgentAndVersionAndNeverRemembersAMiss() async throws {
        let targets = IngestTargets()
        let lookups = LockedValue(0)
        func resolve(_ agent: String, _ version: String, exists: Bool = true) async throws -> IngestTargets.Target {
            try await targets.resolve(agent: agent, version: version) {
                lookups.withLock { $0 += 1 }
                guard exists else { throw NotFound() }
                return IngestTargets.Target(agentId: "id-" + agent, version: version)
            }
        }
        await #expect(throws: NotFound.self) { try await resolve("a", "1", exists: false) }
        #expect(try await resolve("a", "1") == IngestTargets.Target(agentId: "id-a", version: "1"))
        #expect(try await resolve("a", "1") == IngestTargets.Target(agentId: "id-a", version: "1"))
        #expect(lookups.withLock { $0 } == 2)
        // ("a\0b", "c") and ("a", "b\0c") are different paths, though joined with a NUL they would read the same.
        _ = try await resolve("a\u{0}b", "c")
        _ = try await resolve("a", "b\u{0}c")
        _ = try await resolve("a", "2")
        #expect(lookups.withLock { $0 } == 5)
        #expect(targets.count == 4)
    }

    @Test func theTableEmptiesItselfAtCapacity() async throws {
        let targets = IngestTargets()
        for index in 0..<IngestTargets.capacity {
            _ = try await targets.resolve(agent: "a\(index)", version: "1") {
                IngestTargets.Target(agentId: "x", version: "1")
            }
        }
        #expect(targets.count == IngestTargets.capacity)
        _ = try await targets.resolve(agent: "one more", version: "1") {
            IngestTargets.Target(agentId: "y", version: "1")
        }
        #expect(targets.count == 1)
    }
}
