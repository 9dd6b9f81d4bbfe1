import TestSupport
import Testing

/// Setup and reads shared by the UI read tests (`CompareAPITests`, `TimeSeriesAPITests`).
extension APIServer {
    /// Registers agent `name` and its `versions` (cluster c, deployment d, no tools or models) over one
    /// connection, expecting 201 for every version; returns the agent's id.
    func register(_ name: String, versions: [String]) async throws -> String {
        let (agent, statuses) = try await withClient { client in
            let agent = try client.request("POST", "/api/v1/agents/\(name)/register", "{}")
            let statuses = try versions.map { version in
                let body = #"{"version": "\#(version)", "cluster": "c", "deployment": "d", "tools": [], "models": []}"#
                return try client.request("POST", "/api/v1/agents/\(name)/versions", body).status
            }
            return (agent, statuses)
        }
        #expect(statuses == versions.map { _ in 201 })
        return try #require(agent.object["id"] as? String)
    }

    /// `GET path?query`, expecting a 200 JSON answer.
    func getJSON(_ path: String, _ query: String) async throws -> TestClient.Response {
        let response = try await request("GET", path + "?" + query)
        #expect(response.status == 200, "\(query): \(response.bodyText)")
        #expect(response.header("Content-Type") == "application/json")
        return response
    }
}
