import COpenSSL

/// Server-side ALPN choice (RFC 7301): our most preferred protocol among those the client offers, in our order
/// rather than the client's; no ALPN at all when the client sends no offer (OpenSSL never calls us then); and a
/// failed handshake with alert 120 `no_application_protocol` when the offer names nothing we speak (§3.2).
enum ALPNSelection {
    /// The protocols we speak, most preferred first.
    static let supported: [[UInt8]] = [Array("http/1.1".utf8), Array("http/1.0".utf8)]

    /// What to answer a client's offer with.
    enum Outcome: Equatable {
        /// The bytes of the chosen name within the offer (after its length byte).
        case selected(Range<Int>)
        /// Nothing offered is something we speak, or the offer is malformed.
        case noOverlap
    }

    /// Picks from `offered`, the ALPN wire format (each name preceded by its length byte).
    static func choose(from offered: UnsafeBufferPointer<UInt8>) -> Outcome {
        var names: [Range<Int>] = []
        var index = 0
        while index < offered.count {
            let length = Int(offered[index])
            let start = index + 1
            // A zero-length name or one running past the end makes the whole list malformed (RFC 7301 §3.1).
            guard length > 0, start + length <= offered.count else { return .noOverlap }
            names.append(start..<start + length)
            index = start + length
        }
        for protocolName in supported {
            if let match = names.first(where: { offered[$0].elementsEqual(protocolName) }) {
                return .selected(match)
            }
        }
        return .noOverlap
    }

    /// Body of the `SSL_CTX_set_alpn_select_cb` callback.
    static func select(
        _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
        _ outLength: UnsafeMutablePointer<UInt8>?,
        _ offered: UnsafePointer<UInt8>?,
        _ offeredLength: UInt32
    ) -> Int32 {
        guard let out, let outLength, let offered else { return SSL_TLSEXT_ERR_ALERT_FATAL }
        switch choose(from: UnsafeBufferPointer(start: offered, count: Int(offeredLength))) {
        case .selected(let range):
            // Points into `offered`, which OpenSSL copies after we return; Swift array storage would not be
            // guaranteed to outlive this call.
            out.pointee = offered + range.lowerBound
            outLength.pointee = UInt8(range.count)
            return SSL_TLSEXT_ERR_OK
        case .noOverlap:
            // OpenSSL turns this into a fatal no_application_protocol alert.
            return SSL_TLSEXT_ERR_ALERT_FATAL
        }
    }
}
