import Glibc
import Synchronization
import Testing

@testable import PocMapCore
@testable import PocMapPipeline

/// The batch that carries PoCs from the joiner through verification to the formatter, and the pool and recycler
/// that bring its storage back.
@Suite("verify: PoC batches")
struct PoCBatchTests {
    /// A verified PoC of `witnesses` reports, with values that differ from PoC to PoC (`seed`).
    static func poc(seed: Int, witnesses: Int) -> VerifiedPoC {
        let payload = PayloadBytes((0..<51).map { UInt8(truncatingIfNeeded: $0 * 7 + seed) })
        let beacon = BeaconReport(
            pubKey: "beaconer-\(seed)",
            receivedTimestampMs: 1_685_577_600_000 + seed * 1000,
            data: payload,
            frequencyHz: 867_100_000 + seed,
            txPowerDBm: 27,
            source: SourceLocation(file: "b", line: seed + 1)
        )
        let reports = (0..<witnesses).map { index in
            WitnessReport(
                pubKey: index.isMultiple(of: 2) ? "" : "unregistered-\(seed)-\(index)",
                receivedTimestampMs: beacon.receivedTimestampMs + 100 + index,
                data: payload,
                signalDeciDBm: -1000 - seed - index,
                frequencyHz: 867_100_000 + seed,
                source: SourceLocation(file: "w", line: 100 * seed + index)
            )
        }
        let hotspots = (0..<witnesses).map { $0.isMultiple(of: 2) ? HotspotID(seed * 10 + $0) : nil }
        var verdicts = reports.map { WitnessVerdict(invalid: .tooLate, side: .witness, rssiDBm: $0.rssiDBm) }
        for index in verdicts.indices { verdicts[index].receivedRank = index }
        return VerifiedPoC(
            joined: JoinedPoC(
                beacon: beacon,
                beaconer: HotspotID(seed),
                inputIndex: seed,
                witnesses: reports,
                witnessHotspots: hotspots
            ),
            result: PoCResult(
                payload: payload,
                beacon: BeaconVerdict(invalid: .gatewayNoValidWitnesses),
                witnesses: verdicts,
                denylistTag: seed == 1 ? "tag" : nil
            )
        )
    }

    static func expectSame(_ a: VerifiedPoC, _ b: VerifiedPoC) {
        #expect(a.joined.beacon == b.joined.beacon)
        #expect(a.joined.beaconer == b.joined.beaconer)
        #expect(a.joined.inputIndex == b.joined.inputIndex)
        #expect(a.joined.witnesses == b.joined.witnesses)
        #expect(a.joined.witnessHotspots == b.joined.witnessHotspots)
        #expect(a.result == b.result)
    }

    @Test("each PoC's reports, ids and verdicts sit in its own range; copied out, a PoC is the one put in")
    func rangesAndRoundTrip() {
        let pocs = [(0, 3), (1, 0), (2, 5), (3, 1)].map { PoCBatchTests.poc(seed: $0.0, witnesses: $0.1) }
        var batch = PoCBatch()
        for poc in pocs { batch.append(poc) }
        #expect(batch.pocs.count == 4)
        #expect(batch.reports.count == 9 && batch.hotspots.count == 9 && batch.verdicts.count == 9)
        #expect(batch.pocs.map(\.witnesses) == [0..<3, 3..<3, 3..<8, 8..<9])
        for index in pocs.indices { PoCBatchTests.expectSame(batch.verified(index), pocs[index]) }
        batch.withView { view in
            for index in pocs.indices {
                let poc = view.poc(index)
                #expect(poc.head.pointee.beacon == pocs[index].joined.beacon)
                #expect(poc.head.pointee.verdict == pocs[index].result.beacon)
                #expect(poc.head.pointee.denylistTag == pocs[index].result.denylistTag)
                #expect(Array(poc.reports) == pocs[index].joined.witnesses)
                #expect(Array(poc.hotspots) == pocs[index].joined.witnessHotspots)
                #expect(Array(poc.verdicts) == pocs[index].result.witnesses)
            }
        }
    }

    @Test("emptied, a batch keeps the storage of its arrays for the next one")
    func removeAllKeepsCapacity() {
        var batch = PoCBatch()
        for seed in 0..<20 { batch.append(PoCBatchTests.poc(seed: seed, witnesses: 8)) }
        let capacities = (batch.pocs.capacity, batch.reports.capacity, batch.verdicts.capacity)
        batch.removeAll()
        #expect(batch.isEmpty && batch.reports.isEmpty && batch.hotspots.isEmpty && batch.verdicts.isEmpty)
        #expect(batch.pocs.capacity == capacities.0)
        #expect(batch.reports.capacity == capacities.1)
        #expect(batch.verdicts.capacity == capacities.2)
        batch.append(PoCBatchTests.poc(seed: 5, witnesses: 2))
        PoCBatchTests.expectSame(batch.verified(0), PoCBatchTests.poc(seed: 5, witnesses: 2))
    }

    @Test("the pool gives back what it kept, last in first out, and keeps no more than its capacity")
    func pool() {
        let pool = Pool<[Int]>(capacity: 2)
        #expect(pool.take() == nil)
        pool.put([1])
        pool.put([2])
        pool.put([3])  // over capacity: let go
        #expect(pool.take() == [2])
        #expect(pool.take() == [1])
        #expect(pool.take() == nil)
    }

    @Test("a recycler with a reuse hook hands each value to it once, on the draining thread")
    func recyclerReuse() {
        let seen = Mutex<[(Int, Bool)]>([])
        let drainer = pthread_self()
        let recycler = Recycler<Int> { value in
            seen.withLock { $0.append((value, pthread_equal(pthread_self(), drainer) != 0)) }
        }
        let discarder = WorkerThread {
            for value in 0..<5 { recycler.discard(value) }
        }
        discarder.join()
        let before = seen.withLock { $0.count }
        #expect(before == 0)
        recycler.drain()
        let values = seen.withLock { $0 }
        #expect(values.map(\.0).sorted() == [0, 1, 2, 3, 4])
        #expect(values.allSatisfy { $0.1 })
        recycler.drain()
        let after = seen.withLock { $0.count }
        #expect(after == 5)
    }
}
