import CMongoC

/// New MongoDB ObjectIds as 24 lowercase hex digits.
public enum ObjectID {
    /// An ObjectId's 12 bytes.
    typealias Bytes = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    /// A fresh ObjectId. libbson's default context makes ids from one process increase with
    /// time and a counter, so documents inserted later sort after earlier ones by `_id`.
    public static func generate() -> String {
        var oid = bson_oid_t()
        bson_oid_init(&oid, nil)
        return hex(oid.bytes)
    }

    /// The 24 lowercase hex digits of `id`.
    static func hex(_ id: Bytes) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: id) { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(24)
            for byte in bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
