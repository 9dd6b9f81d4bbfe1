extension BSONValue {
    /// An aggregate's `Int128` sum as stored: an int64 while it fits (every real deployment),
    /// decimal text beyond, because not every server this runs against accepts decimal128.
    static func wideInteger(_ value: Int128) -> BSONValue {
        if let narrow = Int64(exactly: value) { return .int64(narrow) }
        return .string(String(value))
    }

    /// An integer written by `wideInteger`, or by hand as int32, int64, an integral double or
    /// decimal text; nil for anything else.
    var wideIntegerValue: Int128? {
        switch self {
        case .int32(let value): return Int128(value)
        case .int64(let value): return Int128(value)
        case .double(let value): return value.rounded() == value ? Int128(exactly: value) : nil
        case .string(let text): return Int128(text)
        default: return nil
        }
    }
}
