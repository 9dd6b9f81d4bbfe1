/// A version compared with its predecessor: the `regression` of an `agent_versions` row.
public struct VersionRegression: Sendable, Equatable {
    /// The predecessor's version string.
    public var against: String
    public var comparison: VersionComparison

    public var verdict: ComparisonVerdict { comparison.verdict }

    /// `{"against", "verdict", "metrics": [...]}`.
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("against")
        writer.string(against)
        writer.key("verdict")
        writer.string(verdict.rawValue)
        writer.key("metrics")
        comparison.writeMetrics(to: &writer)
        writer.endObject()
    }

    /// Each version's predecessor: the previous version of the same agent, in the order of
    /// `GET .../versions` (semantic-version precedence, then creation time for versions that are not
    /// semver; `SemanticVersion.newestFirst`), that has counted runs.
    static func predecessors(
        of versions: [AgentVersion], aggregates: [VersionKey: VersionAggregate]
    ) -> [VersionKey: VersionKey] {
        var byAgent: [String: [AgentVersion]] = [:]
        for version in versions { byAgent[version.agentId, default: []].append(version) }
        var result: [VersionKey: VersionKey] = [:]
        for (_, list) in byAgent where list.count > 1 {
            let ordered = list.sorted {
                SemanticVersion.newestFirst(($0.version, $0.createdMs), ($1.version, $1.createdMs))
            }
            // Walking from the oldest up, the newest version with runs seen so far is the next one's predecessor.
            var previous: VersionKey?
            for version in ordered.reversed() {
                let key = VersionKey(agentId: version.agentId, version: version.version)
                if let previous { result[key] = previous }
                if (aggregates[key]?.totalRuns ?? 0) > 0 { previous = key }
            }
        }
        return result
    }
}
