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
        var stored: [PayloadBytes] = []
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
            // The table keeps values only; the payload of value v is stored[v], as the joiner keeps its groups'.
            let hash = PayloadTable.hash(payload)
            let found = table.value(hash: hash) { stored[Int($0)] == payload }
            #expect(found == reference[payload])
            if reference[payload] == nil {
                table.insert(hash: hash, value: Int32(stored.count))
                reference[payload] = Int32(stored.count)
                stored.append(payload)
            } else if random.next() % 4 == 0, let value = reference[payload] {
                table.remove(hash: hash, value: value)
                reference[payload] = nil
            }
        }
        #expect(table.count == reference.count)
        for (payload, value) in reference {
            let found = table.value(hash: PayloadTable.hash(payload)) { stored[Int($0)] == payload }
            #expect(found == value)
        }
        // Equal hashes, different payloads: the caller's comparison tells them apart.
        var colliding = PayloadTable(capacity: 4)
        colliding.insert(hash: 0x1235, value: 0)
        colliding.insert(hash: 0x1235, value: 1)
        #expect(colliding.value(hash: 0x1235) { $0 == 1 } == 1)
        #expect(colliding.value(hash: 0x1235) { _ in false } == nil)
        colliding.remove(hash: 0x1235, value: 0)
        #expect(colliding.value(hash: 0x1235) { _ in true } == 1)
        #expect(colliding.count == 1)
        // The set saw every distinct payload exactly once.
        var fresh = PayloadSet()
        var distinct = Set<PayloadBytes>()
        for payload in pool + pool {
            #expect(fresh.insertIfAbsent(payload) == distinct.insert(payload).inserted)
        }
        #expect(fresh.count == distinct.count)
    }
}
