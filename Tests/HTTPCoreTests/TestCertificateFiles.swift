import Foundation
import TestSupport
@testable import HTTPCore

/// A self-signed certificate and key in a private temporary directory, made with the `openssl` CLI.
/// Regenerating or corrupting rewrites the same paths, the way an operator would before sending SIGHUP.
final class TestCertificateFiles {
    let directory: String
    var certificatePath: String { directory + "/cert.pem" }
    var keyPath: String { directory + "/key.pem" }
    var configuration: TLSConfiguration { TLSConfiguration(certificatePath: certificatePath, keyPath: keyPath) }

    /// The `-newkey` argument of every certificate these files hold.
    let keySpecification: String

    /// `keySpecification` is passed to `openssl req -newkey`, e.g. "rsa:2048" or "ec".
    init(commonName: String, keySpecification: String = "rsa:2048") throws {
        self.keySpecification = keySpecification
        var template = Array((NSTemporaryDirectory() + "/tls-test-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        directory = String(cString: created)
        try generate(commonName: commonName)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Writes a fresh key and certificate for `commonName` over the current files.
    func generate(commonName: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", keySpecification, "-nodes", "-keyout", keyPath, "-out", certificatePath,
            "-days", "1", "-subj", "/CN=\(commonName)",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcesses.run(process)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Replaces the certificate with something that is not PEM.
    func corruptCertificate() throws {
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: certificatePath))
    }
}
