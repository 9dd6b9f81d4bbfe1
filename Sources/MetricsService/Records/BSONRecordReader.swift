import TimeFormats

/// Reads a stored document's fields for a record's `init(bson:)`, failing with
/// `StorageError.invalidData` that names the collection and field.
///
/// Tolerant where real servers differ: integers may come back as int32, int64 or integral
/// doubles, and a date may come back as an RFC 3339 string (nx-27017 stores some dates so).
struct BSONRecordReader {
    private let fields: [(String, BSONValue)]
    private let record: String

    init(_ value: BSONValue, record: String) throws(StorageError) {
        guard case .document(let fields) = value else {
            throw .invalidData("\(record): expected a document")
        }
        self.fields = fields
        self.record = record
    }

    /// The value, nil when absent or BSON null.
    func value(_ key: String) -> BSONValue? {
        guard let value = fields.first(where: { $0.0 == key })?.1, !value.isNull else { return nil }
        return value
    }

    private func invalid(_ key: String, _ expected: String) -> StorageError {
        .invalidData("\(record).\(key): expected \(expected), got \(value(key).map { "\($0)" } ?? "nothing")")
    }

    /// An ObjectId as 24 hex digits; a string id is accepted too.
    func objectID(_ key: String) throws(StorageError) -> String {
        switch value(key) {
        case .objectID(let hex)?: return hex
        case .string(let text)?: return text
        default: throw invalid(key, "an ObjectId")
        }
    }

    func string(_ key: String) throws(StorageError) -> String {
        guard let string = value(key)?.stringValue else { throw invalid(key, "a string") }
        return string
    }

    /// A string, nil when absent (older documents may lack optional fields).
    func optionalString(_ key: String) throws(StorageError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.stringValue else { throw invalid(key, "a string") }
        return string
    }

    func int64(_ key: String) throws(StorageError) -> Int64 {
        guard let number = value(key)?.int64Value else { throw invalid(key, "an integer") }
        return number
    }

    func optionalInt64(_ key: String) throws(StorageError) -> Int64? {
        guard let value = value(key) else { return nil }
        guard let number = value.int64Value else { throw invalid(key, "an integer") }
        return number
    }

    /// An aggregate's sum (see `BSONValue.wideInteger`), nil when absent.
    func optionalWideInteger(_ key: String) throws(StorageError) -> Int128? {
        guard let value = value(key) else { return nil }
        guard let number = value.wideIntegerValue else { throw invalid(key, "an integer") }
        return number
    }

    func optionalDouble(_ key: String) throws(StorageError) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.doubleValue else { throw invalid(key, "a number") }
        return number
    }

    /// Milliseconds since the epoch from a BSON date (or an RFC 3339 string).
    func date(_ key: String) throws(StorageError) -> Int64 {
        switch value(key) {
        case .date(let milliseconds)?: return milliseconds
        case .string(let text)?:
            if let milliseconds = RFC3339.parseMilliseconds(text) { return milliseconds }
        default: break
        }
        throw invalid(key, "a date")
    }

    /// An array of strings, `[]` when absent.
    func stringArray(_ key: String) throws(StorageError) -> [String] {
        guard let value = value(key) else { return [] }
        guard let strings = value.stringArrayValue else { throw invalid(key, "an array of strings") }
        return strings
    }
}
