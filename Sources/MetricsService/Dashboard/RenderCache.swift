import HTTPCore

/// Rendered responses of one snapshot, by request, for the UI reads whose answer depends on their query: every
/// entry belongs to one stamp (a snapshot generation, and a wall-clock second where the body reads the clock), and
/// storing under a new stamp drops the old ones, so the cache never outlives the data it was rendered from.
///
/// Bounded by entries and by bytes, oldest first out, so a client walking many distinct queries costs a render
/// each, never unbounded memory.
final class RenderCache<Key: Hashable & Sendable>: Sendable {
    struct Stamp: Hashable, Sendable {
        var generation: String
        var second: Int64 = 0
    }

    private struct State {
        var stamp: Stamp?
        var entries: [Key: HTTPResponse] = [:]
        /// Insertion order, for eviction.
        var order: [Key] = []
        var bytes = 0
    }

    private let state = LockedValue(State())
    let maximumEntries: Int
    let maximumBytes: Int

    init(maximumEntries: Int = 256, maximumBytes: Int = 8 << 20) {
        self.maximumEntries = maximumEntries
        self.maximumBytes = maximumBytes
    }

    /// The response stored for `key` under `stamp`, if any.
    func response(for key: Key, stamp: Stamp) -> HTTPResponse? {
        state.withLock { $0.stamp == stamp ? $0.entries[key] : nil }
    }

    /// Drops every entry (a new snapshot was published).
    func removeAll() {
        state.withLock { $0 = State() }
    }

    /// Keeps `response` for `key` under `stamp` (one larger than the byte budget is not kept).
    func store(_ response: HTTPResponse, for key: Key, stamp: Stamp) {
        let size = response.body.count
        guard size <= maximumBytes else { return }
        state.withLock { state in
            if state.stamp != stamp { state = State(stamp: stamp) }
            if let old = state.entries.updateValue(response, forKey: key) {
                state.bytes -= old.body.count
            } else {
                state.order.append(key)
            }
            state.bytes += size
            while state.order.count > maximumEntries || state.bytes > maximumBytes {
                let evicted = state.order.removeFirst()
                state.bytes -= state.entries.removeValue(forKey: evicted)?.body.count ?? 0
            }
        }
    }
}
