/// Why a string is not a Go duration; the messages follow Go's `time.ParseDuration`.
public enum GoDurationError: Error, Sendable, Equatable {
    /// Malformed input (empty, no digits, a stray character) or a value beyond Go's int64 nanoseconds.
    case invalid(String)
    /// A number with no unit after it, such as `"3"`.
    case missingUnit(String)
    /// A unit Go does not know, such as the `d` of `"1d"`.
    case unknownUnit(unit: String, in: String)
}

extension GoDurationError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalid(let text): return "invalid duration \"\(text)\""
        case .missingUnit(let text): return "missing unit in duration \"\(text)\""
        case .unknownUnit(let unit, let text): return "unknown unit \"\(unit)\" in duration \"\(text)\""
        }
    }
}
