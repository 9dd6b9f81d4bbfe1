import CMongoC

extension BSONDocument {
    /// Appends any writable `BSONValue`. Throws `invalidData` for `.unsupported` or a bad
    /// ObjectId string, and when libbson refuses (the document would exceed 2 GiB).
    public func append(_ key: String, _ value: BSONValue) throws {
        let ok: Bool
        switch value {
        case .string(let string): ok = appendUTF8(key, string)
        case .int32(let number): ok = bson_append_int32(raw, key, -1, number)
        case .int64(let number): ok = bson_append_int64(raw, key, -1, number)
        case .double(let number): ok = bson_append_double(raw, key, -1, number)
        case .bool(let flag): ok = bson_append_bool(raw, key, -1, flag)
        case .date(let milliseconds): ok = bson_append_date_time(raw, key, -1, milliseconds)
        case .null: ok = bson_append_null(raw, key, -1)
        case .objectID(let hex):
            guard hex.utf8.count == 24, bson_oid_is_valid(hex, 24) else {
                throw StorageError.invalidData("invalid ObjectId \(hex)")
            }
            var oid = bson_oid_t()
            bson_oid_init_from_string(&oid, hex)
            ok = bson_append_oid(raw, key, -1, &oid)
        case .document(let fields):
            let child = try BSONDocument(fields)
            ok = bson_append_document(raw, key, -1, child.raw)
        case .array(let elements):
            let child = BSONDocument()
            for (index, element) in elements.enumerated() {
                try child.append(String(index), element)
            }
            ok = bson_append_array(raw, key, -1, child.raw)
        case .unsupported(let code):
            throw StorageError.invalidData("cannot write BSON type 0x\(String(code, radix: 16)) for \(key)")
        }
        guard ok else { throw StorageError.invalidData("could not append \(key)") }
    }

    /// Appends a nested document.
    public func append(_ key: String, _ document: BSONDocument) throws {
        guard bson_append_document(raw, key, -1, document.raw) else {
            throw StorageError.invalidData("could not append \(key)")
        }
    }

    /// Appends documents as an array (for pipelines and batches).
    public func append(_ key: String, documents: [BSONDocument]) throws {
        let child = BSONDocument()
        for (index, document) in documents.enumerated() {
            try child.append(String(index), document)
        }
        guard bson_append_array(raw, key, -1, child.raw) else {
            throw StorageError.invalidData("could not append \(key)")
        }
    }

    /// Appends a string; chainable convenience over `append(_:_:)`.
    @discardableResult
    public func string(_ key: String, _ value: String) throws -> BSONDocument {
        try append(key, .string(value)); return self
    }

    @discardableResult
    public func int32(_ key: String, _ value: Int32) throws -> BSONDocument {
        try append(key, .int32(value)); return self
    }

    @discardableResult
    public func int64(_ key: String, _ value: Int64) throws -> BSONDocument {
        try append(key, .int64(value)); return self
    }

    @discardableResult
    public func double(_ key: String, _ value: Double) throws -> BSONDocument {
        try append(key, .double(value)); return self
    }

    @discardableResult
    public func bool(_ key: String, _ value: Bool) throws -> BSONDocument {
        try append(key, .bool(value)); return self
    }

    /// Appends a UTC datetime given in milliseconds since the epoch.
    @discardableResult
    public func date(_ key: String, milliseconds: Int64) throws -> BSONDocument {
        try append(key, .date(milliseconds)); return self
    }

    @discardableResult
    public func stringArray(_ key: String, _ values: [String]) throws -> BSONDocument {
        try append(key, .array(values.map(BSONValue.string))); return self
    }

    @discardableResult
    public func null(_ key: String) throws -> BSONDocument {
        try append(key, .null); return self
    }

    /// Length-counted so strings with embedded NULs survive.
    private func appendUTF8(_ key: String, _ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress else { return bson_append_utf8(raw, key, -1, "", 0) }
                return bson_append_utf8(raw, key, -1, base, Int32(chars.count))
            }
        }
    }
}
