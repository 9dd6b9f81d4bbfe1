/// An index specification for `MongoCollection.createIndexes`.
public struct MongoIndex: Sendable, Equatable {
    /// Index name; MongoDB treats a second create with the same name and spec as a no-op.
    public var name: String
    /// Keys in order with direction (1 ascending, -1 descending).
    public var keys: [Key]
    public var unique: Bool

    public struct Key: Sendable, Equatable {
        public var field: String
        public var direction: Int32

        public init(_ field: String, _ direction: Int32 = 1) {
            self.field = field
            self.direction = direction
        }
    }

    /// - Parameter name: defaults to MongoDB's own naming (`field_1_other_-1`).
    public init(keys: [Key], unique: Bool = false, name: String? = nil) {
        self.keys = keys
        self.unique = unique
        self.name = name ?? keys.map { "\($0.field)_\($0.direction)" }.joined(separator: "_")
    }

    var document: BSONValue {
        var fields: [(String, BSONValue)] = [
            ("key", .document(keys.map { ($0.field, .int32($0.direction)) })),
            ("name", .string(name)),
        ]
        if unique { fields.append(("unique", .bool(true))) }
        return .document(fields)
    }
}
