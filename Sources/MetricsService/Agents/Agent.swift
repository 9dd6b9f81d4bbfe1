/// A registered agent, as stored in the `agents` collection.
public struct Agent: Sendable, Equatable {
    /// The ObjectId as 24 lowercase hex digits.
    public var id: String
    /// Unique across agents.
    public var name: String
    public var project: String
    /// Milliseconds since the epoch.
    public var createdMs: Int64
    public var updatedMs: Int64

    public init(id: String, name: String, project: String, createdMs: Int64, updatedMs: Int64) {
        self.id = id
        self.name = name
        self.project = project
        self.createdMs = createdMs
        self.updatedMs = updatedMs
    }
}
