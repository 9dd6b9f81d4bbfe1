import Foundation
import Testing
import TimeFormats

@testable import LoadGenerator

@Suite struct RunBatcherTests {
    @Test func idsAreUniquePerVersionAcrossBatches() throws {
        let plan = AgentPlan(prefix: "t", agents: 2, versionsPerAgent: 2)
        var batcher = RunBatcher(batchSize: 50, distributions: RunDistributions(), seed: 1)
        var seen: [Int: Set<Int64>] = [:]
        for round in 0..<20 {
            for version in plan.versions {
                let batch = batcher.nextBatch(for: version, created: "2026-01-01T00:00:00Z")
                let runs = try #require(
                    (try JSONSerialization.jsonObject(with: Data(batch.body)) as? [String: Any])?["runs"]
                        as? [[String: Any]])
                let ids = runs.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                #expect(ids == Array(batch.ids), "round \(round)")
                for id in ids { #expect(seen[version.index, default: []].insert(id).inserted) }
            }
        }
        #expect(seen.values.allSatisfy { $0.count == 1000 })
    }

    @Test func runsCarryTheSpecFields() throws {
        let plan = AgentPlan(prefix: "t", agents: 1, versionsPerAgent: 1)
        var batcher = RunBatcher(batchSize: 3, distributions: RunDistributions(), seed: 5)
        let batch = batcher.nextBatch(for: plan.versions[0], created: "2026-01-01T00:00:00Z")
        let object = try JSONSerialization.jsonObject(with: Data(batch.body)) as? [String: Any]
        let run = try #require((object?["runs"] as? [[String: Any]])?.first)
        for field in ["id", "status", "time_taken", "cost", "created", "initiator", "tools", "models", "task_id"] {
            #expect(run[field] != nil, "missing \(field)")
        }
        let timeTaken = try #require(run["time_taken"] as? String)
        #expect(try GoDuration.parseNanoseconds(timeTaken) > 0)
    }

    @Test func workersOwnDisjointVersions() {
        let plan = AgentPlan(prefix: "t", agents: 5, versionsPerAgent: 3)
        let shares = (0..<4).map { plan.versions(forWorker: $0, of: 4).map(\.index) }
        #expect(shares.flatMap { $0 }.sorted() == Array(0..<15))
    }
}
