import Testing
import _PocMapTestSupport

@testable import PocMapCore

@Suite("HotspotTallies: counting witnesses in a batch")
struct HotspotTalliesTests {
    /// Random witness verdicts over `hotspots` hotspots: valid or not, selected or not, with or without a hotspot.
    private static func verdicts(count: Int, hotspots: Int, seed: UInt64) -> [WitnessVerdict] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let reason = InvalidReason.allCases[Int(random.next() % UInt64(InvalidReason.allCases.count))]
            var verdict = WitnessVerdict(invalid: reason, side: .witness, rssiDBm: -100)
            if random.next() % 3 == 0 {
                verdict.status = .valid
                verdict.invalidReason = nil
                verdict.selected = random.next() % 2 == 0
                verdict.hexScale = Decimal4(tenThousandths: Int64(random.next() % 10_001))
                verdict.rewardUnit = Decimal4(tenThousandths: Int64(random.next() % 30_000))
            }
            if random.next() % 10 != 0 { verdict.hotspot = HotspotID(Int(random.next() % UInt64(hotspots))) }
            return verdict
        }
    }

    @Test("addWitnesses counts as addWitness one verdict at a time; touchCounters changes nothing")
    func batchEqualsOneByOne() {
        let hotspots = 50
        let verdicts = HotspotTalliesTests.verdicts(count: 5000, hotspots: hotspots, seed: 42)
        var single = HotspotTallies(count: hotspots)
        for verdict in verdicts {
            guard let index = verdict.hotspot?.index else { continue }
            let valid = verdict.status == .valid
            single.addWitness(
                index,
                valid: valid,
                selected: verdict.selected,
                reason: verdict.invalidReason,
                share: valid && verdict.selected ? HotspotTallies.share(verdict.hexScale, verdict.rewardUnit) : 0
            )
        }
        var batch = HotspotTallies(count: hotspots)
        verdicts.withUnsafeBufferPointer { verdicts in
            _ = batch.touchCounters(verdicts)
            for start in stride(from: 0, to: verdicts.count, by: 9) {
                batch.addWitnesses(UnsafeBufferPointer(rebasing: verdicts[start..<min(start + 9, verdicts.count)]))
            }
            _ = batch.touchCounters(verdicts)
        }
        _ = batch.touchCounters(beacon: 3, reason: .stale)
        _ = batch.touchCounters(beacon: hotspots + 5, reason: nil)
        for index in 0..<hotspots {
            #expect(batch[index] == single[index], "hotspot \(index)")
            #expect(batch.topReason(of: index) == single.topReason(of: index), "hotspot \(index)")
        }
        #expect((0..<hotspots).map { batch[$0].witnesses }.reduce(0, +) > 0)
    }

    @Test("a large tally (huge-page hint) starts at zero and counts")
    func largeTally() {
        var tallies = HotspotTallies(count: 300_000)
        #expect(tallies[299_999] == HotspotTallies.Counts())
        tallies.addBeacon(299_999, valid: false, reason: .stale, share: 0)
        #expect(tallies[299_999].beacons == 1)
        #expect(tallies.topReason(of: 299_999) == .stale)
    }
}
