import Foundation
import Glibc
import Testing

@testable import HTTPCore

/// The webhook client's failure paths: refused, silent, and garbage-speaking peers, each within its deadline.
struct BlockingHTTPClientTests {
    /// A listening socket on 127.0.0.1 that never accepts (the kernel completes handshakes into the backlog).
    static func silentListener() throws -> (fd: Int32, port: Int) {
        let fd = try ListeningSocket.open(host: "127.0.0.1", port: 0, reusePort: false)
        return (fd, ListeningSocket.localPort(fd))
    }

    @Test func aSilentReceiverTimesOutAtTheDeadline() throws {
        let (fd, port) = try Self.silentListener()
        defer { close(fd) }
        let started = ContinuousClock.now
        #expect(throws: HTTPClientError.timedOut) {
            try BlockingHTTPClient.post(
                HTTPURL("http://127.0.0.1:\(port)/hook")!, headers: [], body: Array("{}".utf8),
                timeout: .milliseconds(200))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(190) && elapsed < .seconds(2), "\(elapsed)")
    }

    @Test func aClosedPortIsAnIOError() throws {
        let (fd, port) = try Self.silentListener()
        close(fd)
        #expect {
            try BlockingHTTPClient.post(
                HTTPURL("http://127.0.0.1:\(port)/")!, headers: [], body: [], timeout: .seconds(1))
        } throws: { error in
            (error as? HTTPClientError).map { if case .io = $0 { true } else { false } } ?? false
        }
    }

    @Test func statusLinesAreParsedAndAnythingElseRefused() throws {
        #expect(try Self.answer("HTTP/1.1 204 No Content\r\n\r\n") == 204)
        #expect(try Self.answer("HTTP/1.0 503\r\n") == 503)
        for garbage in ["SSH-2.0-OpenSSH\r\n", "HTTP/1.1 2x0 Huh\r\n", "HTTP/1.1 099 Low\r\n", ""] {
            #expect(throws: HTTPClientError.malformedResponse, "\(garbage)") { try Self.answer(garbage) }
        }
    }

    /// Posts to a one-shot peer that reads the request and answers `reply` byte for byte, then closes.
    static func answer(_ reply: String) throws -> Int {
        let (fd, port) = try silentListener()
        defer { close(fd) }
        let peer = Thread { [fd] in
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 2_000) > 0 else { return }
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = read(connection, &buffer, buffer.count)
            let bytes = Array(reply.utf8)
            _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            close(connection)
        }
        peer.start()
        return try BlockingHTTPClient.post(
            HTTPURL("http://127.0.0.1:\(port)/")!, headers: [("X-Test", "1")], body: Array("{}".utf8),
            timeout: .seconds(2))
    }
}
