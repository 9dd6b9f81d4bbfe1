/// A strong entity tag for a fixed representation, and the `If-None-Match` check against it
/// (RFC 9110 §8.8.3, §13.1.2).
public struct EntityTag: Sendable, Equatable {
    /// The quoted tag as sent in `ETag`, e.g. `"0123456789abcdef"`.
    public let value: String

    /// A tag derived from `bytes` with 64-bit FNV-1a: stable for the same bytes, different when they change.
    /// Meant for representations built into the binary, hashed once at start-up.
    public init(hashing bytes: [UInt8]) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(hash, radix: 16)
        value = "\"" + String(repeating: "0", count: 16 - hex.utf8.count) + hex + "\""
    }

    /// Whether an `If-None-Match` field value matches this tag, so the answer is `304 Not Modified`: `*`
    /// matches any current representation; otherwise the listed tags are compared weakly (a `W/` prefix on
    /// either side is ignored), as RFC 9110 §13.1.2 requires for this field.
    public func matches(ifNoneMatch field: String) -> Bool {
        let trimmed = field.trimmingASCIIWhitespace
        if trimmed == "*" { return true }
        let opaque = value.utf8
        for member in trimmed.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
            var tag = member.trimmingASCIIWhitespace
            if tag.starts(with: "W/".utf8) { tag = tag.dropFirst(2) }
            if tag.elementsEqual(opaque) { return true }
        }
        return false
    }
}

extension Substring.UTF8View {
    fileprivate var trimmingASCIIWhitespace: Substring.UTF8View {
        var view = self
        while let first = view.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            view = view.dropFirst()
        }
        while let last = view.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { view = view.dropLast() }
        return view
    }
}

extension String {
    fileprivate var trimmingASCIIWhitespace: String {
        String(Substring(self).utf8.trimmingASCIIWhitespace) ?? self
    }
}
