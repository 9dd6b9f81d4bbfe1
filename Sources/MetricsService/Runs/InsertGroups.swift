/// Group commit's bookkeeping, with no threads: which requests' documents the next insert takes.
///
/// The first request to arrive when no insert is queued *leads*: it queues one database operation. Requests
/// that arrive before that operation starts *follow*: they wait, and the operation, when it starts, takes
/// every request waiting (`take`) and stores them with one `insert_many`. A request arriving after it
/// started leads the next group. So at most one group is ever queued, each group holds exactly one leader
/// (its first entry), and under load a group is everything that arrived while the database was busy.
///
/// At most `maximumRunning` operations are queued or running at once: a leader arriving past that is
/// *parked* (its group stays open to followers) until an operation `finish`es and hands it the slot. With
/// one, concurrent requests never spread over several database threads as one-request groups; they wait
/// for the insert in flight and share the next one, which costs one command and one thread hop per group.
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
        /// Lead once `finish` returns this request's waiter: `maximumRunning` operations are under way.
        case parked
    }

    /// Most operations queued or running at once.
    let maximumRunning: Int

    private var waiting: [Entry] = []
    /// The group whose operation is queued and not started, if any.
    private var queued: UInt64?
    private var nextGroup: UInt64 = 0
    /// Operations led and not finished.
    private var running = 0
    /// The leader waiting for a slot; its group is `queued`.
    private var parked: (group: UInt64, waiter: Waiter)?

    /// - Parameter maximumRunning: operations allowed under way at once (at least one).
    init(maximumRunning: Int = 1) {
        self.maximumRunning = max(1, maximumRunning)
    }

    /// Adds a request's documents; `waiter` is kept only when it follows or is parked.
    mutating func join(_ documents: RunDocuments, waiter: Waiter) -> Role {
        if queued != nil {
            waiting.append(Entry(documents: documents, waiter: waiter))
            return .follow
        }
        nextGroup &+= 1
        queued = nextGroup
        waiting.append(Entry(documents: documents, waiter: nil))
        guard running < maximumRunning else {
            parked = (nextGroup, waiter)
            return .parked
        }
        running += 1
        return .lead(group: nextGroup)
    }

    /// An operation from a `.lead` has ended, however it ended. Returns the parked leader, which now holds
    /// the freed slot and must queue its group's operation, or nil.
    mutating func finish() -> (group: UInt64, waiter: Waiter)? {
        if let next = parked {
            parked = nil
            return next
        }
        running = max(0, running - 1)
        return nil
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
