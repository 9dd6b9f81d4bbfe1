import CMongoC

extension MongoCollection {
    /// Inserts documents given as BSON bytes back to back (`BSONWriter`'s output), document `i` starting at
    /// `starts[i]`, unordered, in one round trip.
    ///
    /// libmongoc reads the bytes in place (`bson_init_static`), and its client-side validation (UTF-8, key
    /// names) is off: the writer's keys are constants and its strings were checked as UTF-8 when parsed. The
    /// options are constant bytes read in place too, so a call allocates only the documents' headers.
    func insertMany(bytes buffer: UnsafeBufferPointer<UInt8>, starts: [Int]) throws -> InsertReport {
        guard !starts.isEmpty else { return InsertReport() }
        // `bson_t` is 128 bytes, 128-byte aligned in C: it cannot be a Swift value. Slot 0 holds the options.
        let size = 128
        let headers = UnsafeMutableRawPointer.allocate(byteCount: size * (starts.count + 1), alignment: 128)
        defer { headers.deallocate() }
        let options = OpaquePointer(headers)
        return try Self.unorderedUnvalidated.withUnsafeBufferPointer { optionBytes in
            guard bson_init_static(options, optionBytes.baseAddress!, optionBytes.count) else {
                throw StorageError.invalidData("the insert options are not BSON")
            }
            var pointers: [OpaquePointer?] = []
            pointers.reserveCapacity(starts.count)
            for (index, start) in starts.enumerated() {
                let end = index + 1 < starts.count ? starts[index + 1] : buffer.count
                let header = OpaquePointer(headers + (index + 1) * size)
                guard bson_init_static(header, buffer.baseAddress! + start, end - start) else {
                    throw StorageError.invalidData("document \(index) of the batch is not BSON")
                }
                pointers.append(header)
            }
            return try pointers.withUnsafeMutableBufferPointer { try insertMany($0, options: options) }
        }
    }

    /// The documents matching the filter given as BSON bytes (`BSONWriter`'s output), which libmongoc reads in
    /// place: no `BSONValue` tree or `bson_t` is built for it.
    func find(filterBytes filter: UnsafeBufferPointer<UInt8>) throws -> [BSONValue] {
        // `bson_t` is 128 bytes, 128-byte aligned in C: it cannot be a Swift value.
        let header = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 128)
        defer { header.deallocate() }
        guard let base = filter.baseAddress, bson_init_static(OpaquePointer(header), base, filter.count) else {
            throw StorageError.invalidData("the filter is not BSON")
        }
        return try withHandle { handle in
            try MongoCursor(mongoc_collection_find_with_opts(handle, OpaquePointer(header), nil, nil)).all()
        }
    }

    /// `{"ordered": false, "validate": false}`, written once.
    private static let unorderedUnvalidated: [UInt8] = {
        var writer = BSONWriter(capacity: 32)
        let start = writer.beginDocument()
        writer.bool("ordered", false)
        writer.bool("validate", false)
        writer.end(start)
        return writer.bytes
    }()
}
