import COpenSSL

/// The keys of one load of the keys file: immutable, shared by every loop until a reload replaces it.
///
/// The per-request lookup reads only memory this object allocated itself (hashes and scopes), never a Swift
/// array or string, so two loops checking keys at once never write to a shared reference count.
public final class APIKeySet: @unchecked Sendable {
    // Safety: `hashes` and `scopes` are allocated and fully written in `init`, only read afterwards, and freed in
    // `deinit`, which runs only when no reference (and so no reader) remains.
    /// The keys, in file order.
    public let records: [APIKeyRecord]
    private let count: Int
    /// Every record's hash back to back, 32 bytes each.
    private let hashes: UnsafeMutablePointer<UInt8>
    private let scopes: UnsafeMutablePointer<APIScope>

    public init(_ records: [APIKeyRecord]) {
        self.records = records
        count = records.count
        hashes = .allocate(capacity: max(1, records.count * APIKeyHash.byteCount))
        scopes = .allocate(capacity: max(1, records.count))
        for (index, record) in records.enumerated() {
            (hashes + index * APIKeyHash.byteCount).initialize(from: record.hash.bytes, count: APIKeyHash.byteCount)
            (scopes + index).initialize(to: record.scope)
        }
    }

    deinit {
        hashes.deallocate()
        scopes.deallocate()
    }

    /// The record for `token` (see `index(ofToken:)`).
    public func record(forToken token: Substring) -> APIKeyRecord? {
        index(ofToken: token).map { records[$0] }
    }

    /// The scope of the key at `index`.
    func scope(at index: Int) -> APIScope { scopes[index] }

    /// The index of the key whose hash equals the hash of `token` (see `index(ofTokenBytes:)`).
    func index(ofToken token: Substring) -> Int? {
        var token = token
        return token.withUTF8 { index(ofTokenBytes: $0) }
    }

    /// The index of the key whose hash equals the SHA-256 of `token`. Every stored hash is compared, in constant
    /// time (`CRYPTO_memcmp`) and without stopping at a match, so the time taken says nothing about how close a
    /// guess was or which key matched. Allocates nothing.
    @inline(__always)
    func index(ofTokenBytes token: UnsafeBufferPointer<UInt8>) -> Int? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: APIKeyHash.byteCount) { digest in
            copenssl_sha256(token.baseAddress, token.count, digest.baseAddress)
            defer { digest.update(repeating: 0) }
            var found = -1
            for index in 0..<count {
                let stored = hashes + index * APIKeyHash.byteCount
                if CRYPTO_memcmp(stored, digest.baseAddress, APIKeyHash.byteCount) == 0 { found = index }
            }
            return found >= 0 ? found : nil
        }
    }
}
