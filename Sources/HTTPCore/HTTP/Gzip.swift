import CZlib

/// gzip (RFC 1952) through the system zlib: response bodies compressed, request bodies (OTLP exports) inflated.
public enum Gzip {
    /// `bytes` as one gzip member at `level` (zlib's 1 fastest … 9 smallest); nil if zlib fails, which with a
    /// whole input and an output of `deflateBound` bytes only an allocation failure can cause.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        // deflateInit2 is a C macro over deflateInit2_; window bits 15 + 16 ask for the gzip header and trailer.
        let initialized = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard initialized == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        // The gzip header and trailer (18 bytes) are not in deflateBound's zlib-wrapper estimate.
        let capacity = Int(deflateBound(&stream, uLong(bytes.count))) + 18
        var output = [UInt8](repeating: 0, count: capacity)
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Why `decompress` refused its input.
    public enum DecompressionFailure: Error, Equatable {
        /// Not a gzip stream, damaged, truncated, or followed by other bytes.
        case corrupt(String)
        /// The inflated bytes would exceed the limit.
        case tooLarge(limit: Int)
    }

    /// The single gzip member in `input`, inflated, refusing to produce more than `limit` bytes, so a small
    /// compressed body cannot expand into gigabytes of memory (a zip bomb is an error, never an allocation).
    public static func decompress(_ input: [UInt8], limit: Int) throws(DecompressionFailure) -> [UInt8] {
        var stream = z_stream()
        // 16 + 15: a gzip header and trailer around a deflate stream with the largest window.
        guard inflateInit2_(&stream, 16 + 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        // Start near the usual ratio for JSON and protobuf spans and grow by doubling, at most to limit + 1
        // (the extra byte tells "exactly at the limit" from "over it").
        let limit = min(max(0, limit), Int.max - 1)
        var output = [UInt8](repeating: 0, count: min(limit + 1, max(4096, input.count * 4)))
        var produced = 0
        var status = Z_OK
        var remaining = input.count
        try input.withUnsafeBufferPointer { source throws(DecompressionFailure) in
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
