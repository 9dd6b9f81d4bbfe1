/// The validated body of `POST /api/v1/agents/{name}/register`: `{"name"?: string, "project"?: string}`.
public struct RegisterAgentRequest: Sendable, Equatable {
    /// The agent's name: always the path's; the body may repeat it but not contradict it.
    public var name: String
    /// The project, or nil when the body leaves it out, so re-registering without a project keeps
    /// the stored one instead of erasing it. A new agent gets `""`.
    public var project: String?

    public init(name: String, project: String?) {
        self.name = name
        self.project = project
    }

    /// The project to store when the agent is created.
    public var projectForNewAgent: String { project ?? "" }

    /// Validates the body (which may be empty) against the path's name.
    ///
    /// The name must be non-empty and must not be 24 hex digits: `{agentId}` in other routes is
    /// an ObjectId *or* a name, so such a name could never be addressed unambiguously.
    public static func decode(body: [UInt8], pathName: String) throws(APIError) -> RegisterAgentRequest {
        let members = try RequestBody.object(from: body, emptyMeansEmptyObject: true)
        var reader = FieldReader(members: members)
        let bodyName = reader.optionalString("name")
        let project = reader.optionalString("project")
        if pathName.isEmpty {
            reader.fail("name", "must not be empty")
        } else if ObjectIDText.isValid(pathName) {
            reader.fail("name", "must not be 24 hex digits, which would read as an agent id")
        } else if FieldBounds.containsNUL(pathName) {
            reader.fail("name", FieldBounds.nulText)
        }
        guard reader.errors.isEmpty else { throw .invalidFields(reader.errors) }
        if let bodyName, bodyName != pathName {
            throw .nameMismatch(path: pathName, body: bodyName)
        }
        return RegisterAgentRequest(name: pathName, project: project)
    }
}
