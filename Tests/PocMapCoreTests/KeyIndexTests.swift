import Testing
import _PocMapTestSupport

@testable import PocMapCore

@Suite("Hotspot key index")
struct KeyIndexTests {
    /// Keys of every length from 0 to 90 bytes (records that fit a cache line, records padded to the next line,
    /// records longer than a line), some sharing prefixes, looked up one by one and in a batch.
    @Test func keysOfEveryLength() {
        var random = SplitMix64(seed: 5)
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyzé".unicodeScalars)
        var keys: [String] = []
        for length in 0...90 {
            for _ in 0..<20 {
                var scalars = String.UnicodeScalarView()
                while scalars.count < length {
                    scalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))])
                }
                keys.append(String(scalars))
            }
        }
        keys.append(contentsOf: keys.prefix(50))  // duplicates: the first occurrence keeps the key
        var duplicates: [String] = []
        let index = _KeyIndex(keys: keys, duplicates: &duplicates)
        var first: [String: Int] = [:]
        for (position, key) in keys.enumerated() where first[key] == nil { first[key] = position }
        #expect(duplicates.count == keys.count - first.count)
        for key in keys { #expect(index.index(of: key) == first[key], "\(key)") }
        // Unknown keys: each known key with its last scalar changed or one more scalar.
        let unknown = keys.map { $0 + "0" } + keys.filter { !$0.isEmpty }.map { String($0.dropLast()) + "~" }
        for key in unknown { #expect(index.index(of: key) == first[key], "\(key)") }
        let queries: [String?] = (keys + unknown).flatMap { [$0, nil] }
        let batch = index.indices(of: queries)
        #expect(batch.count == queries.count)
        for (query, found) in zip(queries, batch) {
            #expect(found == query.flatMap { first[$0] }, "\(query ?? "nil")")
        }
    }

    @Test func emptyIndexAndEmptyBatch() {
        var duplicates: [String] = []
        let index = _KeyIndex(keys: [], duplicates: &duplicates)
        #expect(index.index(of: "") == nil && index.index(of: "a") == nil)
        #expect(index.indices(of: []).isEmpty)
        #expect(index.indices(of: [nil, "a", ""]) == [nil, nil, nil])
    }

    @Test func hashReadsEveryByte() {
        // Changing any one byte of a key of 1...70 bytes changes its hash (a property of this hash's mixing, not
        // of hashes in general; a hash that skipped a byte would fail here).
        for length in 1...70 {
            let base = [UInt8](repeating: 0x41, count: length)
            let hash = base.withUnsafeBytes { _KeyIndex.hash(bytes: $0) }
            for position in 0..<length {
                var changed = base
                changed[position] = 0x42
                #expect(changed.withUnsafeBytes { _KeyIndex.hash(bytes: $0) } != hash, "\(length) \(position)")
            }
        }
    }
}
