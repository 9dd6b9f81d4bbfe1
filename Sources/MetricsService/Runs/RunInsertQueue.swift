import HTTPCore

/// Group commit for ingest: requests storing runs at the same time share one `insert_many`, so concurrent
/// single-run POSTs cost one database command and one hop to a database thread per group instead of per
/// request. Each request is still answered only once its own runs are stored, with its own duplicates, and
/// a document rejected for any other reason fails only the request it came from (see `InsertReport.shares`).
///
/// No request waits for a timer: a group is whatever arrived while the previous insert was queued or running
/// (`InsertGroups`, one insert under way at a time), so a lone request goes straight to the database as
/// before. One queue serves every loop.
final class RunInsertQueue: Sendable {
    private enum Joined: Sendable {
        case lead(group: UInt64)
        case share(InsertReport.Share)
    }

    private typealias Groups = InsertGroups<UnsafeContinuation<Joined, Never>>

    private let pool: MongoPool
    private let groups = LockedValue(Groups())

    init(pool: MongoPool) {
        self.pool = pool
    }

    /// Stores `documents` (unordered) and reports what was new and what was already stored.
    func insert(_ documents: RunDocuments) async throws -> (inserted: Int, duplicateIndexes: [Int]) {
        guard documents.count > 0 else { return (0, []) }
        let joined = await withUnsafeContinuation { (continuation: UnsafeContinuation<Joined, Never>) in
            // A parked leader is resumed by `finish`, a follower by its group's insert.
            let role = groups.withLock { $0.join(documents, waiter: continuation) }
            if case .lead(let group) = role { continuation.resume(returning: .lead(group: group)) }
        }
        let share: InsertReport.Share
        switch joined {
        case .share(let given): share = given
        case .lead(let group): share = await lead(group)
        }
        switch share {
        case .stored(let inserted, let duplicateIndexes): return (inserted, duplicateIndexes)
        case .failed(let error): throw error
        }
    }

    /// Queues the group's insert and returns the leader's share; every follower gets its own. Then hands the
    /// slot to the parked leader, if any.
    private func lead(_ group: UInt64) async -> InsertReport.Share {
        defer {
            if let next = groups.withLock({ $0.finish() }) { next.waiter.resume(returning: .lead(group: next.group)) }
        }
        do {
            return try await pool.withCollection(Collections.runs) { [groups] collection in
                try Self.store(groups.withLock { $0.take(group) }, in: collection)
            }
        } catch {
            let failure = error as? StorageError ?? .unavailable("\(error)")
            // Refused before it started (the database is known down, or too many operations wait): the
            // followers share the leader's fate. Empty when the insert itself failed (already answered).
            for entry in groups.withLock({ $0.take(group) }) {
                entry.waiter?.resume(returning: .share(.failed(failure)))
            }
            return .failed(failure)
        }
    }

    /// One `insert_many` of every entry's documents, answering each follower; returns the leader's share.
    /// Throws (after failing every follower) when the command as a whole failed, so the pool's circuit
    /// breaker sees it.
    private static func store(_ entries: [Groups.Entry], in collection: MongoCollection) throws -> InsertReport.Share {
        let report: InsertReport
        do {
            if entries.count == 1 {
                let documents = entries[0].documents
                report = try documents.withBytes { try collection.insertMany(bytes: $0, starts: documents.starts) }
            } else {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(entries.reduce(0) { $0 + $1.documents.writer.count })
                var starts: [Int] = []
                starts.reserveCapacity(entries.reduce(0) { $0 + $1.documents.count })
                for entry in entries {
                    let base = bytes.count
                    entry.documents.withBytes { bytes.append(contentsOf: $0) }
                    starts.append(contentsOf: entry.documents.starts.lazy.map { $0 + base })
                }
                report = try bytes.withUnsafeBufferPointer { try collection.insertMany(bytes: $0, starts: starts) }
            }
        } catch {
            let failure = error as? StorageError ?? .unavailable("\(error)")
            for entry in entries { entry.waiter?.resume(returning: .share(.failed(failure))) }
            throw error
        }
        var leader = InsertReport.Share.failed(.unavailable("the group's leader was not in its group"))
        for (entry, share) in zip(entries, report.shares(counts: entries.map(\.documents.count))) {
            if let waiter = entry.waiter { waiter.resume(returning: .share(share)) } else { leader = share }
        }
        return leader
    }
}
