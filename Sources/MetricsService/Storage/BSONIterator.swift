import CMongoC

/// A heap-allocated `bson_iter_t`.
///
/// The C type is 128-byte aligned but imports with a smaller alignment, so it must never live
/// on the Swift stack. Valid only while the document it walks is alive.
final class BSONIterator {
    /// The `bson_iter_t *` as libbson expects it.
    let raw: OpaquePointer
    private let storage: UnsafeMutableRawPointer

    init() {
        storage = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 128)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: 256)
        raw = OpaquePointer(storage)
    }

    deinit {
        storage.deallocate()
    }

    /// Positions before the first element of `document`.
    func start(_ document: OpaquePointer) -> Bool {
        bson_iter_init(raw, document)
    }

    /// Positions on the first element named `key`.
    func find(_ key: String, in document: OpaquePointer) -> Bool {
        bson_iter_init_find(raw, document, key)
    }

    func next() -> Bool { bson_iter_next(raw) }

    var key: String { String(cString: bson_iter_key(raw)) }

    var typeCode: UInt8 { UInt8(truncatingIfNeeded: bson_iter_type(raw).rawValue) }

    /// A new iterator over the document or array at the current position, or nil.
    func children() -> BSONIterator? {
        let child = BSONIterator()
        return bson_iter_recurse(raw, child.raw) ? child : nil
    }

    /// The current element as a `BSONValue`, recursing into documents and arrays.
    func value() -> BSONValue {
        switch typeCode {
        case 0x01: return .double(bson_iter_double(raw))
        case 0x02:
            var length: UInt32 = 0
            guard let bytes = bson_iter_utf8(raw, &length) else { return .string("") }
            let buffer = UnsafeRawBufferPointer(start: bytes, count: Int(length))
            return .string(String(decoding: buffer, as: UTF8.self))
        case 0x03:
            var fields: [(String, BSONValue)] = []
            if let child = children() {
                while child.next() { fields.append((child.key, child.value())) }
            }
            return .document(fields)
        case 0x04:
            var elements: [BSONValue] = []
            if let child = children() {
                while child.next() { elements.append(child.value()) }
            }
            return .array(elements)
        case 0x07:
            guard let oid = bson_iter_oid(raw) else { return .null }
            return .objectID(ObjectID.text(oid))
        case 0x08: return .bool(bson_iter_bool(raw))
        case 0x09: return .date(bson_iter_date_time(raw))
        case 0x0A: return .null
        case 0x10: return .int32(bson_iter_int32(raw))
        case 0x12: return .int64(bson_iter_int64(raw))
        case let code: return .unsupported(typeCode: code)
        }
    }
}
