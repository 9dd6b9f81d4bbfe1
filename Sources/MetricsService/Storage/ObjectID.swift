import CMongoC

/// MongoDB ObjectIds as 24 lowercase hex digits, made and printed by libbson.
public enum ObjectID {
    /// An ObjectId's 12 bytes.
    typealias Bytes = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    /// A fresh ObjectId. libbson's default context makes ids from one process increase with
    /// time and a counter, so documents inserted later sort after earlier ones by `_id`.
    public static func generate() -> String {
        var oid = bson_oid_t()
        bson_oid_init(&oid, nil)
        return text(&oid)
    }

    /// `oid` as 24 lowercase hex digits (`bson_oid_to_string`).
    static func text(_ oid: UnsafePointer<bson_oid_t>) -> String {
        // 24 digits and libbson's terminating NUL.
        String(unsafeUninitializedCapacity: 25) { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                bson_oid_to_string(oid, characters.baseAddress)
            }
            return 24
        }
    }

    /// The 24 lowercase hex digits of `id`.
    static func hex(_ id: Bytes) -> String {
        var oid = bson_oid_t(bytes: id)
        return text(&oid)
    }
}
