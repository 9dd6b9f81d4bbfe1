extension MetricsStore {
    /// Whether any run waits to be counted: one lookup on the `{counted: 1}` index, for the worker's poll.
    func hasUncountedRuns() async throws -> Bool {
        try await pool.withCollection(Collections.runs) { collection in
            try collection.find([RunStore.countedKey: false], projection: ["_id": 1], limit: 1).isEmpty == false
        }
    }
}
