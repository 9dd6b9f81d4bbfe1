/// The validated body of `POST /api/v1/agents/{agentId}/versions`.
public struct CreateVersionRequest: Sendable, Equatable {
    /// Required and non-empty.
    public var version: String
    /// `""` when not given.
    public var cluster: String
    /// `""` when not given.
    public var deployment: String
    /// `[]` when not given; order is kept.
    public var tools: [String]
    /// `[]` when not given; order is kept.
    public var models: [String]

    public init(
        version: String, cluster: String = "", deployment: String = "", tools: [String] = [], models: [String] = []
    ) {
        self.version = version
        self.cluster = cluster
        self.deployment = deployment
        self.tools = tools
        self.models = models
    }

    /// Validates a JSON body, reporting every bad field at once.
    public static func decode(body: [UInt8]) throws(APIError) -> CreateVersionRequest {
        var reader = FieldReader(members: try RequestBody.object(from: body))
        let version = reader.requiredString("version")
        let cluster = reader.optionalString("cluster") ?? ""
        let deployment = reader.optionalString("deployment") ?? ""
        let tools = reader.optionalStringArray("tools") ?? []
        let models = reader.optionalStringArray("models") ?? []
        guard reader.errors.isEmpty, let version else { throw .invalidFields(reader.errors) }
        return CreateVersionRequest(
            version: version, cluster: cluster, deployment: deployment, tools: tools, models: models)
    }

    /// The record to insert for this request.
    public func makeVersion(id: String, agentId: String, createdMs: Int64) -> AgentVersion {
        AgentVersion(
            id: id, agentId: agentId, version: version, cluster: cluster, deployment: deployment,
            tools: tools, models: models, createdMs: createdMs)
    }
}
