/// The human-readable report printed by default.
extension LoadReport {
    /// Renders the report as aligned text.
    public var table: String {
        var lines: [String] = []
        let load = rate.map { "open loop at \(format($0)) req/s" } ?? "closed loop"
        lines.append(
            "\(scenario) \(url): \(connections) connections, \(threads) thread(s), pipeline \(pipeline), \(load)")
        lines.append("  \(pad("duration", 14))\(format(duration_s)) s")
        lines.append("  \(pad("requests", 14))\(requests)")
        lines.append("  \(pad("throughput", 14))\(format(throughput_rps)) req/s")
        lines.append("  \(pad("bytes", 14))read \(bytes.read), written \(bytes.written)")
        if missed_sends > 0 {
            lines.append("  \(pad("missed sends", 14))\(missed_sends) (server could not keep up with --rate)")
        }
        lines.append("")
        lines.append(
            "  \(pad("latency (ms)", 24))\(pad("p50", 10))\(pad("p90", 10))\(pad("p99", 10))\(pad("p99.9", 10))max")
        lines.append(row("all", latency_ms, requests))
        for (label, endpoint) in (endpoints ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append(row(label, endpoint.latency_ms, endpoint.requests))
        }
        lines.append("")
        if errors.total == 0 {
            lines.append("  errors: none")
        } else {
            let statuses = errors.status.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            let kinds = errors.kind.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            lines.append("  errors: \(errors.total) (" + (statuses + kinds).joined(separator: ", ") + ")")
        }
        if let held {
            lines.append(
                "  held connections: \(held.established)/\(held.requested) established, "
                    + "\(held.closed_by_server) closed by server, "
                    + "\(held.connect_failures) failed to connect, \(held.answered_probe) answered the final probe")
        }
        if let acknowledged_runs {
            lines.append(
                "  runs: \(acknowledged_runs) acknowledged, \(format(runs_per_second ?? 0)) runs/s in the window, "
                    + "\(unacknowledged_runs ?? 0) unacknowledged"
            )
            if let lost_runs {
                lines.append("  lost: \(lost_runs)")
                for (version, ids) in (missing_ids ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let shown = ids.prefix(50).map(String.init).joined(separator: ",")
                    lines.append("    \(version) missing \(ids.count): \(shown)\(ids.count > 50 ? ",…" : "")")
                }
                for failure in verification_failures ?? [] { lines.append("    \(failure)") }
            } else {
                lines.append("  lost: not verified")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func row(_ label: String, _ latency: Latency, _ count: UInt64) -> String {
        "  \(pad(label, 24))\(pad(format(latency.p50), 10))\(pad(format(latency.p90), 10))"
            + "\(pad(format(latency.p99), 10))"
            + "\(pad(format(latency.p999), 10))\(format(latency.max))   (\(count))"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
