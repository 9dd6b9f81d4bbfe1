import Foundation
import HTTPCore
import Testing
import TestSupport
import TimeFormats

@testable import MetricsService

/// `agent_versions` at scale: `?limit=&cursor=` pages with `Link: rel="next"`, `?sort=` in both directions and
/// `?q=`, from an in-memory snapshot (no database).
@Suite struct VersionPagingTests {
    static let now = RFC3339.parseMilliseconds("2024-06-01T12:00:00Z")!

    /// 40 agents × 3 versions with seeded figures full of ties (few distinct run counts and rates), some versions
    /// without runs, and agent names in mixed case; plus "Ops & Co" (a name a link must escape). Versions whose id
    /// is in `dropping` are left out.
    static func data(seed: UInt64 = 7, dropping: Set<String> = []) -> DashboardData {
        var random = SeededGenerator(seed: seed)
        var data = DashboardData(generation: "g\(dropping.count)")
        for index in 0...40 {
            let agentId = String(format: "%024x", index + 1)
            let name = index == 40 ? "Ops & Co" : (index % 2 == 0 ? "Agent-" : "agent-") + "\(index % 13)-\(index)"
            data.agents.append(Agent(id: agentId, name: name, project: "p\(index % 3)", createdMs: now, updatedMs: now))
            for minor in 0..<3 {
                let version = AgentVersion(
                    id: String(format: "%024x", 1000 + index * 3 + minor), agentId: agentId, version: "1.\(minor)",
                    cluster: "c", deployment: "d", tools: [], models: [], createdMs: now - Int64(minor) * 1000)
                let key = VersionKey(agentId: agentId, version: version.version)
                let hasRuns = Int.random(in: 0..<5, using: &random) > 0
                var aggregate = VersionAggregate(key: key)
                for run in 0..<Int.random(in: 1...4, using: &random) {
                    aggregate.add(
                        RunSample(
                            objectID: String(format: "%024x", run), key: key, runId: Int64(run),
                            status: Bool.random(using: &random) ? "completed" : "failed",
                            createdMs: now - Int64.random(in: 0...3, using: &random) * 43_200_000,
                            runtimeMicros: 1_000_000, costMicros: Int64.random(in: 0...2, using: &random) * 10_000))
                }
                guard !dropping.contains(version.id) else { continue }
                data.versions.append(version)
                if hasRuns { data.aggregates[key] = aggregate }
            }
        }
        return data
    }

    static func dashboard() -> Dashboard {
        let dashboard = Dashboard(clock: { now })
        dashboard.publish(DashboardSnapshot(data: data()))
        return dashboard
    }

