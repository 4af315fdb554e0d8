// `pocmap region` end to end on Helium's real region index.

import Foundation
import Testing
import _PocMapTestSupport

@Suite("pocmap region")
struct RegionCommandTests {
    static let regions = TestPaths.realData("helium__lorawan-h3/serialized").path
    static var available: Bool { FileManager.default.fileExists(atPath: regions) }

    static let cities: [(lat: String, lng: String, plan: String)] = [
        ("37.7749", "-122.4194", "US915"), ("52.52", "13.405", "EU868"), ("-33.8688", "151.2093", "AS923-1C"),
        ("-23.5505", "-46.6333", "AU915-SB1"), ("35.6762", "139.6503", "AS923-1"), ("19.076", "72.8777", "IN865"),
        ("37.5665", "126.978", "KR920"), ("55.7558", "37.6173", "RU864"), ("0", "-30", "none"),
    ]

    @Test("one point per call, negative coordinates included")
    func singlePoints() throws {
        guard Self.available else {
            print("skipped: \(Self.regions) is absent")
            return
        }
        for city in Self.cities {
            let run = try BinaryRunner.run(["region", city.lat, city.lng, "--regions", Self.regions])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == city.plan + "\n", "\(city.lat),\(city.lng)")
        }
    }

    @Test("batch mode: one lat,lng per line in, one plan per line out")
    func batch() throws {
        guard Self.available else { return }
        let input = "# a comment\n" + Self.cities.map { "\($0.lat),\($0.lng)" }.joined(separator: "\r\n") + "\n\n"
        let run = try BinaryRunner.run(["region", "--regions", Self.regions], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == Self.cities.map { $0.plan + "\n" }.joined())
    }

    @Test("out-of-range and malformed input exit 2 naming the line")
    func badInput() throws {
        guard Self.available else { return }
        let north = try BinaryRunner.run(["region", "90.5", "0", "--regions", Self.regions])
        #expect(north.status == 2)
        #expect(north.stderr.contains("latitude 90.5 is outside -90...90 degrees"))
        let east = try BinaryRunner.run(["region", "0", "181", "--regions", Self.regions])
        #expect(east.status == 2)
        #expect(east.stderr.contains("longitude 181 is outside -180...180 degrees"))
        let word = try BinaryRunner.run(["region", "north", "0", "--regions", Self.regions])
        #expect(word.status == 2)
        #expect(word.stderr.contains("latitude 'north' is not a number"))
        let nan = try BinaryRunner.run(["region", "nan", "0", "--regions", Self.regions])
        #expect(nan.status == 2)
        let batch = try BinaryRunner.run(
            ["region", "--regions", Self.regions],
            stdin: "52.52,13.405\n52.52;13.405\n1,2\n"
        )
        #expect(batch.status == 2)
        #expect(batch.stdout == "EU868\n", "answers before the bad line are kept")
        #expect(batch.stderr.contains("stdin:2: expected 'lat,lng', got '52.52;13.405'"))
        let range = try BinaryRunner.run(["region", "--regions", Self.regions], stdin: "1,2\n-91,0\n")
        #expect(range.status == 2)
        #expect(range.stderr.contains("stdin:2: latitude -91 is outside -90...90 degrees"))
        let three = try BinaryRunner.run(["region", "1", "2", "3", "--regions", Self.regions])
        #expect(three.status == 2)
    }

    @Test("a missing or empty index directory exits 2 naming it")
    func badDirectory() throws {
        let none = try BinaryRunner.run(["region", "1", "2"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("--regions DIR is required"))
        let missing = try BinaryRunner.run(["region", "1", "2", "--regions", "/nonexistent/regions"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/regions: cannot read the region index directory"))
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("pocmap-regions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let nothing = try BinaryRunner.run(["region", "1", "2", "--regions", empty.path])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("no *.h3idx region files here"))
    }

    @Test("an answer resting on a cell two files list is noted on stderr")
    func overlapNote() throws {
        guard Self.available else { return }
        // 856735cffffffff (Haiti) is in both US915.res7.h3idx and Unknown.res7.h3idx.
        let run = try BinaryRunner.run(["region", "18.4624", "-75.1132", "--regions", Self.regions])
        #expect(run.status == 0)
        #expect(run.stdout == "US915\n")
        #expect(run.stderr.contains("is listed by US915 and by Unknown; US915 is used"))
        let quiet = try BinaryRunner.run(["region", "18.4624", "-75.1132", "--regions", Self.regions, "--quiet"])
        #expect(quiet.stderr.isEmpty)
    }

    @Test("--help explains the input, units and gives examples")
    func help() throws {
        let help = try BinaryRunner.run(["region", "--help"])
        #expect(help.status == 0)
        for phrase in ["WGS84 degrees", "lat,lng", "none", "EXAMPLES", "h3idx", "resolution-7"] {
            #expect(help.stdout.contains(phrase), "help mentions \(phrase)")
        }
    }
}
