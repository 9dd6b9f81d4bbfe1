import Foundation
import TestSupport

/// One run of `openssl s_client` against a local port, with the parts of its report the tests look at.
struct OpenSSLClient {
    let run: ExternalProcess

    /// Connects to `127.0.0.1:port`, sends `input`, and exits at its end (or when the server closes).
    init(port: Int, _ arguments: [String], input: String = "") throws {
        run = try ExternalProcess.run(
            "/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(port)"] + arguments, input: input)
    }

    /// "TLSv1.2" or "TLSv1.3" when a handshake completed, from the "New, ..." or "Reused, ..." line.
    var negotiatedVersion: String? { handshakeLine?.split(separator: ",").dropFirst().first.map(trimmed) }

    /// The negotiated cipher suite, e.g. "ECDHE-RSA-AES128-GCM-SHA256".
    var cipher: String? {
        guard let line = handshakeLine, let range = line.range(of: "Cipher is ") else { return nil }
        return String(line[range.upperBound...])
    }

    /// Whether the server accepted the offered session instead of running a full handshake.
    var reused: Bool { handshakeLine?.hasPrefix("Reused, TLSv") == true }

    /// The number of the alert the server sent, e.g. 40 (handshake_failure) or 120 (no_application_protocol).
    var receivedAlert: Int? {
        guard let range = run.errorOutput.range(of: "SSL alert number ") else { return nil }
        return Int(run.errorOutput[range.upperBound...].prefix(while: \.isNumber))
    }

    /// The value of the "ALPN protocol: " line, if any.
    var alpn: String? { value(after: "ALPN protocol: ") }

    /// The value of the "Server Temp Key: " line, e.g. "X25519, 253 bits".
    var serverTempKey: String? { value(after: "Server Temp Key: ") }

    /// How many certificates the server sent (with `-showcerts`).
    var certificateCount: Int { run.output.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1 }

    private var handshakeLine: String? {
        run.output.split(separator: "\n").first { $0.hasPrefix("New, TLSv") || $0.hasPrefix("Reused, TLSv") }
            .map(String.init)
    }

    private func value(after prefix: String) -> String? {
        run.output.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    private func trimmed(_ text: Substring) -> String { text.trimmingCharacters(in: .whitespaces) }
}
