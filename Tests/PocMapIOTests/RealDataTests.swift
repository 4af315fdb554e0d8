import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@testable import PocMapIO

private func exists(_ relative: String) -> Bool {
    FileManager.default.fileExists(atPath: TestPaths.realData(relative).path)
}

/// Real public data from ../shared/realdata (never copied into the repository); skipped when absent.
@Suite("Real data")
struct RealDataTests {
    /// Data rows of a CSV file by plain text splitting (no quotes in these files): the independent count.
    private func csvRows(_ url: URL) throws -> [[String]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test(
        "gradoj/h3kml hotspots: our res-12 cell from lat/lng equals their h3_res12_from_latlng column",
        .enabled(if: exists("gradoj__h3kml/2020-12-22/hotspots.derived.csv")),
        arguments: ["gradoj__h3kml/2020-12-22/hotspots.derived.csv", "gradoj__h3kml/2021-01-09/hotspots.derived.csv"]
    )
    func gradojCellsMatch(relative: String) throws {
        let url = TestPaths.realData(relative)
        let rows = try csvRows(url)
        // As published: key = name, location = their column (location wins over lat/lng).
        let theirs = try HotspotRegistry.load(
            paths: [url.path],
            options: ReaderOptions(fieldAliases: ["name": "key", "h3_res12_from_latlng": "location"])
        )
        // Ours: the same rows with the location computed from lat/lng (their column is not mapped).
        let oursReader = try HotspotReader(path: url.path, options: ReaderOptions(fieldAliases: ["name": "key"]))
        let ours = try oursReader.readAll()
        #expect(ours.count == rows.count)
        #expect(oursReader.counters.rejected == 0)
        #expect(theirs.files[0].rejected == 0 && theirs.files[0].recordsRead == rows.count)
        var compared = 0
        var mismatches = 0
        for (index, item) in ours.enumerated() {
            let hotspot = try #require(item.record)
            #expect(hotspot.key == rows[index][0])
            #expect(hotspot.source?.line == index + 2)
            let expected = try H3Cell(string: rows[index][3])
            compared += 1
            if hotspot.location != expected { mismatches += 1 }
        }
        #expect(compared == rows.count && mismatches == 0)
        // Repeated names are reported with both lines, the last one wins: nothing silently dropped.
        let names = rows.map { $0[0] }
        #expect(theirs.count == Set(names).count)
        #expect(theirs.count + theirs.duplicateKeys.count == rows.count)
        #expect(theirs.duplicateKeys.count == 11)
        for duplicate in theirs.duplicateKeys {
            let previous = try #require(duplicate.previous)
            let replacement = try #require(duplicate.replacement)
            #expect(previous.line < replacement.line)
            #expect(rows[previous.line - 2][0] == duplicate.key && rows[replacement.line - 2][0] == duplicate.key)
        }
        print(
            "\(relative): \(compared) rows, \(mismatches) cell mismatches, \(theirs.duplicateKeys.count) duplicate names"
        )
    }

    @Test(
        "tomtobback hotspot exports: registry with column aliases; 0,0 rows are unasserted",
        .enabled(
            if: exists("tomtobback__helium-data-traffic/csv_output/20220216145329hotspots_data_packets7_details.csv")
        )
    )
    func tomtobbackRegistry() throws {
        let url = TestPaths.realData(
            "tomtobback__helium-data-traffic/csv_output/20220216145329hotspots_data_packets7_details.csv"
        )
        let reader = try HotspotReader(path: url.path, options: ReaderOptions(fieldAliases: ["hotspot address": "key"]))
        let items = try reader.readAll()
        #expect(reader.counters.rejected == 0)
        #expect(items.count == 7000)
        let hotspots = items.compactMap(\.record)
        let unasserted = hotspots.filter { !$0.isAsserted }
        #expect(unasserted.count == 96)  // rows with an empty location and lat,lng = 0,0
        // Every asserted row's location is also the res-12 cell of its lat/lng (recomputed without the column).
        let fromLatLng = try HotspotReader(
            path: url.path,
            options: ReaderOptions(fieldAliases: ["hotspot address": "key", "location": ""])
        )
        let recomputed = try fromLatLng.readAll().compactMap(\.record)
        #expect(recomputed.count == hotspots.count)
        let asserted = zip(hotspots, recomputed).filter { $0.0.isAsserted }
        #expect(asserted.count == 6904)
        #expect(asserted.allSatisfy { $0.0.location == $0.1.location && $0.0.key == $0.1.key })
    }

    @Test(
        "CampusIoT NDJSON.gz: every real line is a valid JSON object with nested values",
        .enabled(if: exists("CampusIoT__datasets/Helium/EMS_A81758FFFE04B1C1.ndjson.gz"))
    )
    func campusIoTLinesScan() throws {
        let directory = TestPaths.realData("CampusIoT__datasets")
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".ndjson.gz")
        }.sorted()
        #expect(files.count == 5)
        let table = try FieldTable(names: ["name", "dev_eui", "fcnt", "hotspots"], aliases: [:])
        let slots = UnsafeMutableBufferPointer<FieldSlot>.allocate(capacity: 4)
        slots.initialize(repeating: FieldSlot())
        defer { slots.deallocate() }
        var total = 0
        for file in files {
            let path = directory.appendingPathComponent(file).path
            // Independent reference: Foundation parses the output of the system gzip tool.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["gzip", "-dc", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let plain = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let referenceLines = plain.split(separator: 0x0A).filter { !$0.isEmpty }
            // Foundation confirms a sample of the lines are JSON objects (all of them took 10 s in a debug build).
            for line in referenceLines.enumerated().filter({ $0.offset % 50 == 0 }).map(\.element) {
                #expect(try JSONSerialization.jsonObject(with: line) is [String: Any])
            }

            let (source, isGzip) = try ByteSourceOpener.open(raw: FileByteSource(path: path, name: file), name: file)
            #expect(isGzip)
            let lines = LineReader(source: source, name: file)
            var count = 0
            while let line = try lines.next() {
                guard case .text(let bytes) = line else {
                    Issue.record("\(file):\(lines.lineNumber) not read as text")
                    continue
                }
                try JSONScanner.scan(bytes, table: table, slots: slots)
                #expect(slots[3].kind == .container)  // "hotspots": [ ... ] skipped but located
                #expect(slots[2].kind == .number)
                count += 1
            }
            #expect(count == referenceLines.count)
            #expect(lines.bytesRead == plain.count)
            total += count
        }
        #expect(total == 71_381)
    }
}
