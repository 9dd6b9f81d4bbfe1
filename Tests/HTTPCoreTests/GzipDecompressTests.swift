import HTTPCore
import Testing

/// `Gzip.decompress` against `Gzip.compress` (the system zlib both ways), at and past the output limit.
struct GzipDecompressTests {
    static func gzip(_ input: [UInt8]) throws -> [UInt8] {
        try #require(Gzip.compress(input))
    }

    @Test func inflatesUpToExactlyTheLimit() throws {
        var generator = SystemRandomNumberGenerator()
        let input = (0..<100_000).map { _ in UInt8.random(in: 0...3, using: &generator) }
        let compressed = try Self.gzip(input)
        #expect(try Gzip.decompress(compressed, limit: input.count) == input)
        #expect(throws: Gzip.DecompressionFailure.tooLarge(limit: input.count - 1)) {
            try Gzip.decompress(compressed, limit: input.count - 1)
        }
    }

    @Test func aBombStopsAtTheLimit() throws {
        let bomb = try Self.gzip([UInt8](repeating: 0, count: 16 << 20))
        #expect(bomb.count < 64 << 10)
        #expect(throws: Gzip.DecompressionFailure.tooLarge(limit: 1 << 20)) {
            try Gzip.decompress(bomb, limit: 1 << 20)
        }
    }

    @Test func truncatedCorruptAndTrailingBytesAreRefused() throws {
        let valid = try Self.gzip(Array("hello otlp".utf8))
        #expect(try Gzip.decompress(valid, limit: 100) == Array("hello otlp".utf8))
        for bad in [Array(valid.dropLast(4)), [0x1f, 0x8b, 0x08, 0x00, 1, 2, 3], valid + [0], []] {
            #expect(throws: Gzip.DecompressionFailure.self) { try Gzip.decompress(bad, limit: 100) }
        }
    }

    @Test func limitsAtTheEdgesOfIntNeverTrap() throws {
        let valid = try Self.gzip(Array("hello".utf8))
        #expect(try Gzip.decompress(valid, limit: .max) == Array("hello".utf8))
        #expect(throws: Gzip.DecompressionFailure.tooLarge(limit: 0)) { try Gzip.decompress(valid, limit: -1) }
    }
}
