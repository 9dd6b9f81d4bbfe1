import HTTPCore
import Testing

@testable import MetricsService

/// Hashing, the key set's lookup, the atomic store and key generation.
@Suite struct APIKeyHashTests {
    @Test func hashesWithSHA256() {
        // FIPS 180-2 test vectors.
        #expect(APIKeyHash(key: "abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(APIKeyHash(key: "").hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func neverPrintsItsBytes() {
        let hash = APIKeyHash(key: "am_secret")
        #expect("\(hash)" == "APIKeyHash(redacted)")
        #expect(!"\([hash])".contains(hash.hex))
    }

    @Test func rejectsHexOfTheWrongLengthOrAlphabet() {
        #expect(APIKeyHash(hex: String(repeating: "a", count: 63)) == nil)
        #expect(APIKeyHash(hex: String(repeating: "a", count: 65)) == nil)
        #expect(APIKeyHash(hex: String(repeating: "a", count: 62) + "x1") == nil)
        #expect(
            APIKeyHash(hex: String(repeating: "A", count: 64)) == APIKeyHash(hex: String(repeating: "a", count: 64)))
    }

    @Test func findsTheRecordOfAKeyAmongSeveral() {
        let records = (0..<5).map { APIKeyRecord(scope: .read, hash: APIKeyHash(key: "am_key\($0)"), name: "k\($0)") }
        let set = APIKeySet(records)
        #expect(set.record(forToken: "am_key3")?.name == "k3")
        #expect(set.record(forToken: "am_key0")?.name == "k0")
        #expect(set.record(forToken: "am_key4")?.name == "k4")
        #expect(set.record(forToken: "am_key5") == nil)
        #expect(APIKeySet([]).record(forToken: "am_key0") == nil)
        // A slice in the middle of a larger string hashes only its own bytes.
        let header = "Bearer am_key2 trailing"
        let token = header.dropFirst(7).prefix(7)
        #expect(set.record(forToken: token)?.name == "k2")
    }

    @Test func aStoredHashDifferingInAnyOneBitDoesNotMatch() {
        let real = APIKeyHash(key: "am_target").bytes
        for byte in 0..<APIKeyHash.byteCount {
            for bit in [0, 7] {
                var near = real
                near[byte] ^= 1 << bit
                let hex = near.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
                let set = APIKeySet([APIKeyRecord(scope: .admin, hash: APIKeyHash(hex: hex)!, name: "near")])
                #expect(set.record(forToken: "am_target") == nil, "byte \(byte) bit \(bit)")
            }
        }
        let exact = APIKeySet([APIKeyRecord(scope: .admin, hash: APIKeyHash(key: "am_target"), name: "exact")])
        #expect(exact.record(forToken: "am_target")?.name == "exact")
    }

    @Test func replacingTheSetChangesWhatTheStoreFinds() {
        let old = APIKeySet([APIKeyRecord(scope: .read, hash: APIKeyHash(key: "am_old"), name: "old")])
        let store = APIKeyStore(old)
        #expect(store.withKeys { $0.record(forToken: "am_old") }?.name == "old")
        store.replace(with: APIKeySet([APIKeyRecord(scope: .admin, hash: APIKeyHash(key: "am_new"), name: "new")]))
        #expect(store.withKeys { $0.record(forToken: "am_old") } == nil)
        #expect(store.keys.record(forToken: "am_new")?.scope == .admin)
        // The old snapshot is still a valid object for a reader that held it.
        #expect(old.record(forToken: "am_old")?.name == "old")
    }

    @Test func concurrentReadersSeeEitherTheOldOrTheNewSetNeverAMix() async {
        let a = APIKeySet([APIKeyRecord(scope: .read, hash: APIKeyHash(key: "am_a"), name: "a")])
        let b = APIKeySet([APIKeyRecord(scope: .read, hash: APIKeyHash(key: "am_b"), name: "b")])
        let store = APIKeyStore(a)
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for round in 0..<2_000 { store.replace(with: round.isMultiple(of: 2) ? b : a) }
                return true
            }
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<2_000 {
                        let found = store.withKeys { ($0.record(forToken: "am_a"), $0.record(forToken: "am_b")) }
                        if (found.0 == nil) == (found.1 == nil) { return false }
                    }
                    return true
                }
            }
            for await consistent in group { #expect(consistent) }
        }
    }

    @Test func generatedKeysAreAmPrefixedUnpaddedBase64URLOf32RandomBytes() throws {
        // 0xFBFBFB is 111110 111111 101111 111011: "-_v7", with - and _ where base64 has + and /; the last two
        // bytes make three characters and no padding.
        #expect(
            APIKeyGenerator.key(fromRandomBytes: [UInt8](repeating: 0xFB, count: 32))
                == "am_" + String(repeating: "-_v7", count: 10) + "-_s")
        let first = try APIKeyGenerator.newKey()
        let second = try APIKeyGenerator.newKey()
        #expect(first.count == 46 && second.count == 46)
        #expect(first.hasPrefix("am_"))
        #expect(first != second)
        #expect(APICredential.isWellFormed(Substring(first)))
        #expect(Base64URL.decode(String(first.dropFirst(3)))?.count == 32)
    }

    @Test func scopesAllowThemselvesAndAdminAllowsEverything() {
        for required in APIScope.allCases {
            #expect(APIScope.admin.allows(required))
            #expect(APIScope.ingest.allows(required) == (required == .ingest))
            #expect(APIScope.read.allows(required) == (required == .read))
        }
    }
}
