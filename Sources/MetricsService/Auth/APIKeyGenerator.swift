import HTTPCore

/// New API keys: `am_` and 32 random bytes from the kernel (`getrandom`) in unpadded base64url, 46 characters.
public enum APIKeyGenerator {
    /// Every generated key starts with this, so a leaked key is recognisable to secret scanners.
    public static let prefix = "am_"
    /// Random bytes in a key: 256 bits.
    public static let randomByteCount = 32

    /// A fresh key.
    public static func newKey() throws(System.RandomError) -> String {
        key(fromRandomBytes: try System.randomBytes(randomByteCount))
    }

    /// The key made of `bytes` (the pure half of `newKey`, for tests).
    public static func key(fromRandomBytes bytes: [UInt8]) -> String {
        prefix + Base64URL.encode(bytes)
    }
}
