import CZlib
import Testing

@testable import MetricsService

/// The gzip decoder against the system zlib's own compressor, at and past the output limit.
struct GzipInflaterTests {
    static func gzip(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        #expect(
            deflateInit2_(
                &stream, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)
            ) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        var input = input
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                #expect(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(produced))
    }

    @Test func inflatesUpToExactlyTheLimit() throws {
        var generator = SystemRandomNumberGenerator()
        let input = (0..<100_000).map { _ in UInt8.random(in: 0...3, using: &generator) }
        #expect(try GzipInflater.inflate(Self.gzip(input), limit: input.count) == input)
        #expect(throws: GzipInflater.Failure.tooLarge(limit: input.count - 1)) {
            try GzipInflater.inflate(Self.gzip(input), limit: input.count - 1)
        }
    }

    @Test func aBombStopsAtTheLimit() {
        let bomb = Self.gzip([UInt8](repeating: 0, count: 16 << 20))
        #expect(bomb.count < 64 << 10)
        #expect(throws: GzipInflater.Failure.tooLarge(limit: 1 << 20)) {
            try GzipInflater.inflate(bomb, limit: 1 << 20)
        }
    }

    @Test func truncatedCorruptAndTrailingBytesAreRefused() throws {
        let valid = Self.gzip(Array("hello otlp".utf8))
        #expect(try GzipInflater.inflate(valid, limit: 100) == Array("hello otlp".utf8))
        for bad in [Array(valid.dropLast(4)), [0x1f, 0x8b, 0x08, 0x00, 1, 2, 3], valid + [0], []] {
            #expect(throws: GzipInflater.Failure.self) { try GzipInflater.inflate(bad, limit: 100) }
        }
    }
}
