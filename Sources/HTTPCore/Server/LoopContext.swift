import Glibc
import Logging

/// State shared by all connections of one loop: scratch buffers, the date cache, the responder.
///
/// Loop-confined. Connections read into one scratch buffer and serialize into another, so an idle
/// connection owns no buffers at all.
final class LoopContext {
    let loop: EventLoop
    unowned let server: HTTPServer
    let responder: any HTTPResponder
    let serializer: HTTPResponseSerializer
    let dateCache = HTTPDateCache()
    let timeouts: HTTPConnectionStateMachine.Timeouts
    let limits: HTTPParserLimits
    let writeHighWaterMark: Int
    let hostValidation: HostValidation
    let logger: Logger
    /// Request counters and latency handles for this loop's routes.
    let metrics: HTTPMetrics
    /// Ids for requests that bring no sane `X-Request-Id`.
    var requestIDs = RequestIDGenerator()
    /// Where access-log lines go; nil when the access log is off.
    let accessLogger: Logger?

    /// Bytes read from sockets land here first.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Responses are serialized here and sent straight from here when the socket takes them whole.
    var writeScratch: [UInt8] = []
    /// TLS records are taken out of OpenSSL here and sent straight from here when the socket takes them whole.
    var cipherScratch: [UInt8] = []

    /// Set when the server is shutting down: finish in-flight requests, accept no new ones.
    var draining = false
    /// Whether the timeout sweep is scheduled; it runs only while the loop has connections.
    var sweepArmed = false

    init(loop: EventLoop, server: HTTPServer, responder: any HTTPResponder, logger: Logger) {
        self.loop = loop
        self.server = server
        self.responder = responder
        let configuration = server.configuration
        serializer = configuration.responseSerializer
        timeouts = HTTPConnectionStateMachine.Timeouts(
            configuration.timeouts,
            handshake: configuration.tls?.handshakeTimeout ?? .seconds(10)
        )
        limits = configuration.limits
        writeHighWaterMark = configuration.writeHighWaterMark
        hostValidation = configuration.hostValidation
        self.logger = logger
        metrics = HTTPMetrics(tags: responder.routeTags)
        accessLogger = configuration.accessLog ? Logger(label: "agent-metrics.access") : nil
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        writeScratch.reserveCapacity(64 * 1024)
        cipherScratch.reserveCapacity(64 * 1024)
    }

    deinit {
        readBuffer.deallocate()
    }
}
