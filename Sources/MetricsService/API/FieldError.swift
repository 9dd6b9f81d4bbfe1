/// One invalid field of a request body.
public struct FieldError: Sendable, Equatable {
    /// The run's position in a `{"runs": [...]}` batch; nil for single-object bodies.
    public var index: Int?
    /// The field's JSON name (`status`, `tools[2]`), or `body` for the body as a whole.
    public var field: String
    public var message: String

    public init(index: Int? = nil, field: String, message: String) {
        self.index = index
        self.field = field
        self.message = message
    }
}
