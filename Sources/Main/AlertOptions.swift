import ArgumentParser
import HTTPCore
import MetricsService

/// The regression alert flags, shared by `server` (for its in-process worker) and `worker`.
struct AlertOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "POST a signed JSON event here when a version's regression verdict becomes worse, and when it recovers: "
                + "an http:// URL (env AGENT_METRICS_ALERT_WEBHOOK).",
            valueName: "url"))
    var alertWebhook: String?

    @Option(
        help: ArgumentHelp(
            "The HMAC-SHA256 key of X-Agent-Metrics-Signature; required with --alert-webhook. Prefer the variable, "
                + "which ps does not show (env AGENT_METRICS_ALERT_WEBHOOK_SECRET).",
            valueName: "secret"))
    var alertWebhookSecret: String?

    @Option(
        help: ArgumentHelp(
            "The dashboard's address, for the links in alert events (env AGENT_METRICS_DASHBOARD_URL).",
            valueName: "url"))
    var dashboardURL = EnvironmentDefault.value("AGENT_METRICS_DASHBOARD_URL", default: "http://localhost:8080/")

    var webhook: String? { alertWebhook ?? EnvironmentDefault.string("AGENT_METRICS_ALERT_WEBHOOK") }
    var secret: String? { alertWebhookSecret ?? EnvironmentDefault.string("AGENT_METRICS_ALERT_WEBHOOK_SECRET") }

    func validate() throws {
        guard let webhook else {
            if secret != nil { throw ValidationError("--alert-webhook-secret needs --alert-webhook.") }
            return
        }
        guard HTTPURL(webhook) != nil else {
            throw ValidationError(
                "--alert-webhook must be an http:// URL such as http://hooks.internal:9000/agent-metrics (https is "
                    + "not supported: send it through a local TLS-terminating forwarder).")
        }
        guard let secret, !secret.isEmpty else {
            throw ValidationError(
                "--alert-webhook needs --alert-webhook-secret (or AGENT_METRICS_ALERT_WEBHOOK_SECRET).")
        }
    }

    /// nil without `--alert-webhook`.
    var configuration: AlertConfiguration? {
        guard let webhook, let url = HTTPURL(webhook), let secret else { return nil }
        return AlertConfiguration(webhook: url, secret: Array(secret.utf8), dashboardURL: dashboardURL)
    }
}
