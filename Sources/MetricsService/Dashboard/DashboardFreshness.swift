/// How a dashboard keeps up with storage and what a read does before the first load.
public struct DashboardFreshness: Sendable, Equatable {
    /// How often a dashboard that reloads from storage (a server without a worker) looks up the saved
    /// generation, one `_id` lookup, and reloads when it changed. Its snapshot is then at most this plus
    /// one reload behind the stored aggregates.
    public var checkInterval: Duration
    /// How long a UI read waits for the first snapshot on a fresh server before answering from the empty one.
    public var firstLoadWait: Duration

    public init(checkInterval: Duration = .milliseconds(500), firstLoadWait: Duration = .seconds(2)) {
        self.checkInterval = checkInterval
        self.firstLoadWait = firstLoadWait
    }
}
