import HTTPCore
import MetricsService

/// libFuzzer entry point (`make fuzz`): arbitrary bytes as a query string (`QueryParameters`, then the run
/// listing's `RunListQuery.decode` with its cursor) and as a path segment (`PercentDecoding`).
///
/// Checks that decoding never makes text longer, that every non-empty `&`-separated piece ends up either as a pair
/// or as an undecodable name, that percent-encoding a decoded segment and decoding it again gives it back, and that
/// the run listing refuses with a 4xx JSON body or accepts only values in bounds, whose next-page link decodes to
/// the same query.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let query = Substring(text)

    let parameters = QueryParameters(query)
    // Split as bytes, as the form encoding is: a `&` followed by a combining mark is one `Character`.
    let pieces = query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true)
    precondition(parameters.pairs.count + parameters.undecodable.count == pieces.count, "a piece went missing")
    let decodedBytes = parameters.pairs.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
    precondition(decodedBytes <= query.utf8.count, "decoded pairs are longer than the query")
    // Undecodable names come from the pieces in order, so one pass over the pieces finds them all.
    var remaining = pieces[...]
    for name in parameters.undecodable {
        guard let found = remaining.firstIndex(where: { $0.starts(with: name.utf8) }) else {
            preconditionFailure("an undecodable name is not from the query")
        }
        remaining = remaining[(found + 1)...]
    }
    checkRunListing(parameters)

    for plusAsSpace in [false, true] {
        guard let decoded = PercentDecoding.decode(query, plusAsSpace: plusAsSpace) else { continue }
        precondition(decoded.utf8.count <= query.utf8.count, "percent-decoding made the text longer")
        let encoded = percentEncoded(decoded)
        precondition(
            PercentDecoding.decode(Substring(encoded), plusAsSpace: plusAsSpace)?.utf8.elementsEqual(decoded.utf8)
                == true,
            "encode → decode changed the text")
    }
    return 0
}

/// Any cursor: the next-page link needs one when the query came without.
private let someCursor = RunCursor(createdMs: 1_690_891_200_000, objectID: "0123456789abcdef01234567")

private func checkRunListing(_ parameters: QueryParameters) {
    let query: RunListQuery
    do {
        query = try RunListQuery.decode(parameters)
    } catch {
        let response = error.response
        precondition((400..<500).contains(response.status.code), "a refused query is not a 4xx")
        precondition((try? JSONParser.parse(response.body)) != nil, "the error body is not JSON")
        return
    }
    precondition((1...RunListQuery.maximumLimit).contains(query.limit), "limit out of bounds")
    for date in [query.sinceMs, query.untilMs, query.cursor?.createdMs].compactMap({ $0 }) {
        precondition(FieldBounds.dates.contains(date), "a date out of bounds")
    }
    if let status = query.status { precondition(!status.isEmpty && !FieldBounds.containsNUL(status), "bad status") }
    if let cursor = query.cursor {
        precondition(RunCursor(token: cursor.token) == cursor, "a cursor does not survive its token")
    }
    let cursor = query.cursor ?? someCursor
    let link = query.nextQueryString(after: cursor)
    var expected = query
    expected.cursor = cursor
    precondition((try? RunListQuery.decode(QueryParameters(Substring(link)))) == expected, "the next-page link differs")
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
private func percentEncoded(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var bytes: [UInt8] = []
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            bytes.append(byte)
        default:
            bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
