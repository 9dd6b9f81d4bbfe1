import COpenSSL

/// `X-Agent-Metrics-Signature: sha256=<hex>`: the HMAC-SHA256 of the exact body bytes under the shared secret,
/// so a receiver can check an event came from this deployment and was not altered (compare in constant time).
public enum WebhookSignature {
    public static let header = "X-Agent-Metrics-Signature"

    /// `sha256=` and the lowercase hex HMAC-SHA256 of `body` under `secret`.
    public static func value(body: [UInt8], secret: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        secret.withUnsafeBytes { key in
            body.withUnsafeBytes { data in
                _ = HMAC(
                    EVP_sha256(), key.baseAddress, Int32(key.count), data.bindMemory(to: UInt8.self).baseAddress,
                    data.count, &digest, &length)
            }
        }
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = Array("sha256=".utf8)
        for byte in digest.prefix(Int(length)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
