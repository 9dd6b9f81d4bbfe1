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
    /// Every record's hash back to back, 32 bytes (four words) each.
    private let hashes: UnsafeMutablePointer<UInt64>
    private let scopes: UnsafeMutablePointer<APIScope>

    public init(_ records: [APIKeyRecord]) {
        self.records = records
        count = records.count
        hashes = .allocate(capacity: max(1, records.count * Self.wordsPerHash))
        scopes = .allocate(capacity: max(1, records.count))
        for (index, record) in records.enumerated() {
            record.hash.bytes.withUnsafeBytes { bytes in
                for word in 0..<Self.wordsPerHash {
                    (hashes + index * Self.wordsPerHash + word).initialize(
                        to: bytes.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self))
                }
            }
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

    private static let wordsPerHash = APIKeyHash.byteCount / 8

    /// The index of the key whose hash equals the SHA-256 of `token`. Every stored hash is compared in full and
    /// without stopping at a match, so the time taken says nothing about how close a guess was or which key
    /// matched. Allocates nothing.
    ///
    /// The comparison XORs four 64-bit words and ORs the results, with no branch on the data: constant-time like
    /// `CRYPTO_memcmp`, which compares a byte at a time through a volatile pointer and took ~17 ns per key
    /// (AuthCheckBench), so a file of a hundred keys cost more than the rest of the request.
    @inline(__always)
    func index(ofTokenBytes token: UnsafeBufferPointer<UInt8>) -> Int? {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.wordsPerHash) { digest in
            digest.withMemoryRebound(to: UInt8.self) { copenssl_sha256(token.baseAddress, token.count, $0.baseAddress) }
            defer { digest.update(repeating: 0) }
            let (d0, d1, d2, d3) = (digest[0], digest[1], digest[2], digest[3])
            var found = -1
            var stored = UnsafePointer(hashes)
            for index in 0..<count {
                let difference = (stored[0] ^ d0) | (stored[1] ^ d1) | (stored[2] ^ d2) | (stored[3] ^ d3)
                found = difference == 0 ? index : found
                stored += Self.wordsPerHash
            }
            return found >= 0 ? found : nil
        }
    }
}
