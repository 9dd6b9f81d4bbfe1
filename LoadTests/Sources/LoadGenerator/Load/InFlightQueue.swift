/// The requests a connection has sent and not had answered, oldest first (a fixed ring: pipelining depth
/// bounds it, so it never allocates after creation).
struct InFlightQueue {
    struct Entry {
        /// When the request should have been sent (open loop) or was sent (closed loop): latency starts here.
        var intended: UInt64
        /// When it actually went out, for timeouts.
        var sent: UInt64
        var label: Int
        var token: Int
    }

    private var entries: [Entry]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        entries = Array(repeating: Entry(intended: 0, sent: 0, label: 0, token: 0), count: max(capacity, 1))
    }

    var isEmpty: Bool { count == 0 }
    var oldest: Entry? { count == 0 ? nil : entries[head] }

    mutating func push(_ entry: Entry) {
        precondition(count < entries.count, "more requests in flight than the pipeline depth")
        entries[(head + count) % entries.count] = entry
        count += 1
    }

    mutating func pop() -> Entry? {
        guard count > 0 else { return nil }
        let entry = entries[head]
        head = (head + 1) % entries.count
        count -= 1
        return entry
    }
}
