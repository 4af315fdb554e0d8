import PocMapCore
import Testing
import _PocMapTestSupport

@testable import PocMapPipeline

@Suite("verify: payload tables")
struct PayloadTableTests {
    static func randomPayload(_ random: inout SplitMix64, length: Int) -> PayloadBytes {
        PayloadBytes((0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) })
    }

    @Test("PayloadTable and PayloadSet agree with Set/Dictionary through growth, removals and repeats")
    func agreesWithStandardLibrary() {
        var random = SplitMix64(seed: 17)
        var table = PayloadTable(capacity: 4)
        var reference: [PayloadBytes: Int32] = [:]
        var pool: [PayloadBytes] = []
        for step in 0..<20_000 {
            // Lengths around the inline limit, repeats from a pool, and a shared prefix to stress the hash.
            let payload: PayloadBytes
            if !pool.isEmpty && random.next() % 3 == 0 {
                payload = pool[Int(random.next() % UInt64(pool.count))]
            } else {
                let length = [0, 1, 7, 8, 51, 64, 65, 90][Int(random.next() % 8)]
                var bytes = Array(Self.randomPayload(&random, length: length))
                if bytes.count > 4 {
                    bytes[0] = 1
                    bytes[1] = 2
                }
                payload = PayloadBytes(bytes)
                pool.append(payload)
            }
            let hash = PayloadTable.hash(payload)
            #expect(table.value(for: payload, hash: hash) == reference[payload])
            if reference[payload] == nil {
                table.insert(payload, hash: hash, value: Int32(step))
                reference[payload] = Int32(step)
            } else if random.next() % 4 == 0 {
                table.remove(payload, hash: hash)
                reference[payload] = nil
            }
        }
        #expect(table.count == reference.count)
        for (payload, value) in reference {
            #expect(table.value(for: payload, hash: PayloadTable.hash(payload)) == value)
        }
        // The set saw every distinct payload exactly once.
        var fresh = PayloadSet()
        var distinct = Set<PayloadBytes>()
        for payload in pool + pool {
            #expect(fresh.insertIfAbsent(payload) == distinct.insert(payload).inserted)
        }
        #expect(fresh.count == distinct.count)
    }
}
