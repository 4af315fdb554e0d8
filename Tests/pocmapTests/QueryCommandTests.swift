// `pocmap query` end to end: a store written by the hidden `query make-sample-store` developer command, answers
// checked against the documented synthetic formulas with cells from `pocmap h3` (tested against H3's C library).

import Foundation
import Testing
import _PocMapTestSupport

@Suite("pocmap query")
struct QueryCommandTests {
    static let center = ("37.7749", "-122.4194")

    /// Writes a synthetic store of `hexes` cells into a fresh directory and passes the directory.
    static func withStore<R>(hexes: Int, _ body: (String) throws -> R) throws -> R {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pocmap-query-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try BinaryRunner.run([
            "query", "make-sample-store", "--out", directory.appendingPathComponent("coverage.gpkg").path,
            "--hexes", String(hexes),
        ])
        try #require(made.status == 0, "\(made.stderr)")
        return try body(directory.path)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            "not a JSON object: \(text)"
        )
    }

    static func centerCell() throws -> String {
        let run = try BinaryRunner.run(["h3", "cell", "--res", "8", "--", center.0, center.1])
        try #require(run.status == 0, "\(run.stderr)")
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func disk(_ cell: String, _ k: Int) throws -> Set<String> {
        let run = try BinaryRunner.run(["h3", "disk", cell, String(k)])
        try #require(run.status == 0, "\(run.stderr)")
        return Set(run.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    @Test("point and hex answers with --json carry the GeoPackage column names and the expected values")
    func pointAndHex() throws {
        try Self.withStore(hexes: 400) { store in
            let center = try Self.centerCell()
            let point = try BinaryRunner.run([
                "query", "point", Self.center.0, Self.center.1, "--store", store, "--json",
            ])
            #expect(point.status == 0, "\(point.stderr)")
            let answer = try Self.json(point.stdout)
            #expect(answer["h3_index"] as? String == center)
            #expect(answer["resolution"] as? Int == 8)
            #expect(answer["predicted_rssi_dbm"] as? Double == -60)
            #expect(answer["observed_rssi_dbm"] as? Double == -63)
            #expect(answer["observed_witnesses"] as? Int == 1)
            #expect(answer["serving_hotspots"] as? Int == 5)
            #expect(answer["best_server"] as? String == "synthetic-000000")
            for column in ["density_scale", "observed_median_rssi_dbm", "observed_beaconers", "last_seen"] {
                #expect(answer.keys.contains(column), "\(column)")
            }

            // A cell two rings out: d = 2, predicted −70, observed −73 (synthetic formulas).
            let ring2 = try #require(try Self.disk(center, 2).subtracting(try Self.disk(center, 1)).sorted().first)
            let hex = try BinaryRunner.run(["query", "hex", ring2, "--store", store + "/coverage.gpkg", "--json"])
            #expect(hex.status == 0, "\(hex.stderr)")
            let ringAnswer = try Self.json(hex.stdout)
            #expect(ringAnswer["h3_index"] as? String == ring2)
            #expect(ringAnswer["predicted_rssi_dbm"] as? Double == -70)
            #expect(ringAnswer["observed_rssi_dbm"] as? Double == -73)
            // Upper-case input is accepted.
            let upper = try BinaryRunner.run(["query", "hex", ring2.uppercased(), "--store", store, "--json"])
            #expect(upper.status == 0 && upper.stdout == hex.stdout)

            // The readable table.
            let table = try BinaryRunner.run(["query", "hex", center, "--store", store])
            #expect(table.status == 0)
            #expect(table.stdout.contains("hex \(center) (resolution 8)"))
            #expect(table.stdout.contains("predicted_rssi_dbm") && table.stdout.contains("-60 dBm"))
        }
    }

    @Test("an absent cell exits 2 naming the nearest hex, which itself answers")
    func unknownCell() throws {
        try Self.withStore(hexes: 400) { store in
            let center = try Self.centerCell()
            let outside = try #require(try Self.disk(center, 14).subtracting(try Self.disk(center, 13)).sorted().first)
            let run = try BinaryRunner.run(["query", "hex", outside, "--store", store, "--json"])
            #expect(run.status == 2)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains("no coverage data for cell \(outside)"), "\(run.stderr)")
            let marker = "the nearest hex with data is "
            let range = try #require(run.stderr.range(of: marker), "\(run.stderr)")
            let nearest = String(run.stderr[range.upperBound...].prefix(15))
            let check = try BinaryRunner.run(["query", "hex", nearest, "--store", store, "--json"])
            #expect(check.status == 0, "\(nearest): \(check.stderr)")
            // The point query in the Atlantic is refused the same way.
            let sea = try BinaryRunner.run(["query", "point", "30", "-40", "--store", store])
            #expect(sea.status == 2 && sea.stderr.contains("nearest hex with data"))
        }
    }

    @Test("hotspot answers count verdicts by reason; an unknown key suggests the closest")
    func hotspot() throws {
        try Self.withStore(hexes: 400) { store in
            let run = try BinaryRunner.run(["query", "hotspot", "synthetic-000001", "--store", store, "--json"])
            #expect(run.status == 0, "\(run.stderr)")
            let answer = try Self.json(run.stdout)
            #expect(answer["key"] as? String == "synthetic-000001")
            #expect(answer["active"] as? Bool == true)
            #expect(answer["region"] as? String == "US915")
            // Hotspot 1 (odd) witnessed hotspot 2 validly and hotspot 3 with bad_rssi.
            #expect(answer["witness_verdicts"] as? [String: Int] == ["valid": 1, "bad_rssi": 1])
            let table = try BinaryRunner.run(["query", "hotspot", "synthetic-000001", "--store", store])
            #expect(table.stdout.contains("bad_rssi") && table.stdout.contains("(50.0%)"))

            let typo = try BinaryRunner.run(["query", "hotspot", "synthetic-000O01", "--store", store])
            #expect(typo.status == 2)
            #expect(typo.stderr.contains("did you mean 'synthetic-000001'?"), "\(typo.stderr)")
        }
    }

    @Test("usage errors and a missing store exit 2 with a reason")
    func badUsage() throws {
        let missing = try BinaryRunner.run(["query", "hex", "882830829bfffff", "--store", "/nonexistent/out"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no coverage store at '/nonexistent/out'"))
        let noStore = try BinaryRunner.run(["query", "hex", "882830829bfffff"])
        #expect(noStore.status == 2)
        #expect(noStore.stderr.contains("--store"))
        try Self.withStore(hexes: 10) { store in
            let badCell = try BinaryRunner.run(["query", "hex", "not-a-cell", "--store", store])
            #expect(badCell.status == 2)
            #expect(badCell.stderr.contains("is not an H3 cell index"))
            let badPoint = try BinaryRunner.run(["query", "point", "95", "0", "--store", store])
            #expect(badPoint.status == 2)
            #expect(badPoint.stderr.contains("latitude"))
            let oneNumber = try BinaryRunner.run(["query", "point", "37", "--store", store])
            #expect(oneNumber.status == 2)
        }
        let help = try BinaryRunner.run(["query", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("EXAMPLES") && help.stdout.contains("--json"))
        #expect(!help.stdout.contains("make-sample-store"))
    }
}
