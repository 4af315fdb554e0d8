// `pocmap h3 cell|center|boundary|disk|parent|distance` end to end: the built binary against the answers of the
// reference library (Tests/Fixtures/h3/cli.tsv, written by Scripts/h3vectors/cli_vectors.py with h3==4.5.0),
// one value on the command line and whole streams on stdin, the output formats of CLI.md, and bad input.

import Foundation
import Testing
import _PocMapTestSupport

@Suite("pocmap h3")
struct H3CommandTests {
    /// The oracle rows of cli.tsv, by kind (first column), without the kind.
    static let oracle: [String: [[String]]] = {
        let url = TestPaths.fixtures.appendingPathComponent("h3/cli.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var rows: [String: [[String]]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            rows[fields[0], default: []].append(Array(fields.dropFirst()))
        }
        return rows
    }()

    static func rows(_ kind: String) throws -> [[String]] {
        let rows = oracle[kind] ?? []
        try #require(rows.count >= 40, "cli.tsv has \(rows.count) \(kind) rows")
        return rows
    }

    /// Every `step`-th element: keeps the number of process launches of the one-value tests small.
    static func sample<T>(_ items: [T], count: Int) -> [T] {
        let step = max(1, items.count / count)
        return stride(from: 0, to: items.count, by: step).map { items[$0] }
    }

