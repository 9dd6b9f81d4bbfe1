/// Request ids: the client's `X-Request-Id` when it is sane, otherwise one made here.
///
/// A sane id is 1–128 characters of `[A-Za-z0-9._-]`: enough for UUIDs, ULIDs and trace ids, and
/// nothing that could split a log line, forge a JSON field or smuggle a header.
public enum RequestID {
    /// The longest id accepted from a client.
    public static let maximumLength = 128

    /// The header that carries the id both ways.
    public static let headerName = "X-Request-Id"

    /// Whether `text` may be used as a request id as it stands.
    public static func isSane(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= maximumLength else { return false }
        return utf8.allSatisfy(isIDByte)
    }

    @inline(__always)
    static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// The id for a request with these headers: the first `X-Request-Id` when sane, else a new one.
    static func resolve(_ headers: HTTPHeaders, generator: inout RequestIDGenerator) -> String {
        if let sent = headers[headerName], isSane(sent) { return sent }
        return generator.next()
    }
}

/// Makes unique request ids without allocating: 15 ASCII characters, which Swift stores inline in the
/// `String` itself.
///
/// Six random base-62 characters chosen when the generator is made (one per loop, so ~35 bits tell
/// processes and loops apart) followed by a 9-digit hexadecimal counter (2^36 ids before it wraps).
public struct RequestIDGenerator: Sendable {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private static let hex = Array("0123456789abcdef".utf8)
    private let prefix: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)
    private var counter: UInt64 = 0

    /// A generator with a random prefix.
    public init() {
        var random = SystemRandomNumberGenerator()
        func pick() -> UInt8 { Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))] }
        prefix = (pick(), pick(), pick(), pick(), pick(), pick())
    }

    /// The next id.
    public mutating func next() -> String {
        counter &+= 1
        let value = counter
        return String(unsafeUninitializedCapacity: 15) { buffer in
            buffer[0] = prefix.0
            buffer[1] = prefix.1
            buffer[2] = prefix.2
            buffer[3] = prefix.3
            buffer[4] = prefix.4
            buffer[5] = prefix.5
            var rest = value
            for index in stride(from: 14, through: 6, by: -1) {
                buffer[index] = Self.hex[Int(rest & 0xF)]
                rest >>= 4
            }
            return 15
        }
    }
}
