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
    /// Splits on the UTF-8 bytes of `&` and `=` (both ASCII, so every split falls on a character boundary)
    /// rather than on `Character`s, which would run grapheme breaking over every byte of every request's query.
    public init(_ query: Substring) {
        pairs = []
        let bytes = query.utf8
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            let name = query[piece.startIndex..<(equals ?? piece.endIndex)]
            let value = query[(equals.map { bytes.index(after: $0) } ?? piece.endIndex)..<piece.endIndex]
            guard let decodedName = PercentDecoding.decode(name, plusAsSpace: true),
                let decodedValue = PercentDecoding.decode(value, plusAsSpace: true)
            else {
                undecodable.append(String(name))
                continue
            }
            pairs.append((decodedName, decodedValue))
        }
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
