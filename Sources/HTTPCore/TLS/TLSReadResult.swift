/// What `TLSSession.readPlaintext(into:)` found after consuming the available ciphertext.
public enum TLSReadResult: Equatable, Sendable {
    /// More ciphertext is needed; plaintext may have been appended.
    case wantRead
    /// The peer sent close_notify; plaintext received before it may have been appended.
    case closed
    /// The handshake or a record failed; the session cannot be used any more
    /// (any pending ciphertext is an alert worth sending before closing).
    case failed(TLSError)
}
