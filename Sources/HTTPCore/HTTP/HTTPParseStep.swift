/// One result of `HTTPRequestParser.parse(_:)`.
///
/// Ranges and `consumed` counts are relative to the buffer passed to that call. The caller advances its read
/// offset by `consumed` before the next call, and keeps calling until `.needMore`.
public enum HTTPParseStep: Sendable, Equatable {
    /// Nothing consumed; call again with the same bytes plus more appended.
    case needMore
    /// The request head is complete; its first `consumed` bytes of the buffer belong to it.
    case head(HTTPRequestHead, consumed: Int)
    /// Body bytes at `range` of the buffer (chunk framing already removed); consume `consumed` bytes, which
    /// covers the span and any framing before it.
    case body(Range<Int>, consumed: Int)
    /// The request is complete; the next call starts the next request.
    case end(consumed: Int)
    /// The request is malformed or over a limit; the connection answers with `error.httpError` and closes.
    case error(HTTPParseError)
}
