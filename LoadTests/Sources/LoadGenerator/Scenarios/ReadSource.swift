/// `read`: what open dashboards request — the three UI endpoints, the agent list and run listings, following
/// `Link: rel="next"` pages the way a user scrolling a run table does.
public final class ReadSource: RequestSource {
    /// Endpoint labels, in label-index order (offset by `labelOffset` in reports).
    public static let labels = [
        "GET ui/stats", "GET ui/recent_activity", "GET ui/agent_versions", "GET agents", "GET version runs",
        "GET agent runs", "GET runs next page",
    ]

    private let headers: RequestBuilder.FixedHeaders
    private let fixed: [PreparedRequest]
    private let versionRuns: [PreparedRequest]
    private let agentRuns: [PreparedRequest]
    private var pendingPages: [String] = []
    private var step = 0
    private var random: FastRandom
    private let labelOffset: Int
    private let pageLimit: Int

    /// `versions` are the (agent, version) pairs to list runs of; empty skips run listings.
    public init(
        headers: RequestBuilder.FixedHeaders, versions: [(agent: String, version: String)], pageLimit: Int = 100,
        labelOffset: Int = 0, seed: UInt64
    ) {
        self.headers = headers
        self.labelOffset = labelOffset
        self.pageLimit = pageLimit
        random = FastRandom(seed: seed)
        let ui = ["/api/v1/ui/stats", "/api/v1/ui/recent_activity", "/api/v1/ui/agent_versions", "/api/v1/agents"]
        fixed = ui.enumerated().map {
            PreparedRequest(bytes: RequestBuilder.get($1, headers: headers), label: labelOffset + $0)
        }
        versionRuns = versions.map {
            let path =
                "/api/v1/agents/\(RequestBuilder.segment($0.agent))/versions/"
                + "\(RequestBuilder.segment($0.version))/runs?limit=\(pageLimit)"
            return PreparedRequest(bytes: RequestBuilder.get(path, headers: headers), label: labelOffset + 4)
        }
        var seen = Set<String>()
        agentRuns = versions.compactMap {
            guard seen.insert($0.agent).inserted else { return nil }
            let path = "/api/v1/agents/\(RequestBuilder.segment($0.agent))/runs?limit=\(pageLimit)"
            return PreparedRequest(bytes: RequestBuilder.get(path, headers: headers), label: labelOffset + 5)
        }
    }

    public var capturesBodies: Bool { false }

    public func nextRequest() -> PreparedRequest {
        // A page the server pointed to goes first, as a user clicking "next" would; a bounded queue keeps a
        // server that always links from growing it without end.
        if let page = pendingPages.popLast() {
            return PreparedRequest(bytes: RequestBuilder.get(page, headers: headers), label: labelOffset + 6, token: 1)
        }
        let cycle = versionRuns.isEmpty ? 4 : 6
        let position = step % cycle
        step += 1
        switch position {
        case 4: return versionRuns[Int(random.next() % UInt64(versionRuns.count))]
        case 5: return agentRuns[Int(random.next() % UInt64(agentRuns.count))]
        default: return fixed[position]
        }
    }

    public func complete(token: Int, response: ParsedResponse?, statistics: inout LoadStatistics) {
        guard let next = response?.nextLink, pendingPages.count < 32 else { return }
        // Follow at most a few pages per listing so reads stay a mix, not a crawl.
        if token == 0 || random.next() % 2 == 0 { pendingPages.append(Self.pathOnly(next)) }
    }

    /// The path and query of a link that may be absolute (`http://host/path?x`) or relative.
    static func pathOnly(_ link: String) -> String {
        guard let scheme = link.range(of: "://") else { return link }
        let rest = link[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        return String(rest[slash...])
    }
}
