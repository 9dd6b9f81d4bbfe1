import Foundation

/// Checks that every acknowledged run is stored, reading each agent version's runs back through the API
/// (`GET .../runs?limit=1000`, following `Link: rel="next"`) and comparing ids.
public enum RunVerifier {
    /// What verification found.
    public struct Result: Sendable {
        /// Acknowledged runs checked.
        public var acknowledged: Int = 0
        /// Runs the API listed for the checked versions.
        public var stored: Int = 0
        /// Acknowledged ids the API does not list, by "agent@version".
        public var missing: [String: [Int64]] = [:]
        /// Versions whose listing failed (counted as lost: nothing proves those runs are stored).
        public var failures: [String] = []

        public var lostCount: Int { missing.values.reduce(0) { $0 + $1.count } }
    }

    /// Verifies `acknowledged` against the server.
    public static func verify(_ acknowledged: AcknowledgedRuns, plan: AgentPlan, client: BlockingHTTPClient) -> Result {
        var result = Result()
        for (index, ranges) in acknowledged.ranges.sorted(by: { $0.key < $1.key }) {
            let version = plan.versions[index]
            let key = "\(version.agent)@\(version.version)"
            let expected = ranges.reduce(0) { $0 + $1.count }
            result.acknowledged += expected
            var stored = Set<Int64>()
            var path: String? =
                "/api/v1/agents/\(RequestBuilder.segment(version.agent))/versions/"
                + "\(RequestBuilder.segment(version.version))/runs?limit=1000"
            var pages = 0
            while let current = path, pages < 100_000 {
                pages += 1
                guard let response = try? client.request(current), response.status == 200,
                    let items = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]]
                else {
                    result.failures.append("\(key): listing \(current) failed")
                    break
                }
                for item in items {
                    if let id = (item["id"] as? NSNumber)?.int64Value { stored.insert(id) }
                }
                path = response.nextLink.map(ReadSource.pathOnly)
                if items.isEmpty { path = nil }
            }
            result.stored += stored.count
            var missing: [Int64] = []
            for range in ranges { for id in range where !stored.contains(id) { missing.append(id) } }
            if !missing.isEmpty { result.missing[key] = missing.sorted() }
        }
        return result
    }
}
