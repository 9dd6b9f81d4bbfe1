import CMongoC

/// A heap-allocated `bson_error_t`.
///
/// The C type is 8-byte aligned but may import with a smaller alignment, so it is never put
/// on the Swift stack. Not Sendable: create one per call on the thread that uses it.
final class BSONErrorBuffer {
    let pointer: UnsafeMutablePointer<bson_error_t>

    init() {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(MemoryLayout<bson_error_t>.size, 512), alignment: 16)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: max(MemoryLayout<bson_error_t>.size, 512))
        pointer = raw.bindMemory(to: bson_error_t.self, capacity: 1)
    }

    deinit {
        UnsafeMutableRawPointer(pointer).deallocate()
    }

    /// The error classified into the storage layer's error type.
    var storageError: StorageError { StorageError(UnsafePointer(pointer)) }

    /// Reads the NUL-terminated message out of the C char-array tuple.
    static func message(of error: UnsafePointer<bson_error_t>) -> String {
        withUnsafeBytes(of: error.pointee.message) { bytes in
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }
}
