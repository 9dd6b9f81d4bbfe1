extension Agent {
    /// Field names in the `agents` collection.
    public enum BSONKey {
        public static let id = "_id"
        public static let name = "name"
        public static let project = "project"
        public static let createdAt = "created_at"
        public static let updatedAt = "updated_at"
    }

    /// The whole document, `_id` first; written whole so dates stay BSON dates.
    public func toBSON() -> BSONValue {
        .document([
            (BSONKey.id, .objectID(id)),
            (BSONKey.name, .string(name)),
            (BSONKey.project, .string(project)),
            (BSONKey.createdAt, .date(createdMs)),
            (BSONKey.updatedAt, .date(updatedMs)),
        ])
    }

    /// Reads a stored document; a missing `project` reads as `""`.
    public init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "agents")
        self.init(
            id: try reader.objectID(BSONKey.id),
            name: try reader.string(BSONKey.name),
            project: try reader.optionalString(BSONKey.project) ?? "",
            createdMs: try reader.date(BSONKey.createdAt),
            updatedMs: try reader.date(BSONKey.updatedAt))
    }
}
