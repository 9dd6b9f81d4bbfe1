import Foundation
import TestSupport

/// A root CA, an intermediate it signed, and a leaf for localhost the intermediate signed, made with the
/// `openssl` CLI in a private temporary directory. The chain file holds the leaf then the intermediate, as an
/// operator would deploy it; only the root is given to clients.
final class TestCertificateChain {
    let directory: String
    var rootPath: String { directory + "/root.pem" }
    var chainPath: String { directory + "/chain.pem" }
    var keyPath: String { directory + "/leaf.key" }

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/tls-chain-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        directory = String(cString: created)
        try generate()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func generate() throws {
        let ca = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
        let leaf =
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
            + "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n"
        try Data(ca.utf8).write(to: URL(fileURLWithPath: directory + "/ca.ext"))
        try Data(leaf.utf8).write(to: URL(fileURLWithPath: directory + "/leaf.ext"))
        let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try openssl(
            ["req", "-x509"] + newKey + [
                "-keyout", "root.key", "-out", "root.pem", "-days", "1",
                "-subj", "/CN=Test Root", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        try openssl(
            ["req"] + newKey + [
                "-keyout", "intermediate.key", "-out", "intermediate.csr",
                "-subj", "/CN=Test Intermediate",
            ])
        try openssl([
            "x509", "-req", "-in", "intermediate.csr", "-CA", "root.pem", "-CAkey", "root.key",
            "-CAcreateserial", "-out", "intermediate.pem", "-days", "1", "-extfile", "ca.ext",
        ])
        try openssl(["req"] + newKey + ["-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=localhost"])
        try openssl([
            "x509", "-req", "-in", "leaf.csr", "-CA", "intermediate.pem", "-CAkey", "intermediate.key",
            "-CAcreateserial", "-out", "leaf.pem", "-days", "1", "-extfile", "leaf.ext",
        ])
        let chain =
            try Data(contentsOf: URL(fileURLWithPath: directory + "/leaf.pem"))
            + Data(contentsOf: URL(fileURLWithPath: directory + "/intermediate.pem"))
        try chain.write(to: URL(fileURLWithPath: chainPath))
    }

    /// Runs `openssl` with file names (`*.pem`, `*.key`, `*.csr`, `*.ext`) resolved in `directory`.
    private func openssl(_ arguments: [String]) throws {
        let fileSuffixes = [".pem", ".key", ".csr", ".ext"]
        let resolved = arguments.map { argument in
            fileSuffixes.contains { argument.hasSuffix($0) } ? directory + "/" + argument : argument
        }
        let result = try ExternalProcess.run("/usr/bin/openssl", resolved)
        guard result.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: result.errorOutput])
        }
    }
}
