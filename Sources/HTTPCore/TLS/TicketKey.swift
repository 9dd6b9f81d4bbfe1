import COpenSSL

/// Key material for one generation of session tickets, in the shape of OpenSSL's ticket format: a 16-byte name
/// sent in clear so a later ticket can find its key, AES-256-CBC for the sealed session, HMAC-SHA256 over it.
struct TicketKey: Sendable, Equatable {
    static let nameLength = 16
    static let aesKeyLength = 32
    static let hmacKeyLength = 32

    var name: [UInt8]
    var aesKey: [UInt8]
    var hmacKey: [UInt8]

    /// A key from OpenSSL's CSPRNG (seeded from `getrandom`).
    static func random() throws(TLSError) -> TicketKey {
        TicketKey(
            name: try randomBytes(nameLength),
            aesKey: try randomBytes(aesKeyLength),
            hmacKey: try randomBytes(hmacKeyLength))
    }

    private static func randomBytes(_ count: Int) throws(TLSError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        ERR_clear_error()
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw TLSError.draining("RAND_bytes") }
        return bytes
    }
}
