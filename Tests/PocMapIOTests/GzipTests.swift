import Foundation
import PocMapCore
import Testing

@testable import PocMapIO

@Suite("Gzip input")
struct GzipTests {
    private func lines(_ count: Int, from start: Int = 0) -> String {
        (start..<start + count).map { index in
            witnessLine(["received_timestamp": "\(1_675_572_018_067 + index)"])
        }.joined(separator: "\n") + "\n"
    }

    @Test func gzipIsDetectedByMagicBytesWhateverTheName() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let compressed = try gzipWithTool(Array(lines(500).utf8), in: directory)
        for name in ["w.ndjson.gz", "w.ndjson", "w.jsonl.GZ"] {
            let path = directory.appendingPathComponent(name).path
            try Data(compressed).write(to: URL(fileURLWithPath: path))
            let reader = try WitnessReader(path: path)
            let items = try reader.readAll()
            #expect(items.count == 500)
            #expect(items.allSatisfy { $0.record != nil })
            #expect(items.last?.record?.receivedTimestampMs == 1_675_572_018_067 + 499)
            #expect(items.last?.record?.source == SourceLocation(file: path, line: 500))
            #expect(reader.counters.isGzip)
            #expect(reader.counters.bytes == lines(500).utf8.count)
        }
        // A plain file named .gz is read as plain text.
        let plainPath = directory.appendingPathComponent("plain.ndjson.gz").path
        try Data(lines(3).utf8).write(to: URL(fileURLWithPath: plainPath))
        let plain = try WitnessReader(path: plainPath)
        #expect(try plain.readAll().count == 3)
        #expect(!plain.counters.isGzip)
    }

    @Test func concatenatedMembersAndZeroPadding() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try gzipWithTool(Array(lines(100).utf8), in: directory, name: "a")
        let second = try gzipWithTool(Array(lines(50, from: 100).utf8), in: directory, name: "b")
        let empty = try gzipWithTool([], in: directory, name: "c")
        let joined = first + empty + second + [UInt8](repeating: 0, count: 1000)
        let reader = try WitnessReader(bytes: joined, name: "cat.ndjson.gz")
        let items = try reader.readAll()
        #expect(items.count == 150)
        #expect(items.compactMap(\.record).map(\.receivedTimestampMs) == (0..<150).map { 1_675_572_018_067 + $0 })
        #expect(items.compactMap(\.record).map { $0.source?.line } == (1...150).map { $0 })
    }

    @Test func truncatedGzipKeepsRecordsAndNamesThePosition() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = lines(20_000)
        let compressed = try gzipWithTool(Array(text.utf8), in: directory)
        let cut = Array(compressed[0..<(compressed.count * 2 / 3)])
        let reader = try WitnessReader(bytes: cut, name: "cut.ndjson.gz", options: ReaderOptions(chunkSize: 1000))
        var items: [ReadResult<WitnessReport>] = []
        var failure: InputError?
        do {
            while let chunk = try reader.nextChunk() { items += chunk.items }
        } catch {
            failure = error
        }
        let error = try #require(failure)
        #expect(error.code == .gzipTruncated)
        #expect(error.file == "cut.ndjson.gz")
        #expect(error.message.contains("at byte \(cut.count)"))
        #expect(error.message.contains("lines 1 to \(items.count)"))
        // Most of the file was decoded; every complete line is a record, the cut fragment a reject.
        #expect(items.count > 5000 && items.count < 20_000)
        let records = items.compactMap(\.record)
        #expect(records.count >= items.count - 1)
        #expect(records.enumerated().allSatisfy { $0.element.source?.line == $0.offset + 1 })
        if let last = items.last?.reject {
            #expect(last.error.contains("cut off"))
        }
        #expect(reader.counters.accountingHolds)
        #expect(reader.counters.recordsRead == items.count)
        // The error is thrown once; afterwards the reader is finished.
        #expect(try reader.nextChunk() == nil)
    }

    @Test func corruptDeflateDataIsAnError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var compressed = try gzipWithTool(Array(lines(5000).utf8), in: directory)
        for offset in stride(from: compressed.count / 2, to: compressed.count / 2 + 64, by: 1) {
            compressed[offset] ^= 0x5A
        }
        let reader = try WitnessReader(bytes: compressed, name: "bad.ndjson.gz")
        var count = 0
        let error = #expect(throws: InputError.self) {
            while let chunk = try reader.nextChunk() { count += chunk.items.count }
        }
        #expect(error?.code == .gzipCorrupt)
        #expect(error?.message.contains("corrupt at byte") == true)
        #expect(reader.counters.recordsRead == count)
        #expect(reader.counters.accountingHolds)
    }

    @Test func wrongChecksumIsAnError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var compressed = try gzipWithTool(Array(lines(10).utf8), in: directory)
        compressed[compressed.count - 6] ^= 0xFF  // inside the CRC-32 trailer
        let reader = try WitnessReader(bytes: compressed, name: "crc.ndjson.gz")
        let error = #expect(throws: InputError.self) { _ = try reader.readAll() }
        #expect(error?.code == .gzipCorrupt)
        #expect(error?.message.contains("incorrect data check") == true)
    }

    @Test func trailingGarbageIsAnError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let compressed = try gzipWithTool(Array(lines(10).utf8), in: directory)
        let reader = try WitnessReader(bytes: compressed + [0, 0, 7, 1], name: "junk.ndjson.gz")
        var count = 0
        let error = #expect(throws: InputError.self) {
            while let chunk = try reader.nextChunk() { count += chunk.items.count }
        }
        #expect(count == 10)
        #expect(error?.code == .gzipTrailingGarbage)
        #expect(error?.message.contains("at byte \(compressed.count + 2)") == true)
    }

    @Test func gzipHeaderOnlyIsTruncated() throws {
        let reader = try WitnessReader(bytes: [0x1F, 0x8B, 0x08, 0x00], name: "h.ndjson.gz")
        let error = #expect(throws: InputError.self) { _ = try reader.readAll() }
        #expect(error?.code == .gzipTruncated)
    }

    @Test func missingFileIsAnError() {
        let error = #expect(throws: InputError.self) { _ = try WitnessReader(path: "/nonexistent/w.ndjson") }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description.hasPrefix("/nonexistent/w.ndjson: cannot open") == true)
    }
}
