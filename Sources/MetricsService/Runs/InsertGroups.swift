/// Group commit's bookkeeping, with no threads: which requests' documents the next insert takes.
///
/// The first request to arrive when no insert is queued *leads*: it queues one database operation. Requests
/// that arrive before that operation starts *follow*: they wait, and the operation, when it starts, takes
/// every request waiting (`take`) and stores them with one `insert_many`. A request arriving after it
/// started leads the next group. So at most one group is ever queued, each group holds exactly one leader
/// (its first entry), and under load a group is everything that arrived while the database was busy.
struct InsertGroups<Waiter> {
    /// One request's documents; `waiter` is nil for the leader, which gets its result from its own operation.
    struct Entry {
        let documents: RunDocuments
        let waiter: Waiter?
    }

    /// How a request joined.
    enum Role: Equatable {
        /// Queue the operation that will call `take(group)`.
        case lead(group: UInt64)
        case follow
    }

    private var waiting: [Entry] = []
    /// The group whose operation is queued and not started, if any.
    private var queued: UInt64?
    private var nextGroup: UInt64 = 0

    /// Adds a request's documents; `waiter` is kept only when it follows.
    mutating func join(_ documents: RunDocuments, waiter: Waiter) -> Role {
        if queued != nil {
            waiting.append(Entry(documents: documents, waiter: waiter))
            return .follow
        }
        nextGroup &+= 1
        queued = nextGroup
        waiting.append(Entry(documents: documents, waiter: nil))
        return .lead(group: nextGroup)
    }

    /// The entries of `group` (its leader first), now that its operation starts, or that it failed before
    /// starting (then each follower must be failed too); empty when `group` was already taken.
    mutating func take(_ group: UInt64) -> [Entry] {
        guard queued == group else { return [] }
        queued = nil
        defer { waiting.removeAll(keepingCapacity: true) }
        return waiting
    }

    /// Requests waiting now.
    var waitingCount: Int { waiting.count }
}

extension InsertGroups: Sendable where Waiter: Sendable {}
extension InsertGroups.Entry: Sendable where Waiter: Sendable {}
