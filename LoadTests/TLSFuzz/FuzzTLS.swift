import COpenSSL
import Glibc
import HTTPCore

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
    private let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer

    init(tls12: Bool, resume: Bool) {
        ssl = SSL_new(tls12 ? FuzzTLS.tls12Client : FuzzTLS.tls13Client)!
        readBIO = BIO_new(BIO_s_mem())!
        writeBIO = BIO_new(BIO_s_mem())!
        _ = copenssl_BIO_set_mem_eof_return(readBIO, -1)
        SSL_set_bio(ssl, readBIO, writeBIO)
        SSL_set_connect_state(ssl)
        let alpn: [UInt8] = [8] + Array("http/1.1".utf8)
        _ = SSL_set_alpn_protos(ssl, alpn, UInt32(alpn.count))
        if resume, let session = FuzzTLS.lastSession { _ = SSL_set_session(ssl, session) }
    }

    deinit {
        SSL_free(ssl)
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
        guard !bytes.isEmpty else { return }
        _ = BIO_write(readBIO, bytes, Int32(bytes.count))
    }

    func takeCiphertext() -> [UInt8] {
        let pending = Int(copenssl_BIO_pending(writeBIO))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        _ = BIO_read(writeBIO, &bytes, Int32(pending))
        return bytes
    }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            precondition(written > 0, "client SSL_write failed")
            offset += Int(written)
        }
    }

    /// Decrypts everything buffered (TLS 1.3 session tickets included).
    func read() -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            ERR_clear_error()
            let count = SSL_read(ssl, &chunk, Int32(chunk.count))
            guard count > 0 else {
                ERR_clear_error()
                return result
            }
            result += chunk[..<Int(count)]
        }
    }

    /// Keeps this connection's session for the next client that resumes.
    func keepSession() {
        guard let session = SSL_get1_session(ssl) else { return }
        if let previous = FuzzTLS.lastSession { SSL_SESSION_free(previous) }
        FuzzTLS.lastSession = session
    }
}
