import CZlib

/// gzip (RFC 1952) through the system zlib, for response bodies.
public enum Gzip {
    /// `bytes` as one gzip member at `level` (zlib's 1 fastest … 9 smallest); nil if zlib fails, which with a
    /// whole input and an output of `deflateBound` bytes only an allocation failure can cause.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        guard czlib_deflate_init_gzip(&stream, level) == Z_OK else { return nil }
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
}
