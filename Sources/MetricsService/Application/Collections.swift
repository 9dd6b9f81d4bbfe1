/// The MongoDB collection names, as in the spec.
public enum Collections {
    public static let agents = "agents"
    public static let versions = "agent_versions"
    public static let runs = "agent_runs"
    public static let versionMetrics = "agent_version_metrics"
}
