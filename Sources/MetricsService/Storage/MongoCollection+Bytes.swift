import CMongoC

extension MongoCollection {
    /// Inserts documents given as BSON bytes back to back (`BSONWriter`'s output), document `i` starting at
    /// `starts[i]`, unordered, in one round trip.
    ///
    /// libmongoc reads the bytes in place (`bson_init_static`), and its client-side validation (UTF-8, key
    /// names) is off: the writer's keys are constants and its strings were checked as UTF-8 when parsed.
    func insertMany(bytes: [UInt8], starts: [Int]) throws -> InsertReport {
        guard !starts.isEmpty else { return InsertReport() }
        let options: BSONDocument = ["ordered": false, "validate": false]
        // `bson_t` is 128 bytes, 128-byte aligned in C: it cannot be a Swift value.
        let size = 128
        let headers = UnsafeMutableRawPointer.allocate(byteCount: size * starts.count, alignment: 128)
        defer { headers.deallocate() }
        return try bytes.withUnsafeBufferPointer { buffer in
            var pointers: [OpaquePointer?] = []
            pointers.reserveCapacity(starts.count)
            for (index, start) in starts.enumerated() {
                let end = index + 1 < starts.count ? starts[index + 1] : buffer.count
                let header = OpaquePointer(headers + index * size)
                guard bson_init_static(header, buffer.baseAddress! + start, end - start) else {
                    throw StorageError.invalidData("document \(index) of the batch is not BSON")
                }
                pointers.append(header)
            }
            return try pointers.withUnsafeMutableBufferPointer { try insertMany($0, options: options) }
        }
    }
}
