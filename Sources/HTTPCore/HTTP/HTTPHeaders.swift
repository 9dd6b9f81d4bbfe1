/// An ordered list of header fields with case-insensitive lookup.
///
/// Names keep the case they arrived with; lookups compare ASCII case-insensitively.
public struct HTTPHeaders: Sendable, Equatable {
    /// The fields in order of arrival (or of addition).
    public private(set) var fields: [(name: String, value: String)]

    /// Creates headers from `fields`.
    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// The first value of the field named `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        for field in fields where field.name.utf8.elementsEqualIgnoringASCIICase(name.utf8) {
            return field.value
        }
        return nil
    }

    /// Every value of the field named `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.utf8.elementsEqualIgnoringASCIICase(name.utf8) }.map(\.value)
    }

    /// Appends a field, keeping any earlier field of the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name, value))
    }

    /// Replaces every field named `name` with one field holding `value`.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name)
        fields.append((name, value))
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.utf8.elementsEqualIgnoringASCIICase(name.utf8) }
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}

extension Sequence where Element == UInt8 {
    /// Compares two byte sequences, folding ASCII letters to lower case.
    @inlinable
    public func elementsEqualIgnoringASCIICase<Other: Sequence<UInt8>>(_ other: Other) -> Bool {
        self.elementsEqual(other) { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
        }
    }
}
