/// Handing a parsed request to the responder and writing its response back.
extension HTTPConnection {
    /// Checks a request's head before its body is read: a request with a missing, repeated or malformed
    /// `Host`, or one for a host this server does not serve, is answered with its error and the connection
    /// closes, like a parse error (RFC 9112 §3.2 requires the 400; a client that gets it wrong is broken).
    func admit(_ head: HTTPRequestHead) -> Bool {
        guard let failure = context.hostValidation.check(head.headers, version: head.version) else { return true }
        fail(failure.httpError, head: head)
        return false
    }

    /// Hands the completed request to the responder on this loop. An immediate answer is written at once;
    /// pending work runs in a task that prefers this loop as its executor, so the handler and everything it
    /// awaits without an actor of its own stay on this thread, with no hop through the global pool.
    func dispatch() {
        // Moved out rather than copied: a copy of the head and of the body costs a retain and a release
        // of each of their buffers per request.
        guard let head = pendingHead.take() else { return }
        guard machine.requestComplete(keepAlive: head.keepAlive) == .dispatch else { return }
        inFlightVersion = head.version
        inFlightIsHead = head.method == "HEAD"
        inFlightMethod = head.method
        inFlightStart = Monotonic.now()
        inFlightID = RequestID.resolve(head.headers, generator: &context.requestIDs)
        var requestBody: [UInt8] = []
        swap(&requestBody, &body)
        var request = head.makeRequest(body: requestBody)
        request.requestID = inFlightID
        if let limited = rateLimited() {
            complete(limited.response)
            return
        }
        switch context.responder.start(request) {
        case .response(let response):
            // Inline: the parse loop that called us carries on with any pipelined input.
            complete(response)
        case .pending(let work):
            let connection = LoopBound(self, on: loop)
            Task(executorPreference: loop) {
                let response = await work()
                connection.value.finish(response)
            }
        }
    }

    /// The `429` for a client address over its request rate, or nil to serve the request.
    private func rateLimited() -> HTTPError? {
        guard let limiter = context.server.requestsPerAddress, let peer,
            case .limited(let waitNs) = limiter.take(peer, nowNs: loop.tickTime)
        else { return nil }
        return .rateLimited(retryAfterNs: waitNs, subject: "this address")
    }

    /// Writes the response to the in-flight request, then carries on with pipelined input.
    func finish(_ response: HTTPResponse) {
        complete(response)
        if machine.acceptsInput { resumeInput() }
    }

    /// Writes the response to the in-flight request.
    private func complete(_ response: HTTPResponse) {
        if machine.isClosed { return }
        let keepAlive = machine.responseReady(draining: context.draining)
        // Counted before the write, so a client that has read its response also sees it counted.
        let durationNs = Monotonic.now() &- inFlightStart
        context.metrics.record(routeIndex: response.routeIndex, status: response.status.code, durationNs: durationNs)
        write(response, version: inFlightVersion, isHead: inFlightIsHead, keepAlive: keepAlive, requestID: inFlightID)
        if let logger = context.accessLogger {
            logAccess(
                logger, id: inFlightID, method: inFlightMethod, route: response.routeIndex,
                status: response.status.code, bytes: inFlightIsHead ? 0 : response.body.count, durationNs: durationNs)
        }
    }

    /// Sends an error response and closes the connection after it. `head` is the request's, when it was
    /// parsed, so its `X-Request-Id` is honoured.
    func fail(_ error: HTTPError, head: HTTPRequestHead? = nil) {
        let head = head ?? pendingHead
        machine.errorResponse()
        pendingHead = nil
        body = []
        let id =
            head.map { RequestID.resolve($0.headers, generator: &context.requestIDs) } ?? context.requestIDs.next()
        let response = error.response
        context.metrics.record(routeIndex: 0, status: response.status.code, durationNs: nil)
        write(response, version: .http1_1, isHead: false, keepAlive: false, requestID: id)
        if let logger = context.accessLogger {
            logAccess(
                logger, id: id, method: head?.method ?? "-", route: 0, status: response.status.code,
                bytes: response.body.count, durationNs: 0)
        }
    }

    private func write(
        _ response: HTTPResponse, version: HTTPVersion, isHead: Bool, keepAlive: Bool, requestID: String
    ) {
        let omitBody = isHead || response.status.code == 204 || response.status.code == 304
        // Large bodies (cached dashboard pages, big listings) are sent from the response's own storage, in the
        // same `sendmsg` as the head, instead of being copied behind it into the scratch buffer.
        let sendBodySeparately = !omitBody && response.body.count > Self.inlineBodyLimit
        context.writeScratch.removeAll(keepingCapacity: true)
        context.serializer.write(
            response,
            version: version,
            keepAlive: keepAlive,
            omitBody: omitBody || sendBodySeparately,
            date: context.dateCache,
            requestID: requestID,
            into: &context.writeScratch
        )
        enqueueOutput(context.writeScratch, then: sendBodySeparately ? response.body : [])
    }

    /// Bodies up to this size are copied behind the head so one `send` carries the whole response.
    static let inlineBodyLimit = 16 * 1024
}
