import HTTPCore

/// `GET /healthz`: the process is up and serving. Database health is reported separately, so a load
/// balancer does not pull every instance when the database blips.
enum HealthHandler {
    static let response = JSONResponse.make(.ok, Array(#"{"status":"ok"}"#.utf8))
}