    static func nextQuery(_ response: HTTPResponse) -> String? {
        response.headers["Link"].map {
            String($0.dropFirst("</api/v1/ui/agent_versions?".count).dropLast(#">; rel="next""#.count))
        }
    }

    static func router(_ dashboard: Dashboard) -> Router {
        var router = Router()
        DashboardRoutes.register(into: &router, dashboard: dashboard)
        return router
    }

    static func get(_ router: Router, _ query: String) async -> HTTPResponse {
        await router.respond(to: HTTPRequest(method: "GET", path: "/api/v1/ui/agent_versions", query: query))
    }

    /// Follows `Link: rel="next"` from `query` to the end; the rows of every page in order, and the page count.
    static func walk(_ router: Router, _ query: String) async throws -> (rows: [[String: Any]], pages: Int) {
        var rows: [[String: Any]] = []
        var next: String? = query
        var pages = 0
        while let current = next, pages < 100 {
            let response = await get(router, current)
            #expect(response.status == .ok, "\(current)")
            rows += try jsonArray(response)
            pages += 1
            if let link = response.headers["Link"] {
                #expect(link.hasPrefix("</api/v1/ui/agent_versions?") && link.hasSuffix(#">; rel="next""#))
            }
            next = Self.nextQuery(response)
        }
        return (rows, pages)
    }

    @Test func withoutLimitTheAnswerIsTheWholeArrayInTheNameOrderAndNoLink() async throws {
        let router = Self.router(Self.dashboard())
        let response = await Self.get(router, "")
        #expect(response.headers["Link"] == nil)
        let rows = try jsonArray(response)
        #expect(rows.count == 123)
        let names = rows.map { $0["name"] as? String ?? "" }
        #expect(names == names.sorted())
        #expect(rows.prefix(3).map { $0["version"] as? String } == ["1.0", "1.1", "1.2"])
        #expect(
            try jsonArray(await Self.get(router, "sort=name")).map { $0["id"] as? String }
                == rows.map { $0["id"] as? String })
    }

    /// Every sort, both ways, paged by 7: the pages add up to the whole sorted array exactly once, and the sort
    /// column never goes the wrong way.
    @Test(arguments: VersionSort.Field.allCases, [false, true])
    func pagesFollowTheSortAndAddUpToTheWholeArray(field: VersionSort.Field, descending: Bool) async throws {
        let router = Self.router(Self.dashboard())
        let sort = (descending ? "-" : "") + field.rawValue
        let whole = try jsonArray(await Self.get(router, "sort=\(sort)"))
        let (paged, pages) = try await Self.walk(router, "limit=7&sort=\(sort)")
        #expect(pages == 18)
        #expect(paged.map { $0["id"] as? String } == whole.map { $0["id"] as? String })
        #expect(Set(paged.compactMap { $0["id"] as? String }).count == 123)
        let column: ([String: Any]) -> Double = { row in
            switch field {
            case .name: return 0
            case .lastSeen:
                return (row["lastSeen"] as? String).flatMap(RFC3339.parseMilliseconds).map(Double.init) ?? -1
            case .totalRuns: return row["totalRuns"] as? Double ?? 0
            case .successRate: return row["successRate"] as? Double ?? 0
            case .spend: return row["spend"] as? Double ?? 0
            }
        }
        let values = paged.map(column)
        #expect(values == (descending ? values.sorted(by: >) : values.sorted()))
        if field == .name {
            let names = paged.map { $0["name"] as? String ?? "" }
            #expect(names == (descending ? names.sorted(by: >) : names.sorted()))
        }
    }

    @Test func filtersPageTooAndQMatchesPartOfTheNameInAnyCase() async throws {
        let router = Self.router(Self.dashboard())
        let all = try jsonArray(await Self.get(router, "q=AGENT-1-"))
        #expect(all.count == 9)
        #expect(all.allSatisfy { ($0["name"] as? String ?? "").lowercased().hasPrefix("agent-1-") })
        let (paged, pages) = try await Self.walk(router, "q=agent-1-&limit=4&sort=-totalRuns&project=p1")
        let expected = try jsonArray(await Self.get(router, "q=agent-1-&sort=-totalRuns&project=p1"))
        #expect(paged.map { $0["id"] as? String } == expected.map { $0["id"] as? String })
        #expect(pages == max(1, (expected.count + 3) / 4))
        #expect(try jsonArray(await Self.get(router, "q=nothing-like-this")).isEmpty)
        // An empty q is no filter; the Link carries the filters percent-encoded, and following it stays in them.
        #expect(try jsonArray(await Self.get(router, "q=")).count == 123)
        let first = await Self.get(router, "limit=2&q=ops%20%26")
        #expect(try jsonArray(first).map { $0["name"] as? String } == ["Ops & Co", "Ops & Co"])
        let next = try #require(Self.nextQuery(first))
        #expect(next.hasPrefix("limit=2&q=ops%20%26&cursor="))
        #expect(try jsonArray(await Self.get(router, next)).map { $0["version"] as? String } == ["1.2"])
    }

    /// A cursor is a position, not an offset: with rows before it gone in a new snapshot, the next page is still
    /// the rows after it.
    @Test func aCursorKeepsItsPlaceWhenEarlierRowsGo() async throws {
        let dashboard = Self.dashboard()
        let router = Self.router(dashboard)
        let first = await Self.get(router, "limit=10&sort=-spend")
        let next = try #require(Self.nextQuery(first))
        let second = try jsonArray(await Self.get(router, next)).map { $0["id"] as? String }
        #expect(second.count == 10)
        let gone = Set(try jsonArray(first).prefix(3).compactMap { $0["id"] as? String })
        dashboard.publish(DashboardSnapshot(data: Self.data(dropping: gone)))
        #expect(try jsonArray(await Self.get(router, "sort=-spend")).count == 120)
        #expect(try jsonArray(await Self.get(router, next)).map { $0["id"] as? String } == second)
    }

    @Test func badParametersAre400() async throws {
        let router = Self.router(Self.dashboard())
        for query in [
            "sort=bogus", "sort=--name", "sort=Name", "limit=0", "limit=1001", "limit=x", "status=busy", "q=%ZZ",
        ] {
            let response = await Self.get(router, query)
            #expect(response.status == .badRequest, "\(query)")
            #expect(String(decoding: response.body, as: UTF8.self).contains("invalid_query"), "\(query)")
        }
        let link = try #require(await Self.get(router, "limit=5&sort=spend").headers["Link"])
        let cursor = try #require(link.split(separator: "cursor=").last.map { String($0.prefix { $0 != ">" }) })
        for query in [
            "cursor=junk", "limit=5&sort=-spend&cursor=\(cursor)", "cursor=\(cursor)",
            "limit=5&sort=spend&cursor=" + Base64URL.encode(Array(#"["spend","x","a","1","v","id"]"#.utf8)),
        ] {
            let response = await Self.get(router, query)
            #expect(response.status == .badRequest, "\(query)")
            #expect(String(decoding: response.body, as: UTF8.self).contains("invalid_cursor"), "\(query)")
        }
        #expect(await Self.get(router, "limit=5&sort=spend&cursor=\(cursor)").status == .ok)
    }
}
