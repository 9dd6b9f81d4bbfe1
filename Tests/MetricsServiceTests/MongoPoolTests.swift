import HTTPCore
import Testing

@testable import MetricsService

@Suite struct MongoPoolTests {
    @Test func pingsARunningServer() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.ping()
        }
    }

    @Test func createIndexesIsIdempotent() async throws {
        try await TestDatabase.withPool { pool in
            let index = MongoIndex(keys: [.init("agentId"), .init("version", -1)], unique: true)
            try await pool.withCollection("versions") { try $0.createIndexes([index]) }
            try await pool.withCollection("versions") { try $0.createIndexes([index]) }
            #expect(index.name == "agentId_1_version_-1")
        }
    }

    @Test func insertManyReportsDuplicatesUnderAUniqueIndex() async throws {
        try await TestDatabase.withPool { pool in
            let (first, second) = try await pool.withCollection("runs") { runs in
                try runs.createIndexes([MongoIndex(keys: [.init("runId")], unique: true)])
                let batch: [BSONDocument] = ["a", "b", "a", "c"].map { ["runId": .string($0)] }
                let first = try runs.insertMany(batch)
                let again: [BSONDocument] = ["c", "d"].map { ["runId": .string($0)] }
                return (first, try runs.insertMany(again))
            }
            #expect(first.inserted == 3)
            #expect(first.duplicateIndexes == [2])
            #expect(second.inserted == 1)
            #expect(second.duplicateIndexes == [0])
            let count = try await pool.withCollection("runs") { try $0.countDocuments() }
            #expect(count == 4)
        }
    }

    @Test func insertOneThrowsDuplicateKey() async throws {
        try await TestDatabase.withPool { pool in
            await #expect {
                try await pool.withCollection("agents") { agents in
                    try agents.createIndexes([MongoIndex(keys: [.init("name")], unique: true)])
                    try agents.insertOne(["name": "x"])
                    try agents.insertOne(["name": "x"])
                }
            } throws: { error in
                if case StorageError.duplicateKey = error { return true }
                return false
            }
        }
    }

    @Test func findHonoursFilterSortSkipAndLimit() async throws {
        try await TestDatabase.withPool { pool in
            let names = try await pool.withCollection("metrics") { metrics in
                _ = try metrics.insertMany((1...10).map { ["n": .int64(Int64($0)), "even": .bool($0 % 2 == 0)] })
                return try metrics.find(["even": true], sort: ["n": -1], skip: 1, limit: 3)
                    .compactMap { $0["n"]?.int64Value }
            }
            // Compared as integers: nx-27017 hands small int64s back as int32.
            #expect(names == [8, 6, 4])
        }
    }

    @Test func dateWrittenByUpsertReadsBackAsADate() async throws {
        try await TestDatabase.withPool { pool in
            let stored = try await pool.withCollection("agents") { agents in
                let first = try agents.replaceOne(
                    ["_id": "a1"], ["_id": "a1", "updatedAt": .date(1_700_000_000_000)], upsert: true)
                let second = try agents.replaceOne(
                    ["_id": "a1"], ["_id": "a1", "updatedAt": .date(1_700_000_000_999)], upsert: true)
                return (first, second, try agents.findOne(["_id": "a1"]))
            }
            #expect(stored.0.upsertedID == .string("a1"))
            #expect(stored.1.matchedCount == 1)
            #expect(stored.2?["updatedAt"] == .date(1_700_000_000_999))
        }
    }

    @Test func findOneAndUpdateUpsertsAndReturnsTheNewDocument() async throws {
        try await TestDatabase.withPool { pool in
            let counters = try await pool.withCollection("counters") { counters in
                let first = try counters.findOneAndUpdate(["_id": "seq"], ["$inc": ["value": 1]], upsert: true)
                let second = try counters.findOneAndUpdate(["_id": "seq"], ["$inc": ["value": 1]], upsert: true)
                let missing = try counters.findOneAndUpdate(["_id": "nope"], ["$inc": ["value": 1]])
                return (first?["value"]?.int64Value, second?["value"]?.int64Value, missing)
            }
            #expect(counters.0 == 1)
            #expect(counters.1 == 2)
            #expect(counters.2 == nil)
        }
    }

    @Test func aggregateGroupsDocuments() async throws {
        try await TestDatabase.withPool { pool in
            let groups = try await pool.withCollection("runs") { runs in
                _ = try runs.insertMany([
                    ["agent": "a", "ms": 10], ["agent": "a", "ms": 30], ["agent": "b", "ms": 5],
                ])
                return try runs.aggregate([
                    ["$group": ["_id": "$agent", "total": ["$sum": "$ms"], "count": ["$sum": 1]]],
                    ["$sort": ["_id": 1]],
                ])
            }
            #expect(groups.map { $0["_id"] } == [.string("a"), .string("b")])
            #expect(groups.map { $0["total"]?.int64Value } == [40, 5])
            #expect(groups.map { $0["count"]?.int64Value } == [2, 1])
        }
    }

    @Test func failsFastWhenNothingListens() async throws {
        let port = try TestDatabase.freePort()
        let pool = try MongoPool(configuration: MongoConfiguration(uri: "mongodb://127.0.0.1:\(port)", threadCount: 1))
        defer { pool.shutdown() }
        // Timed on an event loop, as the server's handlers run: the answer resumes there at once, where on
        // the global pool it would queue behind whatever CPU-bound tests of a parallel run hold its threads
        // (33 s was seen at the start of a run).
        let group = try EventLoopGroup(count: 1)
        defer { group.shutdown() }
        let (result, elapsed) = await Task(executorPreference: group.loops[0]) {
            let clock = ContinuousClock()
            let start = clock.now
            let result: Result<Void, any Error>
            do {
                try await pool.ping()
                result = .success(())
            } catch {
                result = .failure(error)
            }
            return (result, clock.now - start)
        }.value
        #expect(throws: (any Error).self) { try result.get() }
        if case .failure(let error) = result {
            guard case StorageError.unavailable = error else {
                Issue.record("expected StorageError.unavailable, got \(error)")
                return
            }
        }
        // Server selection gives up after 2 s, where libmongoc's default would wait 30 s. The ceiling
        // leaves room for a busy machine (parallel suites on two cores) and still tells the two apart.
        #expect(elapsed < .seconds(15))
    }
}
