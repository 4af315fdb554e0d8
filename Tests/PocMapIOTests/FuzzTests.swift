import Foundation
import PocMapCore
import Testing

@testable import PocMapIO

@Suite("Fuzzing the readers")
struct FuzzTests {
    /// Random bytes biased towards JSON/CSV structure characters.
    private func randomLine(_ generator: inout SplitMix64) -> [UInt8] {
        let alphabet =
            Array(#"{}[]":,\-+.0123456789eEtrufalsn \u00NaIfy"#.utf8) + [
                0x0D, 0x09, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF, 0x00,
            ]
        let length = Int.random(in: 0...120, using: &generator)
        return (0..<length).map { _ in
            Bool.random(using: &generator)
                ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
        }
    }

    /// A valid line with a few random edits (flip, insert, delete, truncate, duplicate a span).
    private func mutate(_ line: String, _ generator: inout SplitMix64) -> [UInt8] {
        var bytes = Array(line.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            guard !bytes.isEmpty else { break }
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.insert(Array(#"",:{}[]\0-e."#.utf8).randomElement(using: &generator)!, at: position)
            case 2: bytes.remove(at: position)
            case 3: bytes.removeSubrange(position...)
            case 4: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            default:
                let end = min(bytes.count, position + Int.random(in: 1...12, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    private func physicalLines(_ bytes: [UInt8]) -> Int {
        let newlines = bytes.filter { $0 == 0x0A }.count
        return newlines + (bytes.last.map { $0 == 0x0A ? 0 : 1 } ?? 0)
    }

    /// Reads `bytes` and checks the invariants that must hold whatever the input.
    private func check<Record: Sendable>(_ reader: RecordReader<Record>, _ bytes: [UInt8], line: (Record) -> Int?)
        throws -> FileCounters
    {
        var items: [ReadResult<Record>] = []
        while let chunk = try reader.nextChunk() { items += chunk.items }
        let counters = reader.counters
        #expect(counters.accountingHolds)
        #expect(counters.recordsRead == items.count)
        #expect(counters.decoded == items.filter { $0.record != nil }.count)
        #expect(counters.lines == physicalLines(bytes))
        #expect(counters.recordsRead + counters.blankLines + counters.headerLines == counters.lines)
        var previous = 0
        for item in items {
            let number: Int
            switch item {
            case .record(let record): number = line(record) ?? -1
            case .reject(let reject):
                number = reject.source.line
                #expect(reject.text.unicodeScalars.count <= 200)  // at most 200 bytes, each at most one scalar
                #expect(!reject.error.isEmpty)
            }
            #expect(number > previous && number <= counters.lines)
            previous = number
        }
        return counters
    }

    @Test(arguments: [1, 2, 3, 4])
    func randomAndMutatedNDJSON(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        var totals = (decoded: 0, rejected: 0)
        for round in 0..<40 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...150, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes += Array(witnessLine().utf8)
                case 1: bytes += mutate(witnessLine(), &generator)
                case 2: bytes += mutate(beaconLine(), &generator)
                default: bytes += randomLine(&generator)
                }
                bytes += Bool.random(using: &generator) ? [0x0A] : [0x0D, 0x0A]
            }
            if Bool.random(using: &generator), !bytes.isEmpty { bytes.removeLast() }
            let options = ReaderOptions(
                chunkSize: Int.random(in: 1...64, using: &generator),
                maxLineBytes: round % 3 == 0 ? 64 : 1 << 20
            )
            let witnesses = try check(try WitnessReader(bytes: bytes, name: "w.ndjson", options: options), bytes) {
                witness in
                #expect(PlausibleRanges.frequencyHz.contains(witness.frequencyHz))
                #expect(PlausibleRanges.signalDeciDBm.contains(witness.signalDeciDBm))
                #expect(!witness.data.isEmpty)
                return witness.source?.line
            }
            totals.decoded += witnesses.decoded
            totals.rejected += witnesses.rejected
            _ = try check(try BeaconReader(bytes: bytes, name: "b.ndjson", options: options), bytes) { $0.source?.line }
            _ = try check(try HotspotReader(bytes: bytes, name: "h.ndjson", options: options), bytes) {
                $0.source?.line
            }
        }
        // The mix exercises both outcomes.
        #expect(totals.decoded > 100 && totals.rejected > 100)
    }

    @Test(arguments: [5, 6])
    func randomAndMutatedCSV(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let header = "pub_key,received_timestamp,data,signal,snr,frequency,datarate\n"
        let valid = #"k1,1675572018067,"AAECAwQFBgcICQ==",-1060,55,904500000,SF9BW125"#
        for _ in 0..<40 {
            var bytes = Array(header.utf8)
            for _ in 0..<Int.random(in: 0...150, using: &generator) {
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes += Array(valid.utf8)
                case 1: bytes += mutate(valid, &generator)
                default: bytes += randomLine(&generator)
                }
                bytes += [0x0A]
            }
            _ = try check(try WitnessReader(bytes: bytes, name: "w.csv"), bytes) { $0.source?.line }
        }
    }

    @Test func corruptedGzipNeverCrashesAndKeepsTheAccounting() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = (0..<3000).map { witnessLine(["tmst": "\($0)"]) }.joined(separator: "\n")
        let compressed = try gzipWithTool(Array(text.utf8), in: directory)
        var generator = SplitMix64(seed: 7)
        var failures = 0
        for _ in 0..<60 {
            var bytes = compressed
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 10..<bytes.count, using: &generator)
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) {
                bytes.removeSubrange(Int.random(in: 10..<bytes.count, using: &generator)...)
            }
            let reader = try WitnessReader(bytes: bytes, name: "w.ndjson.gz", options: ReaderOptions(chunkSize: 500))
            var count = 0
            do {
                while let chunk = try reader.nextChunk() { count += chunk.items.count }
            } catch {
                failures += 1
                #expect(error.file == "w.ndjson.gz")
            }
            #expect(reader.counters.accountingHolds)
            #expect(reader.counters.recordsRead == count)
        }
        #expect(failures > 30)
    }
}
