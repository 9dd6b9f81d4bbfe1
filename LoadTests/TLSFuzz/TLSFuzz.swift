import COpenSSL
import HTTPCore

/// libFuzzer entry point (`make fuzz`): bytes into a server-side `TLSSession` over its memory BIOs, as
/// `HTTPConnection` feeds it from the socket.
///
/// The first byte is a control byte. When it is even, the rest goes straight to a fresh session in pieces of up to
/// `control / 2 + 1` bytes (ClientHello parsing, record framing, alerts): no plaintext may come out, since no
/// peer finished a handshake, and a failed or closed session must stay so. When it is odd, an in-process OpenSSL
/// client first completes a handshake (TLS 1.2 or 1.3, resuming the previous session or not, per control bits);
/// then a prefix of the rest is sent as application data, which the server must decrypt exactly and can echo back,
/// and the remainder follows as raw bytes after the handshake, which must never yield plaintext.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTLS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let rest = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let session: TLSSession
    do {
        session = try FuzzTLS.serverContext.makeSession()
    } catch {
        preconditionFailure("could not create a session: \(error)")
    }
    if control & 1 == 0 {
        feedRaw(rest, to: session, pieceSize: Int(control >> 1) + 1)
    } else {
        exchange(rest, with: session, control: control)
    }
    return 0
}

/// Feeds `bytes` with no real client behind them.
private func feedRaw(_ bytes: UnsafeRawBufferPointer, to session: TLSSession, pieceSize: Int) {
    var plaintext: [UInt8] = []
    var output: [UInt8] = []
    var last = TLSReadResult.wantRead
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + pieceSize)
        session.receiveCiphertext(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
        let result = session.readPlaintext(into: &plaintext)
        if last != .wantRead { precondition(result == last, "a finished session came back to life") }
        last = result
        session.takeCiphertext(into: &output)
        offset = end
    }
    precondition(plaintext.isEmpty && !session.isHandshakeComplete, "plaintext without a handshake")
    precondition((try? [1].withUnsafeBytes { try session.writePlaintext($0) }) == nil, "wrote before the handshake")
    session.shutdown()
    session.takeCiphertext(into: &output)
}

/// A real handshake, then `bytes` split into application data and trailing garbage.
private func exchange(_ bytes: UnsafeRawBufferPointer, with session: TLSSession, control: UInt8) {
    let client = FuzzTLSClient(tls12: control & 2 != 0, resume: control & 4 != 0)
    // Pieces of 1...218 bytes split records across reads, as a slow socket would.
    let pieceSize = Int(control >> 3) * 7 + 1
    var plaintext: [UInt8] = []
    var result = TLSReadResult.wantRead
    var rounds = 0
    while !(client.isHandshakeComplete && session.isHandshakeComplete) && rounds < 20 {
        rounds += 1
        client.stepHandshake()
        result = deliver(client.takeCiphertext(), to: session, pieceSize: pieceSize, into: &plaintext)
        client.receive(from: session)
    }
    precondition(client.isHandshakeComplete && session.isHandshakeComplete, "handshake failed: \(result)")

    let split = bytes.count * Int(control >> 3) / 31
    let payload = Array(bytes[..<split])
    client.write(payload)
    result = deliver(client.takeCiphertext(), to: session, pieceSize: pieceSize, into: &plaintext)
    precondition(result == .wantRead, "valid records failed: \(result)")
    precondition(plaintext == payload, "decrypted plaintext differs from what was sent")

    do {
        try payload.withUnsafeBytes { try session.writePlaintext($0) }
    } catch {
        preconditionFailure("echo failed: \(error)")
    }
    client.receive(from: session)
    precondition(client.read() == payload, "the client decrypted something else than the server wrote")
    // After the read, so a TLS 1.3 session carries the ticket that arrived after the handshake.
    client.keepSession()

    let garbage = Array(bytes[split...])
    _ = deliver(garbage, to: session, pieceSize: pieceSize, into: &plaintext)
    precondition(plaintext.count == payload.count, "raw bytes after the handshake decrypted to plaintext")
    session.shutdown()
    var output: [UInt8] = []
    session.takeCiphertext(into: &output)
}

/// Feeds `ciphertext` in pieces, reading after each, and returns the last read result.
private func deliver(
    _ ciphertext: [UInt8], to session: TLSSession, pieceSize: Int, into plaintext: inout [UInt8]
) -> TLSReadResult {
    var result = TLSReadResult.wantRead
    var offset = 0
    repeat {
        let end = min(ciphertext.count, offset + pieceSize)
        ciphertext[offset..<end].withUnsafeBytes { session.receiveCiphertext($0) }
        result = session.readPlaintext(into: &plaintext)
        offset = end
    } while offset < ciphertext.count && result == .wantRead
    return result
}
