import Foundation

/// Creates the plan's agents and versions through the API before the load starts, and discovers existing
/// ones for `read`.
public enum AgentSetup {
    /// Registers every agent and version of `plan`; 200 and 201 both count (re-running is idempotent).
    public static func create(_ plan: AgentPlan, client: BlockingHTTPClient) throws -> Void {
        for name in plan.agentNames {
            let body = Array(#"{"name":"\#(name)","project":"\#(plan.prefix)-project"}"#.utf8)
            let response = try client.request("/api/v1/agents/\(RequestBuilder.segment(name))/register", postJSON: body)
            guard response.status == 200 || response.status == 201 else {
                throw SetupError(description: "registering \(name): HTTP \(response.status) \(text(response.body))")
            }
        }
        for version in plan.versions {
            let tools = version.tools.map { "\"\($0)\"" }.joined(separator: ",")
            let models = version.models.map { "\"\($0)\"" }.joined(separator: ",")
            let body = Array(
                (#"{"version":"\#(version.version)","cluster":"load","tools":[\#(tools)],"#
                    + #""models":[\#(models)],"deployment":"load-test"}"#).utf8)
            let response = try client.request(
                "/api/v1/agents/\(RequestBuilder.segment(version.agent))/versions", postJSON: body)
            guard response.status == 200 || response.status == 201 else {
                throw SetupError(
                    description:
                        "adding \(version.agent) \(version.version): HTTP \(response.status) \(text(response.body))")
            }
        }
    }

    /// Up to `limit` (agent, version) pairs that exist on the server, for run listings.
    public static func discover(client: BlockingHTTPClient, limit: Int = 50) throws -> [(
        agent: String, version: String
    )] {
        let agents = try client.request("/api/v1/agents")
        guard agents.status == 200,
            let list = try? JSONSerialization.jsonObject(with: Data(agents.body)) as? [[String: Any]]
        else { return [] }
        var found: [(agent: String, version: String)] = []
        for agent in list.prefix(limit) {
            guard let name = agent["name"] as? String else { continue }
            let versions = try client.request("/api/v1/agents/\(RequestBuilder.segment(name))/versions")
            guard versions.status == 200,
                let items = try? JSONSerialization.jsonObject(with: Data(versions.body)) as? [[String: Any]]
            else { continue }
            for item in items { if let version = item["version"] as? String { found.append((name, version)) } }
            if found.count >= limit { break }
        }
        return found
    }

    static func text(_ body: [UInt8]) -> String { String(decoding: body.prefix(300), as: UTF8.self) }
}

/// Set-up could not create what the load needs.
public struct SetupError: Error, CustomStringConvertible {
    public var description: String
}
