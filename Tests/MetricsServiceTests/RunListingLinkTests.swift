import Testing

@testable import MetricsService

/// The `Link` header of a run listing is a well-formed URI reference whatever bytes the request path held
/// (found with the `Link` pattern of openapi.yaml: a raw `>` in the path ended the link early).
@Suite struct RunListingLinkTests {
    @Test func bytesAURIPathMayNotHoldAreEscapedAndEscapesAreKept() {
        #expect(QueryComponent.encodePath("/api/v1/agents/a%20b/runs") == "/api/v1/agents/a%20b/runs")
        #expect(QueryComponent.encodePath("/api/v1/agents/x>y/runs") == "/api/v1/agents/x%3Ey/runs")
        #expect(QueryComponent.encodePath(#"/a/<"{|}\^`/"#) == "/a/%3C%22%7B%7C%7D%5C%5E%60/")
        #expect(QueryComponent.encodePath("/a/é") == "/a/%C3%A9")
        #expect(QueryComponent.encodePath("/a/-._~!$&'()*+,;=:@/") == "/a/-._~!$&'()*+,;=:@/")
    }

    @Test func aRawAngleBracketInThePathGivesALinkThatLeadsToTheNextPage() async throws {
        try await APIServer.with { server in
            #expect(try await server.request("POST", "/api/v1/agents/x%3Ey/register", "{}").status == 201)
            #expect(
                try await server.request("POST", "/api/v1/agents/x%3Ey/versions", #"{"version":"1"}"#).status == 201)
            let runs =
                #"{"runs":[{"id":1,"status":"ok","created":"2024-01-01T00:00:00Z"},"#
                + #"{"id":2,"status":"ok","created":"2024-01-02T00:00:00Z"}]}"#
            #expect(try await server.request("POST", "/api/v1/agents/x%3Ey/versions/1/runs", runs).status == 201)

            let first = try await server.request("GET", "/api/v1/agents/x>y/runs?limit=1")
            #expect(first.status == 200)
            let link = try #require(first.header("Link"))
            #expect(link.hasPrefix("</api/v1/agents/x%3Ey/runs?limit=1&cursor="), "\(link)")
            #expect(link.filter { $0 == ">" }.count == 1, "\(link)")
            let next = try #require(first.nextLink)
            let second = try await server.request("GET", next)
            #expect(second.status == 200)
            #expect(second.array.map { $0["id"] as? Int } == [1])
        }
    }
}
