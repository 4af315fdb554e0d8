import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@testable import PocMapIO

/// The witness reader against a golden file of edge cases (`Tests/Fixtures/reader/`).
///
/// `witness-edge-lines.ndjson.gz` holds 3 394 witness lines aimed at the reader's fast paths and their edges
/// (written by `generate_witness_edges.py`): special bytes at every offset of an 8-byte word, numbers of every
/// digit count, field names of every length, data rates and payloads in every form, and lines cut short near
/// their end. `witness-edge-lines.expected.gz` is what the reader made of each line — the record's every field
/// or the reject's message — recorded with the reader as it was before the speed work of branch `parseperf`
/// (commit e663f91), whose plain byte-at-a-time loops the fast paths replace. A faster reader must give the
/// same items, message for message.
@Suite("Witness edge lines")
struct WitnessEdgeLinesTests {
    private static let directory = TestPaths.fixtures.appendingPathComponent("reader")

    /// One item as one line of text: every field of a record, or the reject's message and text length. Strings
    /// are written as Swift literals, so escapes (a decoded `\n`) cannot break the line.
    static func describe(_ item: ReadResult<WitnessReport>) -> String {
        switch item {
        case .record(let report):
            let optional: (Int?) -> String = { $0.map(String.init) ?? "-" }
            return [
                "\(report.source?.line ?? 0) record", String(reflecting: report.pubKey), "\(report.receivedTimestampMs)",
                report.data.hexString, "\(report.signalDeciDBm)", optional(report.snrDeciDB), "\(report.frequencyHz)",
                report.dataRate?.name ?? "-", optional(report.timestampNs), optional(report.tmst),
            ].joined(separator: " ")
        case .reject(let reject):
            return "\(reject.source.line) reject (\(reject.text.utf8.count) bytes) \(String(reflecting: reject.error))"
        }
    }

    /// The lines of a gzip-compressed text file, read with the reader's own gzip and line code.
    static func gzipLines(_ url: URL) throws -> [String] {
        let raw = try FileByteSource(path: url.path, name: url.lastPathComponent)
        let (source, isGzip) = try ByteSourceOpener.open(raw: raw, name: url.lastPathComponent)
        #expect(isGzip)
        let lines = LineReader(source: source, name: url.lastPathComponent)
        var result: [String] = []
        while let line = try lines.next() {
            guard case .text(let bytes) = line else { throw InputError(code: .readFailed, file: "", message: "") }
            result.append(String(decoding: bytes, as: UTF8.self))
        }
        return result
    }

    @Test(arguments: [10_000, 7])
    func everyItemMatchesTheRecordedReader(chunkSize: Int) throws {
        let input = WitnessEdgeLinesTests.directory.appendingPathComponent("witness-edge-lines.ndjson.gz")
        let reader = try WitnessReader(path: input.path, options: ReaderOptions(format: .ndjson, chunkSize: chunkSize))
        let items = try reader.readAll()
        let expected = try WitnessEdgeLinesTests.gzipLines(
            WitnessEdgeLinesTests.directory.appendingPathComponent("witness-edge-lines.expected.gz")
        )
        #expect(items.count == 3394 && expected.count == items.count)
        var mismatches = 0
        for (item, line) in zip(items, expected) where WitnessEdgeLinesTests.describe(item) != line {
            mismatches += 1
            if mismatches <= 20 { Issue.record("got \(WitnessEdgeLinesTests.describe(item))\nexpected \(line)") }
        }
        #expect(mismatches == 0)
        // The corpus reaches both outcomes in quantity.
        let records = items.filter { $0.record != nil }.count
        #expect(records > 400 && items.count - records > 2500)
    }

    /// The hotspot keys a chunk gathers while decoding line up with its items (missing for a reject) and look
    /// up exactly as the reports' own keys do, keys escaped in the JSON included.
    @Test(arguments: [10_000, 7])
    func chunksGatherTheReportsHotspotKeys(chunkSize: Int) throws {
        let input = WitnessEdgeLinesTests.directory.appendingPathComponent("witness-edge-lines.ndjson.gz")
        let reader = try WitnessReader(path: input.path, options: ReaderOptions(format: .ndjson, chunkSize: chunkSize))
        var chunks: [RecordChunk<WitnessReport>] = []
        while let chunk = try reader.nextChunk() { chunks.append(chunk) }
        let reports = chunks.flatMap { $0.records }
        // A registry with every other report's key (and one key twice), so that lookups both hit and miss.
        let registry = reports.enumerated().filter { $0.offset % 2 == 0 }.map { Hotspot(key: $0.element.pubKey, location: nil) }
        let directory = HotspotDirectory(registry + registry.prefix(1))
        var hits = 0
        for chunk in chunks {
            let keys = try #require(chunk.hotspotKeys)
            #expect(keys.count == chunk.items.count)
            let ids = directory.ids(for: keys)
            #expect(ids == chunk.items.map { $0.record.flatMap { directory.id(forKey: $0.pubKey) } })
            hits += ids.compactMap { $0 }.count
        }
        #expect(hits > 100 && hits < reports.count)
    }

    /// The join keys a chunk gathers while decoding line up with its items: each report's received time, payload
    /// and payload hash, and a hash of 0 (never a real hash, which is odd) for a reject.
    @Test(arguments: [10_000, 7])
    func chunksGatherTheReportsJoinKeys(chunkSize: Int) throws {
        let input = WitnessEdgeLinesTests.directory.appendingPathComponent("witness-edge-lines.ndjson.gz")
        let reader = try WitnessReader(path: input.path, options: ReaderOptions(format: .ndjson, chunkSize: chunkSize))
        var records = 0
        var rejects = 0
        while let chunk = try reader.nextChunk() {
            let keys = try #require(chunk.joinKeys)
            #expect(keys.count == chunk.items.count)
            for (position, item) in chunk.items.enumerated() {
                if let report = item.record {
                    #expect(keys.receivedMs[position] == report.receivedTimestampMs)
                    #expect(keys.payloads[position] == report.data)
                    #expect(keys.hashes[position] == report.data.tableHash && keys.hashes[position] % 2 == 1)
                    records += 1
                } else {
                    #expect(keys.hashes[position] == 0 && keys.payloads[position].isEmpty)
                    rejects += 1
                }
            }
        }
        #expect(records > 400 && rejects > 2500)
    }
}
