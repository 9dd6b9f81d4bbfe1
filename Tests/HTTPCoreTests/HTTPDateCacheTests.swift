import Testing

@testable import HTTPCore

@Suite struct HTTPDateCacheTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func formatsKnownTimestampAsIMFFixdate() {
        // 2026-11-24 18:29:06 UTC
        #expect(text(HTTPDateCache.imfFixdate(epochSeconds: 1_795_544_946)) == "Tue, 24 Nov 2026 18:29:06 GMT")
    }

    @Test func zeroPadsSingleDigitFieldsAtTheEpoch() {
        #expect(text(HTTPDateCache.imfFixdate(epochSeconds: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func handlesLeapDay() {
        #expect(text(HTTPDateCache.imfFixdate(epochSeconds: 951_868_799)) == "Tue, 29 Feb 2000 23:59:59 GMT")
    }

    @Test func matchesFixdateShapeForCurrentTime() {
        let value = text(HTTPDateCache().current())
        // EEE, dd MMM yyyy HH:mm:ss 'GMT' is always 29 characters.
        #expect(value.utf8.count == 29)
        #expect(value.hasSuffix(" GMT"))
        #expect(Array(value)[3] == ",")
    }

    @Test func reusesBytesWithinASecondAndRefreshesWhenItChanges() {
        final class FakeClock: @unchecked Sendable { var now = 0 }
        let clock = FakeClock()
        let cache = HTTPDateCache(now: { clock.now })
        let first = cache.current()
        let second = cache.current()
        // Same storage means the second call did not format again.
        #expect(first.withUnsafeBufferPointer { $0.baseAddress } == second.withUnsafeBufferPointer { $0.baseAddress })
        #expect(text(first) == "Thu, 01 Jan 1970 00:00:00 GMT")
        clock.now = 61
        #expect(text(cache.current()) == "Thu, 01 Jan 1970 00:01:01 GMT")
    }
}
