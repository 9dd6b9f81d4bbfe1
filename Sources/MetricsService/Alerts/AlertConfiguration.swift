import HTTPCore

/// Where and how regression alerts are sent (`--alert-webhook`, `--alert-webhook-secret`, `--dashboard-url`).
public struct AlertConfiguration: Sendable {
    /// The receiver; plain `http://` only (see `BlockingHTTPClient`).
    public var webhook: HTTPURL
    /// The HMAC key of `X-Agent-Metrics-Signature`.
    public var secret: [UInt8]
    /// The dashboard's address, for the event's link (`<dashboardURL>#compare?...`).
    public var dashboardURL: String
    /// The most one delivery attempt may take, connect to status line. Kept under half the worker lease (2.5 s
    /// by default), the window in which the lease holder is sure nobody else holds it.
    public var timeout: Duration = .seconds(2)
    /// When failed deliveries are tried again.
    public var retry = RetrySchedule()

    public init(webhook: HTTPURL, secret: [UInt8], dashboardURL: String) {
        self.webhook = webhook
        self.secret = secret
        self.dashboardURL = dashboardURL
    }
}
