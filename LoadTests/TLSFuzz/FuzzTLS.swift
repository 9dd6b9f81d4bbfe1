import COpenSSL
import Glibc
import HTTPCore
import TLSTestSupport

/// The contexts every fuzz input shares: building them per input would drown the record path in key generation.
enum FuzzTLS {
    /// The production server context, over a throwaway self-signed P-256 certificate made at start-up.
    static let serverContext: TLSContext = makeServerContext()

    /// Client contexts capped at TLS 1.2 and at TLS 1.3.
    // Safe: libFuzzer calls the entry point from one thread, and SSL_CTX is itself thread-safe once configured.
    nonisolated(unsafe) static let tls12Client = makeClientContext(maximumVersion: TLS1_2_VERSION)
    nonisolated(unsafe) static let tls13Client = makeClientContext(maximumVersion: TLS1_3_VERSION)

    /// The session the previous handshake produced, offered by the next one that asks to resume.
    // Safe: libFuzzer calls the entry point from one thread.
    nonisolated(unsafe) static var lastSession: OpaquePointer?

    private static func makeServerContext() -> TLSContext {
        var template = Array("/tmp/tls-fuzz-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { fatalError("mkdtemp failed") }
        let directory = String(cString: created)
        let certificate = directory + "/cert.pem"
        let key = directory + "/key.pem"
        let command =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout \(key) -out \(certificate)"
            + " -days 1 -subj /CN=localhost 2>/dev/null"
        guard system(command) == 0 else { fatalError("could not make a certificate with the openssl CLI") }
        defer {
            unlink(certificate)
            unlink(key)
            rmdir(directory)
        }
        do {
            return try TLSContext(configuration: TLSConfiguration(certificatePath: certificate, keyPath: key))
        } catch {
            fatalError("could not load the certificate: \(error)")
        }
    }

    private static func makeClientContext(maximumVersion: Int32) -> OpaquePointer {
        guard let context = SSL_CTX_new(TLS_client_method()) else { fatalError("SSL_CTX_new failed") }
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        _ = copenssl_CTX_set_max_proto_version(context, maximumVersion)
        return context
    }
}

/// A client over memory BIOs, stepped by hand against a `TLSSession`.
final class FuzzTLSClient {
    private let connection: MemoryTLSClient
    private var ssl: OpaquePointer { connection.ssl }

    init(tls12: Bool, resume: Bool) {
        connection = MemoryTLSClient(
            context: tls12 ? FuzzTLS.tls12Client : FuzzTLS.tls13Client, alpn: ["http/1.1"],
            session: resume ? FuzzTLS.lastSession : nil)
    }

    var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    func stepHandshake() {
        guard !isHandshakeComplete else { return }
        ERR_clear_error()
        _ = SSL_do_handshake(ssl)
        ERR_clear_error()
    }

    /// Moves the server's pending ciphertext into this client.
    func receive(from session: TLSSession) {
        var bytes: [UInt8] = []
        session.takeCiphertext(into: &bytes)
        connection.receive(bytes)
    }

    func takeCiphertext() -> [UInt8] { connection.takeCiphertext() }

    func write(_ bytes: [UInt8]) { connection.write(bytes) }

    /// Decrypts everything buffered (TLS 1.3 session tickets included).
    func read() -> [UInt8] { connection.read() }

    /// Keeps this connection's session for the next client that resumes.
    func keepSession() {
        guard let session = SSL_get1_session(ssl) else { return }
        if let previous = FuzzTLS.lastSession { SSL_SESSION_free(previous) }
        FuzzTLS.lastSession = session
    }
}
