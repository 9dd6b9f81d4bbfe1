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

extension Collection where Element == UInt8 {
    /// Compares two byte collections, folding ASCII letters to lower case; collections of different lengths
    /// differ without a byte being read (a header name checked against each field of a request, mostly).
    @inlinable
    public func elementsEqualIgnoringASCIICase<Other: Collection<UInt8>>(_ other: Other) -> Bool {
        count == other.count && self.elementsEqual(other) { $0.equalsIgnoringASCIICase($1) }
    }
}

extension UInt8 {
    /// Whether two bytes are equal once ASCII letters are folded to lower case.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: UInt8) -> Bool {
        self == other
            || (self | 0x20 == other | 0x20 && (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z"))
    }
}
