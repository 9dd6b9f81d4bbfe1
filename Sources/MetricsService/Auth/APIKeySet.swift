import COpenSSL

/// The keys of one load of the keys file: immutable, shared by every loop until a reload replaces it.
public final class APIKeySet: Sendable {
    /// The keys, in file order.
    public let records: [APIKeyRecord]
    /// Every record's hash back to back (32 bytes each), so a lookup touches one contiguous buffer.
    private let hashes: [UInt8]

    public init(_ records: [APIKeyRecord]) {
        self.records = records
        hashes = records.flatMap(\.hash.bytes)
    }

    /// The record for `token`, found by hashing it and comparing the hash with every stored hash in constant
    /// time (`CRYPTO_memcmp`, and no early exit), so the time taken says nothing about how close a guess was.
    /// Allocates nothing.
    public func record(forToken token: Substring) -> APIKeyRecord? {
        guard let index = index(ofToken: token) else { return nil }
        return records[index]
    }

    func index(ofToken token: Substring) -> Int? {
        var token = token
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: APIKeyHash.byteCount) { digest in
            token.withUTF8 { copenssl_sha256($0.baseAddress, $0.count, digest.baseAddress) }
            defer { digest.update(repeating: 0) }
            return hashes.withUnsafeBufferPointer { stored in
                var found = -1
                var offset = 0
                for index in 0..<records.count {
                    let equal = CRYPTO_memcmp(stored.baseAddress! + offset, digest.baseAddress, APIKeyHash.byteCount)
                    if equal == 0 { found = index }
                    offset += APIKeyHash.byteCount
                }
                return found >= 0 ? found : nil
            }
        }
    }
}
