import COpenSSL
import TLSTestSupport
@testable import HTTPCore

/// A TLS client over memory BIOs, driven by hand so tests can talk to a `TLSSession` without sockets.
final class TestTLSClient {
    private let context: OpaquePointer
    private let connection: MemoryTLSClient
    private var ssl: OpaquePointer { connection.ssl }
    private(set) var handshakeError: Int32?
    var receivedCloseNotify: Bool { connection.receivedCloseNotify }
    /// OpenSSL's reason for a failed handshake, e.g. "tlsv1 alert no application protocol".
    private(set) var handshakeFailureReason: String?

    /// `maximumVersion` caps the protocol (e.g. `TLS1_1_VERSION`) to check that the server refuses it.
    /// `resuming` offers a session from an earlier connection; `tickets: false` asks for session-ID resumption.
    init(
        alpn: [String] = ["http/1.1"], maximumVersion: Int32? = nil, resuming: TestTLSClientSession? = nil,
        tickets: Bool = true
    ) {
        context = SSL_CTX_new(TLS_client_method())!
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        if !tickets { _ = copenssl_CTX_set_options(context, copenssl_OP_NO_TICKET()) }
        if let maximumVersion {
            _ = copenssl_CTX_set_max_proto_version(context, maximumVersion)
            // OpenSSL 3 refuses to even offer TLS < 1.2 above security level 0; the server must be the one to say no.
            _ = SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0")
        }
        connection = MemoryTLSClient(context: context, alpn: alpn, session: resuming?.session)
    }

    deinit {
        // The connection holds its own reference to the context until it is freed.
        SSL_CTX_free(context)
    }

    var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    var negotiatedALPN: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The session to offer on a later connection (TLS 1.3 tickets arrive after the handshake: `read()` first).
    var session: TestTLSClientSession? {
        SSL_get1_session(ssl).map(TestTLSClientSession.init)
    }

    /// Whether the handshake resumed the offered session instead of running in full.
    var sessionReused: Bool { SSL_session_reused(ssl) == 1 }

    var negotiatedCipher: String? {
        SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
    }

    /// The CN of the certificate the server presented.
    var peerCommonName: String? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        var buffer = [CChar](repeating: 0, count: 256)
        let length = X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, &buffer, 256)
        guard length > 0 else { return nil }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func receive(_ bytes: [UInt8]) { connection.receive(bytes) }

    func takeCiphertext() -> [UInt8] { connection.takeCiphertext() }

    /// Advances the handshake if it is still running; remembers a fatal error.
    func stepHandshake() {
        guard !isHandshakeComplete, handshakeError == nil else { return }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result != 1 {
            let code = SSL_get_error(ssl, result)
            if code != SSL_ERROR_WANT_READ {
                handshakeError = code
                let reason = ERR_peek_error()
                if reason != 0, let text = ERR_reason_error_string(reason) {
                    handshakeFailureReason = String(cString: text)
                }
            }
        }
        ERR_clear_error()
    }

    func write(_ bytes: [UInt8]) { connection.write(bytes) }

    /// Decrypts everything buffered (also processing TLS 1.3 session tickets).
    func read() -> [UInt8] { connection.read() }

    func shutdown() {
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }
}

/// A client's `SSL_SESSION`, freed with its last reference.
final class TestTLSClientSession {
    let session: OpaquePointer

    init(_ session: OpaquePointer) {
        self.session = session
    }

    deinit {
        SSL_SESSION_free(session)
    }

    /// Whether the server gave this session a ticket (rather than only a session ID to look up in its cache).
    var hasTicket: Bool { SSL_SESSION_has_ticket(session) == 1 }
}
