import Foundation
import HTTPCore
import Testing
import TestSupport

@testable import MetricsService

/// The UI answers over 1 KiB go gzip-encoded to clients that accept it, decode to the plain answer, and say
/// `Vary: Accept-Encoding`; smaller ones and clients that refuse gzip get the plain body.
@Suite(.serialized) struct UIGzipTests {
    static func get(_ server: APIServer, _ target: String, acceptEncoding: String?) async throws
        -> TestClient.Response
    {
        try await server.send("GET", target, nil, acceptEncoding.map { [("Accept-Encoding", $0)] } ?? [])
    }

    @Test func largeUIAnswersAreCompressedForClientsThatAcceptGzip() async throws {
        try await APIServer.with(workerInterval: .seconds(3600)) { server in
            for index in 0..<4 {
                #expect(try await server.request("POST", "/api/v1/agents/gzip-\(index)/register", "{}").status == 201)
                let body = #"{"version": "1.0", "cluster": "c", "deployment": "d", "tools": ["t"], "models": ["m"]}"#
                #expect(try await server.request("POST", "/api/v1/agents/gzip-\(index)/versions", body).status == 201)
                let runs =
                    #"{"runs": [{"id": 1, "status": "completed", "time_taken": "2s", "cost": 0.5, "#
                    + #""created": "2024-05-01T10:00:00Z"}]}"#
                #expect(
                    try await server.request("POST", "/api/v1/agents/gzip-\(index)/versions/1.0/runs", runs).status
                        == 201)
            }
            let start = ContinuousClock.now
            while try await server.request("GET", "/api/v1/ui/agent_versions").array.reduce(
                0, { $0 + ($1["totalRuns"] as? Int ?? 0) }) < 4,
                ContinuousClock.now - start < .seconds(10)
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            let series = "/api/v1/ui/timeseries?agent=gzip-0&since=2024-05-01T00:00:00Z&until=2024-05-02T00:00:00Z"
            for target in ["/api/v1/ui/agent_versions", "/api/v1/ui/agent_versions?limit=3&sort=-spend", series] {
                let plain = try await Self.get(server, target, acceptEncoding: nil)
                #expect(plain.body.count > 1024, "\(target)")
                #expect(plain.header("Content-Encoding") == nil)
                #expect(plain.header("Vary") == "Accept-Encoding")
                for accept in ["gzip", "br, gzip;q=0.8", "*"] {
                    let compressed = try await Self.get(server, target, acceptEncoding: accept)
                    #expect(compressed.status == 200)
                    #expect(compressed.header("Content-Encoding") == "gzip", "\(target) \(accept)")
                    #expect(compressed.header("Vary") == "Accept-Encoding")
                    #expect(compressed.header("Content-Type") == "application/json")
                    #expect(compressed.body.count < plain.body.count / 2)
                    #expect(try Gzip.decompress(compressed.body, limit: 1 << 30) == plain.body, "\(target) \(accept)")
                }
                if target.contains("limit") {
                    #expect(
                        try await Self.get(server, target, acceptEncoding: "gzip").header("Link")
                            == plain.header("Link"))
                    #expect(plain.header("Link") != nil)
                }
                for refusing in ["gzip;q=0", "identity", "deflate", "gzip;q=0, *"] {
                    let response = try await Self.get(server, target, acceptEncoding: refusing)
                    #expect(response.header("Content-Encoding") == nil, "\(refusing)")
                    #expect(response.body == plain.body)
                }
            }
            // Under 1 KiB: never compressed, no Vary.
            let small = try await Self.get(server, "/api/v1/ui/stats", acceptEncoding: "gzip")
            #expect(small.body.count <= 1024)
            #expect(small.header("Content-Encoding") == nil)
            #expect(small.header("Vary") == nil)
        }
    }
}
