import Foundation
import PocMapCore
import PocMapIO
import Testing

@testable import PocMapPipeline

/// Reading the inputs while the registry is still loading (the job's early start).
@Suite("verify: reading ahead of the registry")
struct ChunkSourceTests {
    /// 50 chunks of 3 lines, a reject in every 7th line, keys cycling over the small registry and one unknown key.
    static func witnessFile() -> (bytes: [UInt8], keys: [String?]) {
        let keys = ["alpha", "bravo", "nobody", "charlie", "delta", "echo"]
        var lines: [String] = []
        var expected: [String?] = []
        for index in 0..<150 {
            if index % 7 == 3 {
                lines.append("{not json")
                expected.append(nil)
            } else {
                let key = keys[index % keys.count]
                lines.append(witnessLine(key, 1_700_000_000_000 + index, payload(index)))
                expected.append(key == "nobody" ? nil : key)
            }
        }
        return (Array((lines.joined(separator: "\n") + "\n").utf8), expected)
    }

    @Test("chunks parsed before the directory exists come out in file order with their keys resolved")
    func parseAheadKeepsOrder() throws {
        let (bytes, expectedKeys) = Self.witnessFile()
        var registry = HotspotRegistry()
        try registry.read(from: try HotspotReader(bytes: Array(smallRegistry.utf8), name: "hotspots.csv"))
        let directory = HotspotDirectory(registry.hotspots)
        for parseAhead in [0, 4, 64] {
            let promise = Promise<HotspotDirectory>()
            let source = ChunkSource(
                reader: try WitnessReader(
                    bytes: bytes,
                    name: "witnesses.ndjson",
                    options: ReaderOptions(chunkSize: 3)
                ),
                background: true,
                resolve: { chunk in
                    guard let directory = promise.wait() else { return chunk.items.map { _ in nil } }
                    return directory.ids(forKeysOf: chunk)
                },
                canResolve: { promise.isSettled },
                parseAhead: parseAhead
            )
            usleep(30_000)  // let the reader run ahead of the registry
            promise.fulfill(directory)
            var keys: [String?] = []
            var lines: [Int] = []
            while let chunk = try source.next() {
                #expect(chunk.hotspots.count == chunk.chunk.items.count)
                for (item, id) in zip(chunk.chunk.items, chunk.hotspots) {
                    keys.append(id.map { directory.hotspots[$0.index].key })
                    lines.append(item.record?.source?.line ?? item.reject?.source.line ?? -1)
                }
            }
            #expect(keys == expectedKeys, "parse ahead \(parseAhead)")
            #expect(lines == Array(1...150), "parse ahead \(parseAhead)")
            #expect(source.counters.rejected == (0..<150).filter { $0 % 7 == 3 }.count)
        }
    }

    @Test("a registry that cannot be read stops the readers started before it")
    func registryFailureStopsEarlyReaders() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var lines: [String] = []
        for index in 0..<50_000 { lines.append(witnessLine("alpha", 1_700_000_000_000 + index, payload(index % 9))) }
        try scratch.write("witnesses.ndjson", lines.joined(separator: "\n") + "\n")
        try scratch.write("beacons.ndjson", beaconLine("bravo", 1_700_000_000_000, payload(0)) + "\n")
        var options = scratch.options(out: "out")
        options.hotspotsPath = scratch.path("missing.csv")
        options.chunkSizes = (beacons: 10, witnesses: 100)
        options.threads = 2
        #expect {
            _ = try VerifyJob(options: options).run()
        } throws: { error in
            guard case .input(let message) = error as? VerifyFailure else { return false }
            return message.contains("missing.csv")
        }
    }
}
