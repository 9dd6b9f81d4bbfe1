import COpenSSL

/// The SHA-256 of an API key: what the keys file holds instead of the key.
///
/// Its `description` is redacted, so interpolating one into a log line cannot leak it; equality is
/// constant-time (`CRYPTO_memcmp`).
public struct APIKeyHash: Sendable, Equatable, CustomStringConvertible {
    /// Bytes in a SHA-256 digest.
    public static let byteCount = 32

    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The hash of `key`'s UTF-8 bytes.
    public init(key: some StringProtocol) {
        var key = String(key)
        var digest = [UInt8](repeating: 0, count: Self.byteCount)
        key.withUTF8 { text in
            digest.withUnsafeMutableBufferPointer { copenssl_sha256(text.baseAddress, text.count, $0.baseAddress) }
        }
        bytes = digest
    }

    /// Parses 64 hexadecimal digits (either case); nil for anything else.
    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard digits.count == Self.byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        var index = 0
        while index < digits.count {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    /// Lower-case hexadecimal, as the keys file holds it. For `keys hash` and `keys new` only: never log it.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(Self.byteCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { "APIKeyHash(redacted)" }

    public static func == (lhs: APIKeyHash, rhs: APIKeyHash) -> Bool {
        lhs.bytes.withUnsafeBytes { left in
            rhs.bytes.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, byteCount) == 0
            }
        }
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
