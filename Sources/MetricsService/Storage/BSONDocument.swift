import CMongoC

/// An owned libbson document (`bson_t *`).
///
/// Not Sendable: a `bson_t` must stay on the thread that made it. Build documents inside a
/// `MongoPool.withClient` body and convert results to `BSONValue` before returning.
public final class BSONDocument {
    /// The `bson_t *`; pointers to `bson_t` import as `OpaquePointer` because of its alignment.
    let raw: OpaquePointer

    /// An empty document.
    public init() {
        raw = bson_new()
    }

    /// Takes ownership of a `bson_t *` made by `bson_new*`/`bson_copy`.
    init(taking raw: OpaquePointer) {
        self.raw = raw
    }

    /// A copy of a document libmongoc owns (for example a cursor's current document).
    convenience init(copying borrowed: OpaquePointer) {
        self.init(taking: bson_copy(borrowed))
    }

    /// A document with `fields` in order.
    public convenience init(_ fields: [(String, BSONValue)]) throws {
        self.init()
        for (key, value) in fields {
            try append(key, value)
        }
    }

    /// A document from a `BSONValue`, which must be `.document`.
    public convenience init(_ value: BSONValue) throws {
        guard case .document(let fields) = value else {
            throw StorageError.invalidData("expected a document, got \(value)")
        }
        try self.init(fields)
    }

    /// Parses MongoDB extended JSON (relaxed or canonical).
    public convenience init(json: String) throws {
        let error = BSONErrorBuffer()
        let parsed: OpaquePointer? = json.utf8CString.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt8.self) { bytes in
                bson_new_from_json(bytes.baseAddress, bytes.count - 1, error.pointer)
            }
        }
        guard let parsed else {
            throw StorageError.invalidData("invalid JSON: \(BSONErrorBuffer.message(of: error.pointer))")
        }
        self.init(taking: parsed)
    }

    deinit {
        bson_destroy(raw)
    }

    /// Number of top-level fields.
    public var count: Int { Int(bson_count_keys(raw)) }

    /// Canonical extended JSON, for logs and debugging.
    public func toCanonicalJSON() -> String {
        var length = 0
        guard let json = bson_as_canonical_extended_json(raw, &length) else { return "" }
        defer { bson_free(json) }
        return String(cString: json)
    }

    /// The whole document as a `BSONValue.document`.
    public func toBSONValue() -> BSONValue {
        .document(fields)
    }

    /// The top-level fields in order.
    public var fields: [(String, BSONValue)] {
        Self.value(ofBorrowed: raw).documentValue ?? []
    }
}

@available(*, unavailable, message: "bson_t must not cross threads; convert to BSONValue")
extension BSONDocument: Sendable {}

extension BSONDocument: ExpressibleByDictionaryLiteral {
    /// Keeps literal order. Traps on values that cannot be written (`.unsupported`, or an
    /// `.objectID` that is not 24 hex digits), so build documents holding unvalidated input
    /// with the throwing `init(_:)` instead.
    public convenience init(dictionaryLiteral elements: (String, BSONValue)...) {
        do {
            try self.init(elements)
        } catch {
            preconditionFailure("invalid BSON literal: \(error)")
        }
    }
}
