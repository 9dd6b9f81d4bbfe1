import Testing

@testable import LoadGenerator

@Suite struct OpenLoopPacerTests {
    @Test func intendedTimesAreExactlyOneOverRateApart() {
        let pacer = OpenLoopPacer(start: 1_000, rate: 1_000)
        for index in UInt64(0)..<10_000 {
            #expect(pacer.intendedTime(of: index) == 1_000 + index * 1_000_000)
        }
        // A rate that does not divide a second: no drift accumulates over a long run.
        let odd = OpenLoopPacer(start: 0, rate: 3)
        #expect(odd.intendedTime(of: 3_000_000) == 1_000_000_000_000_000)
    }

    @Test func handsOutOnlyWhatIsDue() {
        var pacer = OpenLoopPacer(start: 0, rate: 100)  // one every 10 ms
        #expect(pacer.takeDue(now: 0) == 0)
        #expect(pacer.takeDue(now: 5_000_000) == nil)
        #expect(pacer.takeDue(now: 25_000_000) == 10_000_000)
        #expect(pacer.takeDue(now: 25_000_000) == 20_000_000)
        #expect(pacer.takeDue(now: 25_000_000) == nil)
        #expect(pacer.nextDueTime == 30_000_000)
    }

    /// One connection, a server that answers in 0.1 ms but stalls for a second at t = 1 s. Latency from the
    /// intended time charges the stall to every request that should have been sent during it (the backlog of
    /// 1,000 drains at 0.9 ms per request, so about 555 wait over 500 ms); measuring from the actual send would
    /// show a single slow request, which is coordinated omission.
    @Test func latencyCountsFromIntendedTimeWhenTheServerStalls() {
        let rate = 1_000.0
        var pacer = OpenLoopPacer(start: 0, rate: rate)
        let service: UInt64 = 100_000
        let stallStart: UInt64 = 1_000_000_000
        let stallEnd: UInt64 = 2_000_000_000
        var clock: UInt64 = 0
        var fromIntended: [UInt64] = []
        var fromSend: [UInt64] = []
        while clock < 3_000_000_000 {
            guard let intended = pacer.takeDue(now: clock) else {
                clock = pacer.nextDueTime
                continue
            }
            let sent = clock
            var done = sent + service
            if sent < stallEnd && done > stallStart { done = stallEnd + service }
            fromIntended.append(done - intended)
            fromSend.append(done - sent)
            clock = done  // one connection: the next request waits for this answer
        }
        #expect(fromIntended.count >= 2_990)
        let slowIntended = fromIntended.filter { $0 > 500_000_000 }.count
        let slowSend = fromSend.filter { $0 > 500_000_000 }.count
        #expect(slowSend == 1)
        #expect(slowIntended > 500 && slowIntended < 600)
        #expect(fromIntended.max()! >= 1_000_000_000)
    }
}
