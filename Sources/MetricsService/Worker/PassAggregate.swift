/// A stored aggregate the worker replaces whole under a pass stamp: step 4 of "Exactly once" on `MetricsWorker`.
/// Version aggregates, activity minutes and time buckets all follow the same rule, in `MetricsStore.replace`.
protocol PassAggregate: Sendable {
    /// The document's `_id`.
    var storedID: BSONValue { get }
    /// Unique within the collection: matches a stored document to the delta's.
    var matchKey: String { get }
    /// Reads a stored document of the collection this one belongs to.
    func decodeStored(_ bson: BSONValue) throws(StorageError) -> Self
    /// Adds another aggregate of the same document (a pass's delta).
    mutating func merge(_ other: Self)
    /// The whole document, stamped with the pass that writes it.
    func toBSON(appliedPass: String) -> BSONValue
}

extension VersionAggregate: PassAggregate {
    var storedID: BSONValue { .string(key.documentID) }
    var matchKey: String { key.documentID }
    func decodeStored(_ bson: BSONValue) throws(StorageError) -> VersionAggregate { try VersionAggregate(bson: bson) }
}

extension ActivityMinute: PassAggregate {
    var storedID: BSONValue { .int64(startMs) }
    var matchKey: String { String(startMs) }
    func decodeStored(_ bson: BSONValue) throws(StorageError) -> ActivityMinute { try ActivityMinute(bson: bson) }
}

extension VersionBucket: PassAggregate {
    var storedID: BSONValue { .string(documentID) }
    var matchKey: String { documentID }
    func decodeStored(_ bson: BSONValue) throws(StorageError) -> VersionBucket {
        try VersionBucket(bson: bson, width: width)
    }

    mutating func merge(_ other: VersionBucket) {
        sums.merge(other.sums)
    }
}
