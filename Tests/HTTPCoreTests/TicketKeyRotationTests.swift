import Testing
@testable import HTTPCore

@Suite struct TicketKeyRotationTests {
    typealias Rotation = TicketKeyRotation<ContinuousClock.Instant>
    let start = ContinuousClock.now
    let period = Duration.seconds(3600)

    /// Distinct, recognisable keys; `made` counts how many the rotation asked for.
    final class KeyMaker {
        var made = 0
        func make() -> TicketKey {
            made += 1
            return TicketKey(
                name: [UInt8](repeating: UInt8(made), count: 16), aesKey: [UInt8](repeating: 0, count: 32),
                hmacKey: [UInt8](repeating: 0, count: 32))
        }
    }

    private func at(_ offset: Duration) -> ContinuousClock.Instant { start.advanced(by: offset) }

    @Test func keepsSealingWithTheSameKeyForOnePeriod() {
        let maker = KeyMaker()
        var rotation = Rotation(period: period, key: maker.make(), now: start)
        let first = rotation.current
        rotation.advance(to: at(period - .seconds(1)), makeKey: maker.make)
        #expect(rotation.current == first)
        #expect(rotation.previous == nil)
        #expect(maker.made == 1)
    }

    @Test func rotatesWhenThePeriodEndsAndStillOpensTicketsOfTheRetiredKey() {
        let maker = KeyMaker()
        var rotation = Rotation(period: period, key: maker.make(), now: start)
        let first = rotation.current
        rotation.advance(to: at(period), makeKey: maker.make)
        #expect(maker.made == 2)
        #expect(rotation.current != first)
        #expect(rotation.lookup(name: first.name) == .previous(first))
        #expect(rotation.lookup(name: rotation.current.name) == .current(rotation.current))
        // Further calls within the new period change nothing.
        rotation.advance(to: at(period + .seconds(10)), makeKey: maker.make)
        #expect(maker.made == 2)
    }

    @Test func dropsARetiredKeyTwoPeriodsAfterItWasMade() {
        let maker = KeyMaker()
        var rotation = Rotation(period: period, key: maker.make(), now: start)
        let first = rotation.current
        rotation.advance(to: at(period), makeKey: maker.make)
        rotation.advance(to: at(period * 2 - .seconds(1)), makeKey: maker.make)
        #expect(rotation.lookup(name: first.name) == .previous(first))
        rotation.advance(to: at(period * 2), makeKey: maker.make)
        #expect(rotation.lookup(name: first.name) == .unknown)
    }

    @Test func aLateRotationDoesNotExtendTheOldKeysLife() {
        let maker = KeyMaker()
        var rotation = Rotation(period: period, key: maker.make(), now: start)
        let first = rotation.current
        // Nothing asked for a key until one and a half periods in (an idle server).
        rotation.advance(to: at(period * 1.5), makeKey: maker.make)
        #expect(rotation.lookup(name: first.name) == .previous(first))
        rotation.advance(to: at(period * 2), makeKey: maker.make)
        #expect(rotation.lookup(name: first.name) == .unknown)
        // The new key, made late, gets its full period from when it was made.
        let second = rotation.current
        rotation.advance(to: at(period * 2.5 - .seconds(1)), makeKey: maker.make)
        #expect(rotation.current == second)
        #expect(maker.made == 2)
    }

    @Test func afterLongIdleNeitherOldKeyOpensTickets() {
        let maker = KeyMaker()
        var rotation = Rotation(period: period, key: maker.make(), now: start)
        let first = rotation.current
        rotation.advance(to: at(period * 5), makeKey: maker.make)
        #expect(rotation.lookup(name: first.name) == .unknown)
        #expect(rotation.previous == nil)
        #expect(maker.made == 2)
    }

    @Test func unknownNamesAreUnknown() {
        let maker = KeyMaker()
        let rotation = Rotation(period: period, key: maker.make(), now: start)
        #expect(rotation.lookup(name: [UInt8](repeating: 0xEE, count: 16)) == .unknown)
        #expect(rotation.lookup(name: [UInt8]()) == .unknown)
    }

    @Test func randomKeysHaveTheFormatsLengthsAndDiffer() throws {
        let first = try TicketKey.random()
        let second = try TicketKey.random()
        #expect(first.name.count == 16 && first.aesKey.count == 32 && first.hmacKey.count == 32)
        #expect(first.name != second.name)
        #expect(first.aesKey != second.aesKey)
    }
}
