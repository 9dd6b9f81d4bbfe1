/// Reads typed fields from one JSON object, collecting every problem rather than stopping at
/// the first, so a client fixes a request in one round trip.
///
/// Conventions shared by every request type: an absent member and an explicit `null` both mean
/// "not given" (as in Go's `encoding/json`); unknown members are ignored; a value of the wrong
/// JSON type is an error naming the field, so an object such as `{"$gt": ""}` can never reach
/// a query where a string was expected.
struct FieldReader {
    private let members: [(String, JSONValue)]
    /// The run's index in a batch, copied into each error.
    private let index: Int?
    private(set) var errors: [FieldError] = []

    init(members: [(String, JSONValue)], index: Int? = nil) {
        self.members = members
        self.index = index
    }

    /// The member's value, nil when absent or null. The last of repeated keys wins.
    func value(_ key: String) -> JSONValue? {
        guard let value = members.last(where: { $0.0 == key })?.1 else { return nil }
        if case .null = value { return nil }
        return value
    }

    mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(index: index, field: field, message: message))
    }

    /// A string that must be present and non-empty, at most `maximumBytes` long.
    mutating func requiredString(_ key: String, maximumBytes: Int = FieldBounds.maximumTextBytes) -> String? {
        guard let value = value(key) else {
            fail(key, "is required")
            return nil
        }
        guard case .string(let string) = value else {
            fail(key, "must be a string, not \(value.typeDescription)")
            return nil
        }
        guard !string.isEmpty else {
            fail(key, "must not be empty")
            return nil
        }
        return checkLength(string, key, maximumBytes: maximumBytes)
    }

    /// A string that may be absent (nil), at most `maximumBytes` long; empty strings are allowed.
    mutating func optionalString(_ key: String, maximumBytes: Int = FieldBounds.maximumTextBytes) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let string) = value else {
            fail(key, "must be a string, not \(value.typeDescription)")
            return nil
        }
        return checkLength(string, key, maximumBytes: maximumBytes)
    }

    /// `string`, or nil with an error when it is longer than `maximumBytes` UTF-8 bytes or holds a NUL.
    private mutating func checkLength(_ string: String, _ key: String, maximumBytes: Int) -> String? {
        guard string.utf8.count <= maximumBytes else {
            fail(key, "must be at most \(maximumBytes) bytes long")
            return nil
        }
        guard !FieldBounds.containsNUL(string) else {
            fail(key, FieldBounds.nulText)
            return nil
        }
        return string
    }

    /// An array of at most `FieldBounds.maximumListCount` strings, each at most
    /// `FieldBounds.maximumTextBytes` long, that may be absent (nil).
    mutating func optionalStringArray(_ key: String) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else {
            fail(key, "must be an array of strings, not \(value.typeDescription)")
            return nil
        }
        guard elements.count <= FieldBounds.maximumListCount else {
            fail(key, "must have at most \(FieldBounds.maximumListCount) entries")
            return nil
        }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        var valid = true
        for (position, element) in elements.enumerated() {
            if case .string(let string) = element {
                if string.utf8.count > FieldBounds.maximumTextBytes {
                    fail("\(key)[\(position)]", "must be at most \(FieldBounds.maximumTextBytes) bytes long")
                    valid = false
                } else if FieldBounds.containsNUL(string) {
                    fail("\(key)[\(position)]", FieldBounds.nulText)
                    valid = false
                }
                strings.append(string)
            } else {
                fail("\(key)[\(position)]", "must be a string, not \(element.typeDescription)")
                valid = false
            }
        }
        return valid ? strings : nil
    }

    /// An integer that must be present.
    mutating func requiredInteger(_ key: String) -> Int64? {
        guard value(key) != nil else {
            fail(key, "is required")
            return nil
        }
        return optionalInteger(key)
    }

    /// An integer that may be absent. Integral numbers written with a fraction or exponent
    /// (`123.0`, `1e3`, as Python's `json` writes floats) are accepted up to 2^53, where doubles
    /// stop being exact; `1.5` and strings such as `"123"` are not.
    mutating func optionalInteger(_ key: String) -> Int64? {
        guard let value = value(key) else { return nil }
        switch value {
        case .integer(let integer):
            return integer
        case .double(let double):
            guard double == double.rounded() else {
                fail(key, "must be an integer")
                return nil
            }
            guard abs(double) <= 9_007_199_254_740_992 else {
                fail(key, "is out of range for a 64-bit integer")
                return nil
            }
            return Int64(double)
        default:
            fail(key, "must be an integer, not \(value.typeDescription)")
            return nil
        }
    }

    /// A number that may be absent. The parser guarantees it is finite.
    mutating func optionalNumber(_ key: String) -> Double? {
        guard let value = value(key) else { return nil }
        switch value {
        case .integer(let integer): return Double(integer)
        case .double(let double): return double
        default:
            fail(key, "must be a number, not \(value.typeDescription)")
            return nil
        }
    }
}
