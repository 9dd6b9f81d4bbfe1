import HTTPCore

/// The models and tools this process has already added to each version's lists, so steady OTLP ingest updates a
/// version only when its runs use something new. Bounded like `IngestTargets`: past `capacity` versions it
/// forgets everything and relearns (an extra idempotent `$addToSet` each).
final class VersionCatalog: Sendable {
    static let capacity = 65_536
    private let known = LockedValue([VersionKey: Set<String>]())

    /// The entries of `models` and `tools` not yet recorded for `key` (prefixed `m:`/`t:` in one set).
    func unknown(_ key: VersionKey, models: [String], tools: [String]) -> (models: [String], tools: [String]) {
        known.withLock { known in
            let seen = known[key] ?? []
            return (models.filter { !seen.contains("m:" + $0) }, tools.filter { !seen.contains("t:" + $0) })
        }
    }

    /// Records that the version's stored lists now hold `models` and `tools`.
    func remember(_ key: VersionKey, models: [String], tools: [String]) {
        known.withLock { known in
            if known.count >= Self.capacity && known[key] == nil { known.removeAll(keepingCapacity: true) }
            known[key, default: []].formUnion(models.map { "m:" + $0 } + tools.map { "t:" + $0 })
        }
    }
}