    /// `lat,lng` printed by the CLI: both numbers with at least 9 decimals (CLI.md), parsed.
    static func point(_ text: Substring) -> (lat: Double, lng: Double)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        for part in parts {
            guard let dot = part.firstIndex(of: "."), part[part.index(after: dot)...].count >= 9 else { return nil }
        }
        guard let lat = Double(parts[0]), let lng = Double(parts[1]) else { return nil }
        return (lat, lng)
    }

    /// Checks a `boundary` output line against the oracle's vertices (same count, each within 1e-9°).
    static func expectBoundary(_ line: Substring, _ expected: String, _ cell: String) {
        let got = line.split(separator: " ").map { point($0) }
        let want = expected.split(separator: " ").map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(got.count == want.count, "\(cell): \(got.count) vertices, reference \(want.count)")
        for (vertex, reference) in zip(got, want) {
            guard let vertex else {
                Issue.record("\(cell): a vertex is not `lat,lng` with 9+ decimals: \(line)")
                return
            }
            #expect(abs(vertex.lat - reference[0]) <= 1e-9 && abs(vertex.lng - reference[1]) <= 1e-9, "\(cell)")
        }
    }

    // MARK: - cell

    @Test("cell LAT LNG: the reference's cell, negative and out-of-range longitudes included")
    func cellSingle() throws {
        let rows = try Self.rows("cell")
        var picked = Self.sample(rows, count: 24)
        picked += rows.filter { $0[0] == "37.7749" || $0[1] == "-540" || $0[0] == "-90" }
        for row in picked {
            let run = try BinaryRunner.run(["h3", "cell", "--res", row[2], row[0], row[1]])
            #expect(run.status == 0, "\(row): \(run.stderr)")
            #expect(run.stdout == row[3] + "\n", "cell --res \(row[2]) \(row[0]) \(row[1])")
        }
    }

    @Test("cell batch: one lat,lng per stdin line, one cell per output line, every oracle row")
    func cellBatch() throws {
        let rows = try Self.rows("cell")
        let byResolution = Dictionary(grouping: rows, by: { $0[2] })
        #expect(byResolution.count == 16, "every resolution appears in cli.tsv")
        for (res, group) in byResolution {
            // Separators the help promises: comma (with spaces), tab, space; CRLF line ends; no final newline.
            let lines = group.enumerated().map { index, row in
                switch index % 4 {
                case 0: "\(row[0]),\(row[1])"
                case 1: "\(row[0]) , \(row[1])\r"
                case 2: "\(row[0])\t\(row[1])"
                default: " \(row[0]) \(row[1]) "
                }
            }
            let run = try BinaryRunner.run(["h3", "cell", "--res", res], stdin: lines.joined(separator: "\n"))
            #expect(run.status == 0, "res \(res): \(run.stderr)")
            #expect(run.stdout == group.map { $0[3] + "\n" }.joined(), "res \(res)")
        }
    }

    // MARK: - center, boundary

    @Test("center CELL: lat,lng with at least 9 decimals within 1e-9° of the reference; batch too")
    func center() throws {
        let rows = try Self.rows("center")
        for row in Self.sample(rows, count: 10) {
            let run = try BinaryRunner.run(["h3", "center", row[0]])
            #expect(run.status == 0, "\(row[0]): \(run.stderr)")
            let line = run.stdout.split(separator: "\n")
            #expect(line.count == 1)
            let point = try #require(Self.point(line[0]), "\(run.stdout)")
            #expect(abs(point.lat - Double(row[1])!) <= 1e-9 && abs(point.lng - Double(row[2])!) <= 1e-9, "\(row)")
        }
        // Batch, with an uppercase index (accepted, H3 text is case-insensitive).
        let input = rows.enumerated().map { $0 % 5 == 0 ? $1[0].uppercased() : $1[0] }.joined(separator: "\n") + "\n"
        let run = try BinaryRunner.run(["h3", "center"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == rows.count)
        for (line, row) in zip(lines, rows) {
            guard let point = Self.point(line) else {
                Issue.record("\(row[0]): not `lat,lng` with 9+ decimals: \(line)")
                continue
            }
            #expect(abs(point.lat - Double(row[1])!) <= 1e-9 && abs(point.lng - Double(row[2])!) <= 1e-9, "\(row)")
        }
    }

    @Test("boundary CELL: one line of space-separated lat,lng vertices, pentagons and distorted cells; batch too")
    func boundary() throws {
        let rows = try Self.rows("boundary")
        #expect(rows.contains { $0[1].split(separator: " ").count == 5 }, "a pentagon is among the rows")
        #expect(rows.contains { $0[1].split(separator: " ").count > 6 }, "a cell with distortion vertices too")
        for row in Self.sample(rows, count: 8) + [rows[0]] {
            let run = try BinaryRunner.run(["h3", "boundary", row[0]])
            #expect(run.status == 0, "\(row[0]): \(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == 1)
            Self.expectBoundary(lines[0], row[1], row[0])
        }
        let run = try BinaryRunner.run(["h3", "boundary"], stdin: rows.map { $0[0] + "\n" }.joined())
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == rows.count)
        for (line, row) in zip(lines, rows) { Self.expectBoundary(line, row[1], row[0]) }
    }

    // MARK: - disk, parent

    @Test("disk CELL K: the reference's cells (6 around a pentagon), one line; batch with K alone")
    func disk() throws {
        let rows = try Self.rows("disk")
        func cells(_ line: Substring) -> [String] { line.split(separator: " ").map(String.init).sorted() }
        for row in Self.sample(rows, count: 8) + [rows[0]] {
            let run = try BinaryRunner.run(["h3", "disk", row[0], row[1]])
            #expect(run.status == 0, "\(row[0]): \(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(cells(lines[0]) == row[2].split(separator: ",").map(String.init), "disk \(row[0]) \(row[1])")
        }
        for (k, group) in Dictionary(grouping: rows, by: { $0[1] }) {
            let run = try BinaryRunner.run(["h3", "disk", k], stdin: group.map { $0[0] + "\n" }.joined())
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == group.count)
            for (line, row) in zip(lines, group) {
                #expect(cells(line) == row[2].split(separator: ",").map(String.init), "disk \(row[0]) \(k)")
            }
        }
        let pentagon = try BinaryRunner.run(["h3", "disk", "8009fffffffffff", "1"])
        #expect(pentagon.stdout.split(separator: " ").count == 6)
    }

    @Test("parent CELL R: the reference's parent (R = own resolution gives the cell); batch with R alone")
    func parent() throws {
        let rows = try Self.rows("parent")
        for row in Self.sample(rows, count: 8) {
            let run = try BinaryRunner.run(["h3", "parent", row[0], row[1]])
            #expect(run.status == 0, "\(row): \(run.stderr)")
            #expect(run.stdout == row[2] + "\n", "parent \(row[0]) \(row[1])")
        }
        let zero = rows.filter { $0[1] == "0" }
        let run = try BinaryRunner.run(["h3", "parent", "0"], stdin: zero.map { $0[0] + "\n" }.joined())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == zero.map { $0[2] + "\n" }.joined())
    }

    // MARK: - distance

    @Test("distance A B: the reference's grid distance; exit 1 with the reason exactly where H3 fails")
    func distance() throws {
        let rows = try Self.rows("distance")
        let numeric = rows.filter { Int($0[2]) != nil }
        let failing = rows.filter { Int($0[2]) == nil }
        try #require(numeric.count >= 20 && failing.count >= 10)
        for row in Self.sample(numeric, count: 6) {
            let run = try BinaryRunner.run(["h3", "distance", row[0], row[1]])
            #expect(run.status == 0, "\(row): \(run.stderr)")
            #expect(run.stdout == row[2] + "\n", "distance \(row[0]) \(row[1])")
        }
        for row in Self.sample(failing, count: 5) {
            let run = try BinaryRunner.run(["h3", "distance", row[0], row[1]])
            #expect(run.status == 1, "\(row) must fail like the reference (\(row[2]))")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains("no grid distance between \(row[0]) and \(row[1])"))
        }
        // Batch: `A B` or `A,B`; a pair without a distance leaves an empty line, names the line and exits 1.
        let input = numeric.enumerated().map { $0 % 2 == 0 ? "\($1[0]) \($1[1])" : "\($1[0]),\($1[1])" }
        let run = try BinaryRunner.run(["h3", "distance"], stdin: input.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == numeric.map { $0[2] + "\n" }.joined())
        let mixed = [numeric[0], failing[0], numeric[1]]
        let mixedRun = try BinaryRunner.run(["h3", "distance"], stdin: mixed.map { "\($0[0]) \($0[1])\n" }.joined())
        #expect(mixedRun.status == 1)
        #expect(mixedRun.stdout == "\(numeric[0][2])\n\n\(numeric[1][2])\n")
        #expect(mixedRun.stderr.contains("stdin:2: no grid distance"))
    }

    // MARK: - bad input

    @Test("bad values on the command line exit 2 with a message naming them")
    func badArguments() throws {
        let invalidCell = try BinaryRunner.run(["h3", "center", "8c283082800b3fg"])
        #expect(invalidCell.status == 2)
        #expect(invalidCell.stderr.contains("'8c283082800b3fg' is not a valid H3 cell"))
        // Right hex shape, but a deleted pentagon sub-sequence: H3 rejects it, so must pocmap.
        let notACell = try BinaryRunner.run(["h3", "boundary", "8109fffffffffff"])
        #expect(notACell.status == 2)
        #expect(notACell.stderr.contains("8109fffffffffff"))
        let resolution = try BinaryRunner.run(["h3", "cell", "--res", "16", "1", "2"])
        #expect(resolution.status == 2)
        #expect(resolution.stderr.contains("--res must be 0...15, got 16"))
        let north = try BinaryRunner.run(["h3", "cell", "--res", "9", "91", "0"])
        #expect(north.status == 2)
        #expect(north.stderr.contains("latitude 91 is outside -90...90 degrees"))
        #expect(north.stdout.isEmpty)
        let word = try BinaryRunner.run(["h3", "cell", "--res", "9", "north", "0"])
        #expect(word.status == 2)
        #expect(word.stderr.contains("latitude 'north' is not a number"))
        let infinite = try BinaryRunner.run(["h3", "cell", "--res", "9", "1", "inf"])
        #expect(infinite.status == 2)
        let one = try BinaryRunner.run(["h3", "cell", "--res", "9", "1"])
        #expect(one.status == 2)
        let parentRes = try BinaryRunner.run(["h3", "parent", "8c283082800b3ff", "16"])
        #expect(parentRes.status == 2)
        #expect(parentRes.stderr.contains("R must be within 0...15, got 16"))
        let negativeK = try BinaryRunner.run(["h3", "disk", "8c283082800b3ff", "-1"])
        #expect(negativeK.status == 2)
        let distanceCell = try BinaryRunner.run(["h3", "distance", "8c283082800b3ff", "zzz"])
        #expect(distanceCell.status == 2)
        #expect(distanceCell.stderr.contains("'zzz' is not a valid H3 cell"))
    }

    @Test("bad stdin lines: empty output line kept for alignment, `stdin:LINE:` on stderr, exit 2")
    func badBatchLines() throws {
        let cells = try BinaryRunner.run(
            ["h3", "cell", "--res", "12"],
            stdin: "37.7749,-122.4194\nabc,def\n91,0\n1,2,3\n"
        )
        #expect(cells.status == 2)
        #expect(cells.stdout == "8c283082800b3ff\n\n\n\n")
        #expect(cells.stderr.contains("stdin:2: expected `lat,lng`"))
        #expect(cells.stderr.contains("'abc,def'"))
        #expect(cells.stderr.contains("stdin:3: latitude 91 is outside -90...90 degrees"))
        #expect(cells.stderr.contains("stdin:4: expected `lat,lng`"))
        let centre = try BinaryRunner.run(["h3", "center"], stdin: "8c283082800b3ff\nnot-a-cell\n")
        #expect(centre.status == 2)
        #expect(centre.stderr.contains("stdin:2:"))
        #expect(centre.stdout.hasSuffix("\n\n"))
        let parent = try BinaryRunner.run(["h3", "parent", "8"], stdin: "8c283082800b3ff\n85283473fffffff\n")
        #expect(parent.status == 2, "a parent finer than the cell is bad input")
        #expect(parent.stdout == "8828308281fffff\n\n")
        #expect(parent.stderr.contains("stdin:2:"))
        let distance = try BinaryRunner.run(["h3", "distance"], stdin: "8b283082800bfff 8b2830828069fff\nzzz\n")
        #expect(distance.status == 2, "an unreadable line is bad input even when other lines have answers")
        #expect(distance.stderr.contains("stdin:2: expected two H3 cells"))
    }

    @Test("--help of every h3 subcommand documents its input and gives an example")
    func help() throws {
        for sub in ["cell", "center", "boundary", "disk", "parent", "distance"] {
            let help = try BinaryRunner.run(["h3", sub, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Example"), "h3 \(sub) --help")
        }
    }
}
