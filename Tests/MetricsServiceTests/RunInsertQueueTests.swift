import Logging
import Testing

@testable import MetricsService

/// Group commit against nx-27017: requests inserted together share inserts, and each still gets its own
/// answer, duplicates counted per request.
struct RunInsertQueueTests {
    static let target = IngestTargets.Target(agentId: "0123456789abcdef01234567", version: "1.0.0")

    static func documents(_ runIds: [Int64]) -> RunDocuments {
        let body = #"{"runs":[\#(runIds.map { #"{"id":\#($0),"status":"completed"}"# }.joined(separator: ","))]}"#
        return RunDocumentEncoder.encode(body: Array(body.utf8), receivedMs: 0, target: target, samples: false)!
    }

    @Test func concurrentRequestsEachGetTheirOwnInsertsAndDuplicates() async throws {
        try await TestDatabase.withPool { pool in
            try await IndexSetup(pool: pool, logger: Logger(label: "test")).ensureCreated()
            let queue = RunInsertQueue(pool: pool)
            _ = try await queue.insert(Self.documents([0]))
            // Request i stores run i and re-sends run 0 (already stored); odd requests also send run i - 1,
            // which either they or request i - 1 store first: together every run is stored exactly once.
            let results = try await withThrowingTaskGroup(of: (Int, Int, [Int]).self) { group in
                for index in 1...40 {
                    let runIds: [Int64] = [Int64(index), 0] + (index % 2 == 1 ? [Int64(index - 1)] : [])
                    group.addTask {
                        let result = try await queue.insert(Self.documents(runIds))
                        return (index, result.inserted, result.duplicateIndexes)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = ($1.1, $1.2) }
            }
            #expect(results.count == 40)
            var inserted = 0
            for (index, (count, duplicates)) in results {
                #expect(duplicates.contains(1), "request \(index) re-sent run 0")
                if index % 2 == 1 { #expect(!duplicates.contains(0), "request \(index)'s own run is new") }
                inserted += count
            }
            #expect(inserted == 40)
            let stored = try await pool.withCollection(Collections.runs) { try $0.countDocuments() }
            #expect(stored == 41)
        }
    }
}
