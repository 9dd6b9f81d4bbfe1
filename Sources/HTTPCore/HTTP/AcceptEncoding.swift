/// Reads `Accept-Encoding` (RFC 9110 §12.5.3) for the one coding this server sends: gzip.
///
/// Each element is a coding with optional parameters, of which `q` (a weight from 0 to 1, three decimals at most)
/// counts; `q=0` refuses the coding. `gzip` (or its alias `x-gzip`) named explicitly decides; otherwise `*`
/// decides; otherwise gzip is not acceptable. An element with a malformed weight is ignored, so a header this
/// parser cannot read never brings a compressed body to a client that may not decode it. Nothing is allocated, and
/// the value is read as the bytes of its string (every cached UI answer over 1 KiB asks).
public enum AcceptEncoding {
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// Whether a response to a request with these headers may be sent gzip-encoded.
    public static func allowsGzip(_ headers: HTTPHeaders) -> Bool {
        var gzip: Int?
        var any: Int?
        for field in headers.fields where field.name.utf8.elementsEqualIgnoringASCIICase("Accept-Encoding".utf8) {
            var value = field.value
            value.withUTF8 { bytes in
                var rest = bytes[...]
                while let element = nextPart(&rest, separator: UInt8(ascii: ",")) {
                    guard let (coding, weight) = parse(element) else { continue }
                    if coding.elementsEqualIgnoringASCIICase("gzip".utf8)
                        || coding.elementsEqualIgnoringASCIICase("x-gzip".utf8)
                    {
                        gzip = gzip ?? weight
                    } else if coding.elementsEqual("*".utf8) {
                        any = any ?? weight
                    }
                }
            }
        }
        return (gzip ?? any ?? 0) > 0
    }

    /// `coding *( OWS ";" OWS name "=" value )`: the coding and its weight in thousandths (1000 without `q`); nil
    /// when the weight is malformed or the coding empty.
    static func parse(_ element: Bytes) -> (coding: Bytes, weight: Int)? {
        var rest = element
        guard let first = nextPart(&rest, separator: UInt8(ascii: ";")) else { return nil }
        let coding = trim(first)
        guard !coding.isEmpty else { return nil }
        var weight = 1000
        while let next = nextPart(&rest, separator: UInt8(ascii: ";")) {
            let parameter = trim(next)
            guard parameter.count >= 2, parameter.first! | 0x20 == UInt8(ascii: "q"),
                parameter.dropFirst().first == UInt8(ascii: "=")
            else { continue }
            guard let value = qvalue(parameter.dropFirst(2)) else { return nil }
            weight = value
        }
        return (coding, weight)
    }

    /// The text up to the next `separator` (or the end), taken off the front of `rest`; nil when `rest` is empty.
    private static func nextPart(_ rest: inout Bytes, separator: UInt8) -> Bytes? {
        guard !rest.isEmpty else { return nil }
        let end = rest.firstIndex(of: separator) ?? rest.endIndex
        let part = rest[..<end]
        rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        return part
    }

    /// `( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` in thousandths.
    static func qvalue(_ text: Bytes) -> Int? {
        guard let lead = text.first, lead == UInt8(ascii: "0") || lead == UInt8(ascii: "1") else { return nil }
        var value = Int(lead - UInt8(ascii: "0")) * 1000
        var digits = text.dropFirst()
        guard !digits.isEmpty else { return value }
        guard digits.popFirst() == UInt8(ascii: "."), digits.count <= 3 else { return nil }
        var scale = 100
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9"),
                lead == UInt8(ascii: "0") || digit == UInt8(ascii: "0")
            else { return nil }
            value += Int(digit - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value
    }

    private static func trim(_ text: Bytes) -> Bytes {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let start = text.firstIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
        let end = text.lastIndex(where: { !isSpace($0) })!
        return text[start...end]
    }
}
