import Logging
import TimeFormats

/// The lease heartbeat and the checks before each write (see "One writer at a time" on `MetricsWorker`).
extension MetricsWorker {
    /// The write deadline of the lease held under `epoch`.
    struct WriteDeadline: Sendable {
        var epoch: Int64
        var ms: Int64
    }

    /// What one heartbeat found.
    enum Heartbeat: Equatable {
        /// Held and renewed.
        case kept
        /// Taken just now (over a dead, released or absent holder).
        case gained
        /// Another worker holds it (nil: it vanished between two reads).
        case heldElsewhere(WorkerLease.Holder?)
    }

    /// Renews the lease when this worker holds it, else tries to take it. Losing it resets what the
    /// worker loaded, so the next pass it leads recovers and reloads first.
    func heartbeat() async throws -> Heartbeat {
        let now = clock()
        if let held = term {
            if try await lease.renew(epoch: held.epoch, nowMs: now) {
                renewed(epoch: held.epoch, atMs: now)
                return .kept
            }
            _ = lost(held.epoch)
        }
        // One take at a time per worker (the heartbeat and a pass may both get here): a second would
        // bump the epoch again and fence out the first.
        guard !taking else { return .heldElsewhere(nil) }
        taking = true
        defer { taking = false }
        switch try await lease.take(nowMs: now) {
        case .taken(let epoch):
            term = LeaseTerm(epoch: epoch, renewedAtMs: now)
            data = nil
            logger.info(
                "took the worker lease", metadata: ["worker.owner": "\(lease.owner)", "worker.epoch": "\(epoch)"])
            return .gained
        case .held(let holder):
            // A concurrent heartbeat of this same worker may have taken it meanwhile.
            if holder?.owner == lease.owner, term != nil { return .kept }
            return .heldElsewhere(holder)
        }
    }

    /// Takes the lease, waiting up to `timeout` while another worker holds it (polled every
    /// `renewInterval`: nothing notifies a lease's expiry). Logs who holds it and until when; false
    /// when it never came free.
    public func acquireLease(waitingUpTo timeout: Duration) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var reported: String?
        while true {
            let holder: WorkerLease.Holder?
            switch try await heartbeat() {
            case .kept, .gained: return true
            case .heldElsewhere(let current): holder = current
            }
            let metadata: Logger.Metadata = [
                "worker.lease_owner": "\(holder?.owner ?? "?")",
                "worker.lease_until": "\(holder.map { RFC3339.format(milliseconds: $0.expiresAtMs) } ?? "?")",
            ]
            let left = deadline - clock.now
            guard left > .zero else {
                logger.error("the worker lease stayed held by another worker", metadata: metadata)
                return false
            }
            if let holder, holder.owner != reported {
                logger.info("waiting for the worker lease held by another worker", metadata: metadata)
                reported = holder.owner
            }
            try await Task.sleep(for: min(configuration.renewInterval, left))
        }
    }

    /// Renews the lease held under `epoch` before a write step; the returned fence carries the write
    /// deadline that renewal allows. Throws `leaseLost` when it is no longer ours.
    func renewForWrite(epoch: Int64) async throws -> WriteFence {
        guard term?.epoch == epoch else { throw MetricsWorkerError.leaseLost }
        let sent = clock()
        guard try await lease.renew(epoch: epoch, nowMs: sent) else { throw lost(epoch) }
        renewed(epoch: epoch, atMs: sent)
        guard term?.epoch == epoch else { throw MetricsWorkerError.leaseLost }
        let fence = WriteFence(
            epoch: epoch,
            deadline: { [writeDeadline] in
                writeDeadline.withLock { $0?.epoch == epoch ? $0!.ms : .min }
            },
            clock: clock)
        // A renewal whose answer came later than half a lease leaves no time to write in.
        try fence.check()
        return fence
    }

    /// Runs an idempotent write step under the fence of a fresh renewal. When the step (or that renewal) stops
    /// with `leaseLost` while this worker still holds the lease under `epoch`, the write deadline passed because
    /// the database answered slowly (a renewal that fails, or a fence refusal, which only a newer holder causes,
    /// forgets the lease first). Then it renews and runs the step again, up to `slowStepRetries` times: that renewal
    /// matches this epoch, so its success proves no other worker took the lease, and the step starts again as
    /// fresh. Retrying a step rather than failing the pass keeps a worker on a slow database from redoing the whole
    /// batch, and reloading everything it holds, only to miss a deadline again.
    func fenced<T: Sendable>(epoch: Int64, _ step: @Sendable (WriteFence) async throws -> T) async throws -> T {
        var retries = 0
        while true {
            do {
                return try await step(try await renewForWrite(epoch: epoch))
            } catch MetricsWorkerError.leaseLost where term?.epoch == epoch && retries < Self.slowStepRetries {
                retries += 1
                logger.info(
                    "a worker write step ran past its deadline; renewing the lease and retrying it",
                    metadata: ["worker.epoch": "\(epoch)", "worker.retry": "\(retries)"])
            }
        }
    }

    /// How many times `fenced` runs a step again after it ran past its write deadline. Each retry of step 4 keeps
    /// what the last one wrote (documents stamped with the pass are skipped), so retries converge while the
    /// database answers at all; in the cluster test on a busy nx-27017, steps needed up to 2.
    static let slowStepRetries = 8

    /// Records a successful renewal sent at `atMs` (renewals may overlap: keep the latest).
    func renewed(epoch: Int64, atMs: Int64) {
        guard var held = term, held.epoch == epoch else { return }
        held.renewedAtMs = max(held.renewedAtMs, atMs)
        term = held
    }

    /// Forgets the lease taken under `epoch` (if still current) and returns the error to throw.
    func lost(_ epoch: Int64) -> MetricsWorkerError {
        if term?.epoch == epoch {
            logger.warning("lost the worker lease", metadata: ["worker.epoch": "\(epoch)"])
            term = nil
            data = nil
        }
        return .leaseLost
    }
}
