import Foundation
import Testing
import TimeFormats

@testable import MetricsService

/// Run listings: order, cursor pagination and filters.
@Suite struct APIRunListingTests {
    static let base: Int64 = 1_690_891_200_000  // 2023-08-01T12:00:00Z

    /// `count` runs with ids from `firstId`; every 10 share a `created` second, so the tie-break
    /// on `_id` is exercised; status alternates completed/failed.
    static func batch(firstId: Int, count: Int) -> String {
        let runs = (firstId..<firstId + count).map { id in
            let created = RFC3339.format(milliseconds: base + Int64(id / 10) * 1000)
            let status = id % 2 == 0 ? "completed" : "failed"
            return #"{"id":\#(id),"status":"\#(status)","created":"\#(created)","cost":0.5}"#
        }
        return #"{"runs":[\#(runs.joined(separator: ","))]}"#
    }

    static func load(_ server: APIServer, runs total: Int) async throws {
        _ = try await server.request("POST", "/api/v1/agents/a/register", nil)
        _ = try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"1"}"#)
        let counts = stride(from: 0, to: total, by: 1000).map { min(1000, total - $0) }
        let inserted = try await server.withClient { client in
            try counts.enumerated().map { batchIndex, count in
                let response = try client.request(
                    "POST", "/api/v1/agents/a/versions/1/runs", batch(firstId: batchIndex * 1000, count: count))
                return response.object["inserted"] as? Int
            }
        }
        #expect(inserted == counts)
    }

    /// Follows `Link: rel="next"` from `path`, returning every run id in order and the page count.
    static func walk(_ server: APIServer, from path: String) async throws -> (ids: [Int], pages: Int) {
        let (ids, pages, failed) = try await server.withClient { client in
            var ids: [Int] = []
            var pages = 0
            var failed: [String] = []
            var next: String? = path
            while let path = next {
                let page = try client.request("GET", path)
                if page.status != 200 { failed.append("\(page.status) \(page.bodyText)") }
                ids.append(contentsOf: page.array.compactMap { $0["id"] as? Int })
                pages += 1
                next = page.nextLink
                if pages > 10_000 { break }
            }
            return (ids, pages, failed)
        }
        #expect(failed.isEmpty, "\(failed)")
        return (ids, pages)
    }

    @Test func paginatesThroughTwoAndAHalfThousandRunsWithoutDuplicatesOrGaps() async throws {
        try await APIServer.with { server in
            try await Self.load(server, runs: 2500)
            let walked = try await Self.walk(server, from: "/api/v1/agents/a/runs")
            #expect(walked.pages == 25)
            #expect(walked.ids.count == 2500)
            #expect(Set(walked.ids).count == 2500)
            // Newest created first; within one second, the later insert (higher id) first.
            #expect(walked.ids == Array((0..<2500).reversed()))

            let big = try await Self.walk(server, from: "/api/v1/agents/a/versions/1/runs?limit=1000")
            #expect(big.pages == 3)
            #expect(big.ids == walked.ids)

            let odd = try await Self.walk(server, from: "/api/v1/agents/a/runs?limit=7")
            #expect(odd.ids == walked.ids)
        }
    }

    @Test func runsArrivingBetweenPagesNeitherRepeatNorShiftThePages() async throws {
        try await APIServer.with { server in
            try await Self.load(server, runs: 30)
            let (first, following) = try await server.withClient { client in
                let first = try client.request("GET", "/api/v1/agents/a/runs?limit=10")
                // Newer runs arrive: with skip() they would push page two back onto page one's runs.
                _ = try client.request("POST", "/api/v1/agents/a/versions/1/runs", Self.batch(firstId: 1000, count: 5))
                return (first, try first.nextLink.map { try client.request("GET", $0) })
            }
            #expect(first.nextLink != nil)
            let second = try #require(following)
            #expect(first.array.compactMap { $0["id"] as? Int } == Array((20..<30).reversed()))
            #expect(second.array.compactMap { $0["id"] as? Int } == Array((10..<20).reversed()))
        }
    }

    @Test func filtersByStatusAndTimeWindowAndKeepThemAcrossPages() async throws {
        try await APIServer.with { server in
            try await Self.load(server, runs: 200)
            let failed = try await Self.walk(server, from: "/api/v1/agents/a/runs?status=failed&limit=30")
            #expect(failed.ids == (0..<200).reversed().filter { $0 % 2 == 1 })

            // since is inclusive, until exclusive: seconds 5..<8 hold ids 50..<80.
            let since = RFC3339.format(milliseconds: Self.base + 5000)
            let until = RFC3339.format(milliseconds: Self.base + 8000)
            let window = try await Self.walk(
                server, from: "/api/v1/agents/a/versions/1/runs?since=\(since)&until=\(until)&limit=8")
            #expect(window.ids == Array((50..<80).reversed()))

            // Offsets and fractions are accepted; a + in the query must arrive percent-encoded.
            let offset = try await Self.walk(
                server, from: "/api/v1/agents/a/runs?since=2023-08-01T14:00:15.000%2B02:00&status=completed")
            #expect(offset.ids == (150..<200).reversed().filter { $0 % 2 == 0 })

            let none = try await server.request("GET", "/api/v1/agents/a/runs?status=running")
            #expect(none.bodyText == "[]")
            #expect(none.nextLink == nil)
        }
    }
}
