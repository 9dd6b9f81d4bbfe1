/// The decoded `name=value` pairs of a query string, in order.
///
/// Parsed as `application/x-www-form-urlencoded`: pairs split on `&`, name from value on the first `=`,
/// `+` is a space and `%XX` escapes are decoded. A pair without `=` has the value `""`. A pair whose
/// name or value is not valid percent-encoded UTF-8 is left out of `pairs` and its raw name put in
/// `undecodable`, so a handler reports it in its own terms (rather than the whole request failing here) and
/// never mistakes a filter it could not read for one that was not sent.
public struct QueryParameters: Sendable, Equatable {
    /// The pairs in the order they appeared.
    public private(set) var pairs: [(name: String, value: String)]
    /// The names, as sent (still percent-encoded), of the pairs that were not valid percent-encoded UTF-8.
    public private(set) var undecodable: [String] = []

    /// Parses `query` (the text after `?`, without the `?`).
    ///
    /// One pass over the query's UTF-8 bytes, splitting on `&` and `=` (both ASCII, so every split falls on a
    /// character boundary): no `Character`s (grapheme breaking over every byte) and no `String.Index` walking.
    public init(_ query: Substring) {
        var query = query
        let (pairs, undecodable) = query.withUTF8 { Self.parse($0) }
        self.pairs = pairs
        self.undecodable = undecodable
    }

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>
    ) -> (pairs: [(name: String, value: String)], undecodable: [String]) {
        var pairs: [(name: String, value: String)] = []
        pairs.reserveCapacity(4)
        var undecodable: [String] = []
        var start = 0
        while start < bytes.count {
            var end = start
            var equals: Int?
            while end < bytes.count && bytes[end] != UInt8(ascii: "&") {
                if equals == nil && bytes[end] == UInt8(ascii: "=") { equals = end }
                end += 1
            }
            if end > start {
                let name = UnsafeBufferPointer(rebasing: bytes[start..<(equals ?? end)])
                let value = UnsafeBufferPointer(rebasing: bytes[(equals.map { $0 + 1 } ?? end)..<end])
                if let decodedName = PercentDecoding.decode(utf8: name, plusAsSpace: true),
                    let decodedValue = PercentDecoding.decode(utf8: value, plusAsSpace: true)
                {
                    pairs.append((decodedName, decodedValue))
                } else {
                    // Split from valid UTF-8 at ASCII bytes, so the raw name is valid UTF-8 as it is.
                    undecodable.append(String(decoding: name, as: UTF8.self))
                }
            }
            start = end + 1
        }
        return (pairs, undecodable)
    }

    /// The first value for `name` (exact, case-sensitive match), or `nil` when absent.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value for `name`, in order (`?tag=a&tag=b`).
    public func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// Whether there are no pairs.
    public var isEmpty: Bool { pairs.isEmpty }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
            && lhs.undecodable == rhs.undecodable
    }
}
