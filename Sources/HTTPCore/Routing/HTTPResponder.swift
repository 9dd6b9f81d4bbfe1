/// Something that turns a request into a response: the router, or a single handler in tests.
///
/// The server creates one responder per event loop (see `HTTPServer.init`), so a responder that is an
/// actor can pin itself to that loop and run without leaving the loop's thread.
public protocol HTTPResponder: Sendable {
    /// Produces the response for `request`. Never throws: errors are rendered as responses.
    func respond(to request: HTTPRequest) async -> HTTPResponse
}
