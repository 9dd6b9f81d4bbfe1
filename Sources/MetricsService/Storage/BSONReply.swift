import CMongoC

/// Heap storage for a `bson_t` that libmongoc fills in as a reply.
///
/// `bson_t` is 128-byte aligned in C but not when imported, so it cannot be a Swift local.
/// The storage is initialised empty up front so it is always safe to destroy, whether or not
/// the call that was meant to fill it ran.
final class BSONReply {
    /// The `bson_t *` to pass as a reply argument.
    let raw: OpaquePointer
    private let storage: UnsafeMutableRawPointer

    init() {
        storage = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 128)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: 256)
        raw = OpaquePointer(storage)
        bson_init(raw)
    }

    deinit {
        bson_destroy(raw)
        storage.deallocate()
    }

    /// The reply's fields as plain values.
    var value: BSONValue { BSONDocument.value(ofBorrowed: raw) }

    /// An owned copy of the reply.
    func copy() -> BSONDocument { BSONDocument(copying: raw) }
}
