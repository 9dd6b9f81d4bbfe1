/// What an update or replace did.
public struct MongoUpdateResult: Sendable, Equatable {
    public var matchedCount: Int
    public var modifiedCount: Int
    /// The `_id` of a document created by upsert, if one was.
    public var upsertedID: BSONValue?

    public init(matchedCount: Int, modifiedCount: Int, upsertedID: BSONValue?) {
        self.matchedCount = matchedCount
        self.modifiedCount = modifiedCount
        self.upsertedID = upsertedID
    }

    init(reply: BSONValue) {
        matchedCount = Int(reply["matchedCount"]?.int64Value ?? 0)
        modifiedCount = Int(reply["modifiedCount"]?.int64Value ?? 0)
        upsertedID = reply["upsertedId"]
    }
}
