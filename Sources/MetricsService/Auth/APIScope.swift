/// What an API key may do. Each route requires one scope (see `APIAccessPolicy`).
public enum APIScope: String, Sendable, CaseIterable {
    /// Register agents, add versions, add runs.
    case ingest
    /// Every `GET` under `/api/v1`, including the dashboard's data.
    case read
    /// Everything, including routes later added for administration.
    case admin

    /// Whether a key with this scope may call a route that requires `required`.
    public func allows(_ required: APIScope) -> Bool {
        self == .admin || self == required
    }
}
