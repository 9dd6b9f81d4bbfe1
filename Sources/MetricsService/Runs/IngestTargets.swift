import HTTPCore

/// Which stored agent and version the runs posted to `/agents/{agentId}/versions/{version}/runs` belong to,
/// remembered per process so steady ingest makes one database round trip per request (the insert) instead of
/// three (agent lookup, version lookup, insert).
///
/// Only positive answers are kept, and they never go stale: an agent's id never changes and its name is
/// unique and never reassigned, a version is never renamed, and the API deletes neither. So several servers
/// need no invalidation between them. (An operator who drops the database under running servers must
/// restart them.) A not-found is never cached: the agent or version may be created a moment later.
///
/// Bounded: past `capacity` entries the table is emptied and refills from the database.
final class IngestTargets: Sendable {
    struct Target: Sendable, Equatable {
        let agentId: String
        let version: String
    }

    /// The path's two segments as given, kept apart (a joined string could make two paths collide).
    private struct PathKey: Hashable {
        let agent: String
        let version: String
    }

    static let capacity = 65_536
    private let known = LockedValue([PathKey: Target]())

    /// The target for the path's `agentId` (an id or a name) and `version`, from memory or from `lookup`.
    func resolve(
        agent idOrName: String, version: String, lookup: () async throws -> Target
    ) async throws -> Target {
        if let target = cached(agent: idOrName, version: version) { return target }
        let target = try await lookup()
        let key = PathKey(agent: idOrName, version: version)
        known.withLock { known in
            if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
            known[key] = target
        }
        return target
    }

    /// The target for the path's segments when already known, with no lookup.
    func cached(agent idOrName: String, version: String) -> Target? {
        known.withLock { $0[PathKey(agent: idOrName, version: version)] }
    }

    /// Entries held now.
    var count: Int { known.withLock { $0.count } }
}
