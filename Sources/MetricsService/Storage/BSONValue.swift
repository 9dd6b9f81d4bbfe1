/// A BSON value as plain Swift data.
///
/// This is the currency that crosses threads: `bson_t` pointers stay on the pool thread that
/// made them, and results leave it as `BSONValue`s.
public enum BSONValue: Sendable {
    case string(String)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case bool(Bool)
    /// Milliseconds since the Unix epoch (BSON UTC datetime).
    case date(Int64)
    /// 24 lowercase hex digits.
    case objectID(String)
    /// Fields in order; BSON documents are ordered and may repeat keys.
    case document([(String, BSONValue)])
    case array([BSONValue])
    case null
    /// A BSON type this layer does not model (binary, timestamp, decimal128, ...), kept so a
    /// server reply can still be read. It cannot be written back.
    case unsupported(typeCode: UInt8)
}

extension BSONValue {
    /// The value for `key` when this is a document (first match), else nil.
    public subscript(key: String) -> BSONValue? {
        guard case .document(let fields) = self else { return nil }
        return fields.first { $0.0 == key }?.1
    }

    /// The fields when this is a document.
    public var documentValue: [(String, BSONValue)]? {
        if case .document(let fields) = self { return fields }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// Any integral number widened to `Int64`; servers pick int32 or int64 freely for counts.
    public var int64Value: Int64? {
        switch self {
        case .int32(let value): return Int64(value)
        case .int64(let value): return value
        case .double(let value): return value.rounded() == value ? Int64(exactly: value) : nil
        default: return nil
        }
    }

    /// Any number as `Double`.
    public var doubleValue: Double? {
        switch self {
        case .int32(let value): return Double(value)
        case .int64(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Milliseconds since the epoch when this is a date.
    public var dateValue: Int64? {
        if case .date(let value) = self { return value }
        return nil
    }

    public var arrayValue: [BSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The elements when this is an array made only of strings.
    public var stringArrayValue: [String]? {
        guard case .array(let values) = self else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(values.count)
        for value in values {
            guard case .string(let string) = value else { return nil }
            strings.append(string)
        }
        return strings
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension BSONValue: Equatable {
    /// Structural equality; documents compare field by field in order.
    public static func == (lhs: BSONValue, rhs: BSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.int32(let a), .int32(let b)): return a == b
        case (.int64(let a), .int64(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.date(let a), .date(let b)): return a == b
        case (.objectID(let a), .objectID(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.null, .null): return true
        case (.unsupported(let a), .unsupported(let b)): return a == b
        case (.document(let a), .document(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

extension BSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    /// Integer literals become int64, the width metrics counters use.
    public init(integerLiteral value: Int64) { self = .int64(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: BSONValue...) { self = .array(elements) }
    /// Keeps literal order, which matters for sort and index specifications.
    public init(dictionaryLiteral elements: (String, BSONValue)...) { self = .document(elements) }
    public init(nilLiteral: ()) { self = .null }
}
