// `pocmap density` end to end: the built binary on the density fixtures (golden density.csv files written by
// Scripts/density/make_density_fixtures.py) and on bad input.

import Foundation
import Testing
import _PocMapTestSupport

@Suite("pocmap density")
struct DensityCommandTests {
    static let fixtures = TestPaths.fixtures.appendingPathComponent("density")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func golden(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pocmap-density-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("default hip104 to stdout equals the golden density.csv")
    func examplesToStdout() throws {
        let run = try BinaryRunner.run(["density", "--hotspots", Self.fixture("examples.hotspots.csv")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == (try Self.golden("examples.hip104.density.csv")))
        #expect(run.stderr.contains("14 asserted hotspot(s) scaled with hip104"))
    }

    @Test("hip17-2020 and hip104 with --out equal the golden files", arguments: ["hip104", "hip17-2020"])
    func metroToFile(set: String) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("density.csv")
        let run = try BinaryRunner.run([
            "density", "--hotspots", Self.fixture("metro.hotspots.csv"), "--density", set, "--out", out.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty && run.stderr.isEmpty)
        #expect(try String(contentsOf: out, encoding: .utf8) == (try Self.golden("metro.\(set).density.csv")))
    }

    @Test("a parameter file equal to hip17-2020 gives the hip17-2020 output; rows 11-12 are noted")
    func parameterFile() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let params = dir.appendingPathComponent("mine.csv")
        try """
        # my copy of the 2020 chain variables
        resolution,N,density_tgt,density_max
        10,2,1,1
        9,2,1,2
        8,2,1,4
        7,2,5,20
        6,1,25,100
        5,1,100,400
        4,1,250,800
        11,2,100000,100000
        """.write(to: params, atomically: true, encoding: .utf8)
        let run = try BinaryRunner.run([
            "density", "--hotspots", Self.fixture("ties.hotspots.csv"), "--density", params.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == (try Self.golden("ties.hip17-2020.density.csv")))
        #expect(run.stderr.contains("rows for resolution 11 are ignored"))
    }

    @Test("unknown set and malformed parameter files exit 2 naming the problem")
    func badParameters() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hotspots = Self.fixture("examples.hotspots.csv")

        let unknown = try BinaryRunner.run(["density", "--hotspots", hotspots, "--density", "hip2099"])
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("unknown density parameter set 'hip2099': use hip104, hip17-2020"))

        let bad = dir.appendingPathComponent("bad.csv")
        try "resolution,N,density_tgt,density_max\n4,1,250,800\n5,1,100,fifty\n".write(
            to: bad,
            atomically: true,
            encoding: .utf8
        )
        let malformed = try BinaryRunner.run(["density", "--hotspots", hotspots, "--density", bad.path])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("\(bad.path):3: 'fifty' is not a non-negative integer"))

        try "resolution,N,density_tgt,density_max\n4,1,250,800\n".write(to: bad, atomically: true, encoding: .utf8)
        let incomplete = try BinaryRunner.run(["density", "--hotspots", hotspots, "--density", bad.path])
        #expect(incomplete.status == 2)
        #expect(incomplete.stderr.contains("\(bad.path): no row for resolution 5, 6, 7, 8, 9, 10"))

        let missing = try BinaryRunner.run(["density", "--hotspots", hotspots, "--density", dir.path + "/none.csv"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.csv: cannot read the parameter file"))
    }

    @Test("bad hotspot rows stop with FILE:LINE; --lenient skips them; unasserted hotspots are counted, not listed")
    func badHotspots() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("hotspots.csv")
        try """
        key,location,lat,lng
        a,8c2830828a8cdff,,
        b,not-a-cell,,
        c,,,
        d,,37.7749,-122.4194
        e,,95.0,10.0
        f,8c2830828a8c9ff,,
        """.write(to: input, atomically: true, encoding: .utf8)

        let strict = try BinaryRunner.run(["density", "--hotspots", input.path])
        #expect(strict.status == 2)
        #expect(strict.stdout.isEmpty)
        #expect(strict.stderr.contains("\(input.path):3:"), "the invalid cell is named by line")
        #expect(strict.stderr.contains("\(input.path):6:"), "the latitude out of range is named by line")
        #expect(strict.stderr.contains("2 row(s) could not be read"))

        let lenient = try BinaryRunner.run(["density", "--hotspots", input.path, "--lenient"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        let lines = lenient.stdout.split(separator: "\n")
        #expect(lines.count == 4)  // header + a, d, f
        #expect(lines.dropFirst().map { $0.split(separator: ",").first ?? "" } == ["a", "d", "f"])
        // a and f share a resolution-11 cell (8b2830828a8cfff): 0.5 each; d, elsewhere in San Francisco: 1.0.
        #expect(lines[1].hasPrefix("a,8c2830828a8cdff,0.5000,"))
        #expect(lines[2].hasPrefix("d,8c283082"))
        #expect(lines[2].split(separator: ",")[2] == "1.0000")
        #expect(lines[3].hasPrefix("f,8c2830828a8c9ff,0.5000,"))
        #expect(lenient.stderr.contains("1 unasserted hotspot(s) have no location and are not listed"))
    }

    @Test("usage errors exit 2 and --help explains inputs, units and gives an example")
    func usage() throws {
        let none = try BinaryRunner.run(["density"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("--hotspots FILE is required"))
        let missingFile = try BinaryRunner.run(["density", "--hotspots", "/nonexistent/h.csv"])
        #expect(missingFile.status == 2)
        #expect(missingFile.stderr.contains("/nonexistent/h.csv"))
        let help = try BinaryRunner.run(["density", "--help"])
        #expect(help.status == 0)
        for phrase in [
            "key,location,density_scale,clipped_r4,unclipped_r4", "hip17-2020", "resolution,N,density_tgt,density_max",
            "WGS84 degrees", "EXAMPLES", "pocmap density --hotspots hotspots.csv",
        ] {
            #expect(help.stdout.contains(phrase), "help mentions \(phrase)")
        }
    }
}
