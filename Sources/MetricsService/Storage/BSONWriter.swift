/// Writes BSON documents as bytes in one growing buffer, without libbson: ingest builds each run's
/// document on its event loop straight from the request bytes, and the buffer (a Sendable value, unlike a
/// `bson_t`) goes to a database thread, which hands libmongoc read-only views of it (`BSONDocumentBatch`).
///
/// Callers open a document or array, append elements, and close it with the offset `begin…` returned;
/// closing fills in the length. Keys and string values are copied as given: the caller guarantees keys
/// hold no NUL and strings are valid UTF-8 (libmongoc is told not to validate them again).
struct BSONWriter: Sendable {
    /// Everything written so far: complete documents once every `begin` has been closed.
    private(set) var bytes: [UInt8]

    init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Bytes written so far.
    var count: Int { bytes.count }

    /// Drops everything from `offset` on (a document that turned out not to be wanted).
    mutating func truncate(to offset: Int) {
        bytes.removeSubrange(offset...)
    }

    // MARK: - Containers

    /// Opens a top-level document; returns its offset for `end(_:)`.
    mutating func beginDocument() -> Int {
        let start = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0] as [UInt8])
        return start
    }

    /// Opens an embedded array named `key`; its elements take keys `index(_:)`.
    mutating func beginArray(_ key: StaticString) -> Int {
        element(0x04, key)
        return beginDocument()
    }

    /// Opens an embedded document named `key`.
    mutating func beginDocument(_ key: StaticString) -> Int {
        element(0x03, key)
        return beginDocument()
    }

    /// Closes the document or array opened at `start`.
    mutating func end(_ start: Int) {
        bytes.append(0)
        let length = UInt32(truncatingIfNeeded: bytes.count - start)
        bytes[start] = UInt8(truncatingIfNeeded: length)
        bytes[start + 1] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[start + 2] = UInt8(truncatingIfNeeded: length >> 16)
        bytes[start + 3] = UInt8(truncatingIfNeeded: length >> 24)
    }

    // MARK: - Elements under a static key

    mutating func int64(_ key: StaticString, _ value: Int64) {
        element(0x12, key)
        little(UInt64(bitPattern: value))
    }

    mutating func double(_ key: StaticString, _ value: Double) {
        element(0x01, key)
        little(value.bitPattern)
    }

    /// A UTC datetime in milliseconds since the epoch.
    mutating func date(_ key: StaticString, _ milliseconds: Int64) {
        element(0x09, key)
        little(UInt64(bitPattern: milliseconds))
    }

    mutating func bool(_ key: StaticString, _ value: Bool) {
        element(0x08, key)
        bytes.append(value ? 1 : 0)
    }

    mutating func null(_ key: StaticString) {
        element(0x0A, key)
    }

    /// An ObjectId from its 12 bytes.
    mutating func objectID(_ key: StaticString, _ id: ObjectID.Bytes) {
        element(0x07, key)
        withUnsafeBytes(of: id) { bytes.append(contentsOf: $0) }
    }

    /// A string from UTF-8 bytes.
    mutating func string(_ key: StaticString, _ utf8: UnsafeBufferPointer<UInt8>) {
        element(0x02, key)
        stringValue(utf8)
    }

    mutating func string(_ key: StaticString, _ text: String) {
        var text = text
        text.withUTF8 { string(key, $0) }
    }

    /// The string element at `index` of an open array.
    mutating func string(index: Int, _ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x02)
        indexKey(index)
        stringValue(utf8)
    }

    // MARK: - Encoding

    /// A type byte and a key from a static string (which holds no NUL).
    private mutating func element(_ type: UInt8, _ key: StaticString) {
        bytes.append(type)
        // A static string's storage ends with a NUL: the key and its terminator in one copy.
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount + 1))
    }

    /// An array element's key: its index in decimal.
    mutating func indexKey(_ index: Int) {
        if index < 10 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: index))
        } else {
            bytes.append(contentsOf: String(index).utf8)
        }
        bytes.append(0)
    }

    /// int32 length (with the NUL), the bytes, a NUL.
    private mutating func stringValue(_ utf8: UnsafeBufferPointer<UInt8>) {
        let length = UInt32(truncatingIfNeeded: utf8.count + 1)
        withUnsafeBytes(of: length.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: utf8)
        bytes.append(0)
    }

    private mutating func little(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
