extension HTTPError {
    /// `429 rate_limited` with `Retry-After` in whole seconds (at least 1) until a token is back.
    ///
    /// - Parameter subject: who is over the limit, for the message ("this address", "this API key").
    public static func rateLimited(retryAfterNs: UInt64, subject: String) -> HTTPError {
        let seconds = max(1, retryAfterNs / 1_000_000_000 + (retryAfterNs % 1_000_000_000 == 0 ? 0 : 1))
        return HTTPError(
            .tooManyRequests, code: "rate_limited",
            message: "Too many requests from \(subject); retry in \(seconds) s.",
            headers: HTTPHeaders([("Retry-After", String(seconds))]))
    }
}
