/// Handing a parsed request to the responder and writing its response back.
extension HTTPConnection {
    /// Runs the responder for the completed request in a task that prefers this loop as its executor:
    /// the responder (an actor pinned to this loop, or nonisolated code) runs on this thread, with no
    /// hop through the global concurrent pool.
    func dispatch() {
        guard let head = pendingHead else { return }
        pendingHead = nil
        requestInFlight = true
        timer.enter(.processing, now: loop.tickTime)
        inFlightVersion = head.version
        inFlightKeepAlive = head.keepAlive
        inFlightIsHead = head.method == "HEAD"
        let request = head.makeRequest(body: body)
        body = []
        let responder = context.responder
        let connection = LoopBound(self, on: loop)
        Task(executorPreference: loop) {
            let response = await responder.respond(to: request)
            connection.value.finish(response)
        }
    }

    /// Writes the response to the in-flight request, then carries on with pipelined input.
    func finish(_ response: HTTPResponse) {
        requestInFlight = false
        if closed { return }
        if !inFlightKeepAlive || context.draining || peerClosed { closeAfterWrite = true }
        write(response, version: inFlightVersion, isHead: inFlightIsHead)
        if closed || closeAfterWrite { return }
        if pendingOutput == 0 { timer.enter(.idle, now: loop.tickTime) }
        if tls != nil { decryptAndParse() } else { parseCarriedInput() }
        if canRead { readFromSocket() }
    }

    /// Sends an error response and closes the connection after it.
    func fail(_ error: HTTPError) {
        pendingHead = nil
        body = []
        closeAfterWrite = true
        write(error.response, version: .http1_1, isHead: false)
    }

    private func write(_ response: HTTPResponse, version: HTTPVersion, isHead: Bool) {
        let omitBody = isHead || response.status.code == 204 || response.status.code == 304
        context.writeScratch.removeAll(keepingCapacity: true)
        context.serializer.write(
            response,
            version: version,
            keepAlive: !closeAfterWrite,
            omitBody: omitBody,
            date: context.dateCache,
            into: &context.writeScratch
        )
        enqueueOutput(context.writeScratch)
    }
}
