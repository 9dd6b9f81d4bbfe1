import HTTPCore

/// The background check of a dashboard that reloads from storage (`init(refreshingFrom:)`).
extension Dashboard {
    /// Checks the saved generation now and then every `freshness.checkInterval` after each check ends,
    /// on `loop`'s timers, until `stopRefreshing()`. Does nothing for a dashboard fed by `publish` alone.
    ///
    /// A check is one `_id` lookup; a reload follows only when the generation changed (or the catalogue
    /// is due, see `DashboardStorageSource`). So the snapshot trails the stored aggregates by at most
    /// one interval plus one reload, whether or not anyone reads it.
    public func startRefreshing(on loop: EventLoop) {
        guard let source = storageSource else { return }
        check(source, on: loop)
    }

    /// Stops the checks (at shutdown, before the pool goes away); a check in flight still finishes.
    public func stopRefreshing() {
        markRefreshStopped()
    }

    /// A snapshot of `data` with the versions' regressions (`RegressionCache`).
    func snapshot(of data: DashboardData) -> DashboardSnapshot {
        DashboardSnapshot(
            data: data,
            regressions: regressionCache.regressions(
                versions: data.versions, aggregates: data.aggregates, configuration: comparison))
    }

    private func check(_ source: DashboardStorageSource, on loop: EventLoop) {
        // On the loop, as everything else: a bare `Task` from a timer callback would run on Swift's global pool and
        // wake its threads at every check.
        Task(executorPreference: loop) { [self] in
            let before = snapshot.generation
            do {
                if let data = try await source.reloadIfChanged(nowMs: clock()) {
                    publish(snapshot(of: data), ifGenerationIs: before)
                }
            } catch {
                // The database is down or slow: keep serving the last snapshot and try again next time.
            }
            guard !isRefreshStopped else { return }
            let interval = freshness.checkInterval
            loop.execute { [self] in
                loop.schedule(after: interval) { [self] in
                    guard !isRefreshStopped else { return }
                    check(source, on: loop)
                }
            }
        }
    }
}
