import CMongoC

extension BSONDocument {
    /// The value of the first field named `key`, or nil when absent.
    public subscript(key: String) -> BSONValue? {
        let iterator = BSONIterator()
        guard iterator.find(key, in: raw) else { return nil }
        return iterator.value()
    }

    /// Whether a field named `key` exists.
    public func contains(_ key: String) -> Bool {
        bson_has_field(raw, key)
    }

    public func string(_ key: String) -> String? { self[key]?.stringValue }

    /// An int32 or int64 field widened to `Int64`.
    public func int64(_ key: String) -> Int64? { self[key]?.int64Value }

    /// Any numeric field as `Double`.
    public func double(_ key: String) -> Double? { self[key]?.doubleValue }

    public func bool(_ key: String) -> Bool? { self[key]?.boolValue }

    /// A datetime field as milliseconds since the epoch.
    public func date(_ key: String) -> Int64? { self[key]?.dateValue }

    public func stringArray(_ key: String) -> [String]? { self[key]?.stringArrayValue }

    /// A nested document field, copied into its own `BSONDocument`.
    public func document(_ key: String) -> BSONDocument? {
        let iterator = BSONIterator()
        guard iterator.find(key, in: raw), iterator.typeCode == 0x03 else { return nil }
        var length: UInt32 = 0
        var data: UnsafePointer<UInt8>?
        bson_iter_document(iterator.raw, &length, &data)
        guard let data, let copy = bson_new_from_data(data, Int(length)) else { return nil }
        return BSONDocument(taking: copy)
    }
}

extension BSONDocument {
    /// Converts a document libmongoc owns (a cursor's current document, a reply) without
    /// copying it first.
    static func value(ofBorrowed document: OpaquePointer) -> BSONValue {
        let iterator = BSONIterator()
        guard iterator.start(document) else { return .document([]) }
        var fields: [(String, BSONValue)] = []
        while iterator.next() {
            fields.append((iterator.key, iterator.value()))
        }
        return .document(fields)
    }
}
