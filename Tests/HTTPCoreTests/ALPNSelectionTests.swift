import Testing
@testable import HTTPCore

@Suite struct ALPNSelectionTests {
    private func wire(_ names: [String]) -> [UInt8] {
        names.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
    }

    /// The chosen name, read back from the offer the way OpenSSL would.
    private func choose(_ offer: [UInt8]) -> String? {
        offer.withUnsafeBufferPointer { buffer in
            switch ALPNSelection.choose(from: buffer) {
            case .selected(let range): String(decoding: buffer[range], as: UTF8.self)
            case .noOverlap: nil
            }
        }
    }

    @Test(arguments: [
        (["http/1.1"], "http/1.1"),
        (["http/1.0"], "http/1.0"),
        (["h2", "http/1.1"], "http/1.1"),
        (["http/1.0", "http/1.1"], "http/1.1"),
        (["h2", "http/1.0", "h3"], "http/1.0"),
    ])
    func picksOurMostPreferredOfferedProtocol(offer: [String], expected: String) {
        #expect(choose(wire(offer)) == expected)
    }

    @Test(arguments: [
        ["h2"],
        ["h2", "h3", "spdy/3"],
        // Near misses must not match by prefix or case.
        ["http/1.1x", "http/1.", "HTTP/1.1", "http/1.2"],
    ])
    func offersWithNothingWeSpeakHaveNoOverlap(offer: [String]) {
        #expect(choose(wire(offer)) == nil)
    }

    @Test(arguments: [
        [UInt8](),
        [9] + Array("http/1.1".utf8),  // length runs past the end
        [0] + [8] + Array("http/1.1".utf8),  // zero-length name
        [8] + Array("http/1.1".utf8) + [3, 0x68],  // truncated trailing name
    ])
    func malformedOffersHaveNoOverlap(offer: [UInt8]) {
        #expect(choose(offer) == nil)
    }

    @Test func selectionPointsIntoTheOfferAndReportsItsLength() {
        let offer = wire(["h2", "http/1.0"])
        offer.withUnsafeBufferPointer { buffer in
            var out: UnsafePointer<UInt8>?
            var length: UInt8 = 0
            let status = ALPNSelection.select(&out, &length, buffer.baseAddress, UInt32(buffer.count))
            #expect(status == 0)  // SSL_TLSEXT_ERR_OK
            #expect(out == buffer.baseAddress! + 4)
            #expect(length == 8)
        }
        wire(["h2"]).withUnsafeBufferPointer { buffer in
            var out: UnsafePointer<UInt8>?
            var length: UInt8 = 0
            let status = ALPNSelection.select(&out, &length, buffer.baseAddress, UInt32(buffer.count))
            #expect(status == 2)  // SSL_TLSEXT_ERR_ALERT_FATAL: OpenSSL sends no_application_protocol
            #expect(out == nil)
        }
    }
}
