/// Writes BSON documents as bytes in one growing buffer, without libbson: ingest builds each run's
/// document on its event loop straight from the request bytes, and the buffer (a Sendable value, unlike a
/// `bson_t`) goes to a database thread, which hands libmongoc read-only views of it (`BSONDocumentBatch`).
///
/// Callers open a document or array, append elements, and close it with the offset `begin…` returned;
/// closing fills in the length. Keys and string values are copied as given: the caller guarantees keys
/// hold no NUL and strings are valid UTF-8 (libmongoc is told not to validate them again).
struct BSONWriter: Sendable {
    /// The bytes written so far (the first `count`), then spare capacity. Each element is stored
    /// through one pointer after one capacity check, rather than by an `Array.append` per part, each with
    /// its own uniqueness and capacity checks and a `memmove` call for a few bytes.
    private var storage: [UInt8]
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int = 0) {
        storage = [UInt8](repeating: 0, count: max(capacity, 64))
    }

    /// Everything written so far: complete documents once every `begin` has been closed. A copy when spare
    /// capacity is left; `withBytes` reads the bytes in place.
    var bytes: [UInt8] {
        storage.count == count ? storage : Array(storage[..<count])
    }

    /// Calls `body` with the bytes written so far, in place.
    func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// Drops everything from `offset` on (a document that turned out not to be wanted).
    mutating func truncate(to offset: Int) {
        precondition(offset >= 0 && offset <= count, "truncating past the end")
        count = offset
    }

    // MARK: - Containers

    /// Opens a top-level document; returns its offset for `end(_:)`.
    mutating func beginDocument() -> Int {
        let start = count
        write(4) { _ in }  // the length, filled in by `end`
        return start
    }

    /// Opens an embedded array named `key`; its elements take keys `index(_:)`.
    mutating func beginArray(_ key: StaticString) -> Int {
        element(0x04, key, 0) { _ in }
        return beginDocument()
    }

    /// Opens an embedded document named `key`.
    mutating func beginDocument(_ key: StaticString) -> Int {
        element(0x03, key, 0) { _ in }
        return beginDocument()
    }

    /// Closes the document or array opened at `start`.
    mutating func end(_ start: Int) {
        write(1) { $0.storeBytes(of: 0, as: UInt8.self) }
        let length = UInt32(truncatingIfNeeded: count - start)
        storage.withUnsafeMutableBytes { $0.storeBytes(of: length.littleEndian, toByteOffset: start, as: UInt32.self) }
    }

    // MARK: - Elements under a static key

    mutating func int64(_ key: StaticString, _ value: Int64) {
        element(0x12, key, 8) { $0.storeBytes(of: value.littleEndian, as: Int64.self) }
    }

    mutating func double(_ key: StaticString, _ value: Double) {
        element(0x01, key, 8) { $0.storeBytes(of: value.bitPattern.littleEndian, as: UInt64.self) }
    }

    /// A UTC datetime in milliseconds since the epoch.
    mutating func date(_ key: StaticString, _ milliseconds: Int64) {
        element(0x09, key, 8) { $0.storeBytes(of: milliseconds.littleEndian, as: Int64.self) }
    }

    mutating func bool(_ key: StaticString, _ value: Bool) {
        element(0x08, key, 1) { $0.storeBytes(of: value ? 1 : 0, as: UInt8.self) }
    }

    mutating func null(_ key: StaticString) {
        element(0x0A, key, 0) { _ in }
    }

    /// An ObjectId from its 12 bytes.
    mutating func objectID(_ key: StaticString, _ id: ObjectID.Bytes) {
        element(0x07, key, 12) { $0.storeBytes(of: id, as: ObjectID.Bytes.self) }
    }

    /// A string from UTF-8 bytes.
    mutating func string(_ key: StaticString, _ utf8: UnsafeBufferPointer<UInt8>) {
        element(0x02, key, 4 + utf8.count + 1) { Self.storeString(utf8, at: $0) }
    }

    mutating func string(_ key: StaticString, _ text: String) {
        var text = text
        text.withUTF8 { string(key, $0) }
    }

    /// The string element at `index` of an open array.
    mutating func string(index: Int, _ utf8: UnsafeBufferPointer<UInt8>) {
        guard index < 10 else {
            write(1) { $0.storeBytes(of: 0x02, as: UInt8.self) }
            indexKey(index)
            write(4 + utf8.count + 1) { Self.storeString(utf8, at: $0) }
            return
        }
        write(3 + 4 + utf8.count + 1) { element in
            element.storeBytes(of: 0x02, as: UInt8.self)
            let digit = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: index)
            element.storeBytes(of: digit, toByteOffset: 1, as: UInt8.self)
            element.storeBytes(of: 0, toByteOffset: 2, as: UInt8.self)
            Self.storeString(utf8, at: element + 3)
        }
    }

    // MARK: - Encoding

    /// A type byte, a key from a static string (which holds no NUL) and `valueSize` bytes that `value` stores.
    @inline(__always)
    private mutating func element(
        _ type: UInt8, _ key: StaticString, _ valueSize: Int, _ value: (UnsafeMutableRawPointer) -> Void
    ) {
        // A static string's storage ends with a NUL: the key and its terminator in one copy.
        let keySize = key.utf8CodeUnitCount + 1
        write(1 + keySize + valueSize) { element in
            element.storeBytes(of: type, as: UInt8.self)
            (element + 1).copyMemory(from: key.utf8Start, byteCount: keySize)
            value(element + 1 + keySize)
        }
    }

    /// An array element's key: its index in decimal.
    private mutating func indexKey(_ index: Int) {
        var digits = String(index)
        digits.withUTF8 { digits in
            write(digits.count + 1) { key in
                key.copyMemory(from: digits.baseAddress!, byteCount: digits.count)
                key.storeBytes(of: 0, toByteOffset: digits.count, as: UInt8.self)
            }
        }
    }

    /// int32 length (with the NUL), the bytes, a NUL: `utf8.count + 5` bytes at `target`.
    @inline(__always)
    private static func storeString(_ utf8: UnsafeBufferPointer<UInt8>, at target: UnsafeMutableRawPointer) {
        target.storeBytes(of: UInt32(truncatingIfNeeded: utf8.count + 1).littleEndian, as: UInt32.self)
        if let source = utf8.baseAddress { (target + 4).copyMemory(from: source, byteCount: utf8.count) }
        target.storeBytes(of: 0, toByteOffset: 4 + utf8.count, as: UInt8.self)
    }

    /// Appends `size` bytes that `body` stores at the pointer it is given.
    @inline(__always)
    private mutating func write(_ size: Int, _ body: (UnsafeMutableRawPointer) -> Void) {
        if size > storage.count &- count { grow(toHold: size) }
        let offset = count
        storage.withUnsafeMutableBytes { body($0.baseAddress! + offset) }
        count = offset + size
    }

    /// Doubles the spare capacity (at least) so that `size` more bytes fit.
    private mutating func grow(toHold size: Int) {
        let needed = count + size
        storage.append(contentsOf: repeatElement(0, count: max(needed, storage.count * 2) - storage.count))
    }
}
