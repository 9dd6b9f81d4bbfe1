import CMongoC

/// Drains a `mongoc_cursor_t *` into plain values and destroys it.
struct MongoCursor {
    let raw: OpaquePointer?

    init(_ raw: OpaquePointer?) {
        self.raw = raw
    }

    func all() throws -> [BSONValue] {
        guard let raw else { throw StorageError.commandFailed(code: 0, message: "no cursor") }
        defer { mongoc_cursor_destroy(raw) }
        var results: [BSONValue] = []
        var current: OpaquePointer?
        while mongoc_cursor_next(raw, &current) {
            if let current { results.append(BSONDocument.value(ofBorrowed: current)) }
        }
        let error = BSONErrorBuffer()
        if mongoc_cursor_error(raw, error.pointer) { throw error.storageError }
        return results
    }
}
