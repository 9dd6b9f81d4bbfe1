import CZlib

/// Inflates a `Content-Encoding: gzip` body with the system zlib, refusing to produce more than `limit` bytes, so a
/// small compressed body cannot expand into gigabytes of memory (a zip bomb is a 413, never an allocation).
enum GzipInflater {
    enum Failure: Error, Equatable {
        /// Not a gzip stream, damaged, truncated, or followed by other bytes.
        case corrupt(String)
        /// The inflated body would exceed the limit.
        case tooLarge(limit: Int)
    }

    /// The single gzip member in `input`, inflated.
    static func inflate(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // 16 + 15: a gzip header and trailer around a deflate stream with the largest window.
        guard inflateInit2_(&stream, 16 + 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        // Start near the usual ratio for JSON and protobuf spans and grow by doubling, at most to limit + 1
        // (the extra byte tells "exactly at the limit" from "over it").
        var output = [UInt8](repeating: 0, count: min(limit + 1, max(4096, input.count * 4)))
        var produced = 0
        var status = Z_OK
        var remaining = input.count
        try input.withUnsafeBufferPointer { source throws(Failure) in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                if produced == output.count {
                    guard output.count <= limit else { throw .tooLarge(limit: limit) }
                    output.append(contentsOf: repeatElement(0, count: min(output.count, limit + 1 - output.count)))
                }
                status = output.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress! + produced
                    stream.avail_out = UInt32(target.count - produced)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced = target.count - Int(stream.avail_out)
                    return result
                }
                remaining = Int(stream.avail_in)
                if status == Z_STREAM_END { break }
                guard status == Z_OK || (status == Z_BUF_ERROR && produced == output.count) else {
                    let reason = stream.msg.map { String(cString: $0) } ?? "inflate returned \(status)"
                    throw .corrupt(status == Z_BUF_ERROR ? "the gzip stream is truncated" : reason)
                }
            }
        }
        guard produced <= limit else { throw .tooLarge(limit: limit) }
        guard remaining == 0 else { throw .corrupt("\(remaining) bytes follow the gzip stream") }
        output.removeSubrange(produced...)
        return output
    }
}
