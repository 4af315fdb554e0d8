import ArgumentParser
import Glibc
import PocMapCore
import PocMapIO
import PocMapVerifyCLI

/// `pocmap h3 ...`: the H3 functions from the shell, one value or a whole stream on stdin.
struct H3Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "h3",
        abstract: "H3 grid functions (bit-exact with H3 \(PocMapVersion.h3Reference)).",
        discussion: """
            Every subcommand answers for one value given on the command line, or, without that value, reads
            one value per line from standard input and writes one answer per line (batch mode). A line that
            cannot be read gives an empty output line (so output stays aligned with input), a message on
            stderr naming the line, and exit status 2 at the end.

            Cells are H3 indexes in hexadecimal (upper or lower case), written back in lowercase.
            Coordinates are WGS84 degrees.
            """,
        subcommands: [Cell.self, Center.self, Boundary.self, Disk.self, Parent.self, Distance.self]
    )
}

extension H3Command {
    struct Cell: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The H3 cell containing a point.",
            discussion: """
                Example:  pocmap h3 cell --res 12 37.7749 -122.4194    → 8c283082800b3ff
                Batch:    printf '37.7749,-122.4194\\n51.5,-0.12\\n' | pocmap h3 cell --res 9
                Batch lines are `lat,lng` (a comma, tab or spaces between the numbers).
                Latitudes must lie in -90...90; longitudes may be any finite number of degrees.
                """
        )

        @Option(name: .customLong("res"), help: "H3 resolution, 0 (coarsest) to 15 (finest, ~0.9 m² cells).")
        var resolution: Int

        // `.allUnrecognized` so that negative numbers (-122.4194) are values, not unknown options.
        @Argument(
            parsing: .allUnrecognized,
            help: ArgumentHelp(
                "Latitude (-90...90) and longitude in degrees; omit both to read `lat,lng` lines from stdin.",
                valueName: "LAT LNG"
            )
        )
        var capturedCoordinates: [String] = []

        /// The coordinates given, without a `--` separator.
        var coordinates: [String] { positionalValues(capturedCoordinates) }

        func validate() throws {
            guard (0...15).contains(resolution) else {
                throw ValidationError("--res must be 0...15, got \(resolution)")
            }
            guard coordinates.isEmpty || coordinates.count == 2 else {
                throw ValidationError(
                    "give LAT and LNG, or neither to read stdin; got \(coordinates.count) value(s): "
                        + coordinates.joined(separator: " ")
                )
            }
        }

        func run() throws {
            if coordinates.count == 2 {
                let lat = try degrees(coordinates[0], name: "latitude")
                let lng = try degrees(coordinates[1], name: "longitude")
                guard (-90...90).contains(lat) else {
                    throw CommandFailure.badInput("latitude \(coordinates[0]) is outside -90...90 degrees")
                }
                print(try H3.latLngToCell(LatLng(latitudeDegrees: lat, longitudeDegrees: lng), resolution: resolution))
                return
            }
            // The hot loop of batch mode: bytes in, bytes out, no String per line (≥ 1 M points/s, see
            // Benchmarks/Scripts/h3-batch.sh). Finite longitudes outside ±180 are accepted, as H3 does.
            let resolution = resolution
            var output = OutputBuffer()
            var bad = 0
            try LineStream().forEachLine { line, number in
                if let (lat, lng) = parseCoordinatePair(line), lat >= -90, lat <= 90,
                    let cell = try? H3.latLngToCell(
                        LatLng(latitudeDegrees: lat, longitudeDegrees: lng),
                        resolution: resolution
                    )
                {
                    try output.appendHex(cell.rawValue)
                } else {
                    bad += 1
                    printError("stdin:\(number): \(coordinateProblem(line))")
                }
                try output.append(0x0A)
            }
            try output.flush()
            if bad > 0 { throw CommandFailure.badInput("\(bad) input line(s) could not be read") }
        }

        /// A coordinate given on the command line, as a finite number of degrees.
        private func degrees(_ text: String, name: String) throws -> Double {
            guard let value = Double(text.trimmingWhitespace()) else {
                throw CommandFailure.badInput("\(name) '\(text)' is not a number")
            }
            guard value.isFinite else { throw CommandFailure.badInput("\(name) '\(text)' is not a finite number") }
            return value
        }
    }

    struct Center: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The centre of a cell, as `lat,lng` in degrees.",
            discussion: "Example:  pocmap h3 center 8c283082800b3ff    → 37.774929..., -122.419416..."
        )

        @Argument(help: "An H3 cell index in hexadecimal; read from stdin, one per line, when omitted.")
        var cell: String?

        func run() throws {
            try forEachCell(cell) { cell in
                let centre = try H3.cellToLatLng(cell)
                return formatPoint(centre)
            }
        }
    }

    struct Boundary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The boundary of a cell: its 5 to 10 vertices, counter-clockwise, as `lat,lng` in degrees.",
            discussion: "Example:  pocmap h3 boundary 8928308280fffff"
        )

        @Argument(help: "An H3 cell index in hexadecimal; read from stdin, one per line, when omitted.")
        var cell: String?

        func run() throws {
            try forEachCell(cell) { cell in
                try H3.cellToBoundary(cell).map(formatPoint).joined(separator: " ")
            }
        }
    }

    struct Disk: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "All cells within grid distance K of a cell, space-separated.",
            discussion: """
                Example:  pocmap h3 disk 8928308280fffff 1     (7 cells; 6 around a pentagon)
                Batch:    pocmap h3 disk 2 < cells.txt          (K alone: cells come from stdin)
                """
        )

        @Argument(help: "CELL K, or only K to read cells from stdin. K is the grid distance (0 or more).")
        var values: [String] = []

        func run() throws {
            let (cellText, k) = try splitCellAnd(values, name: "K", range: 0...1000)
            try forEachCell(cellText) { cell in
                try H3.gridDisk(cell, k: k).map(\.description).joined(separator: " ")
            }
        }
    }

    struct Parent: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The parent of a cell at a coarser resolution R.",
            discussion: """
                Example:  pocmap h3 parent 8c283082800b3ff 8
                Batch:    pocmap h3 parent 8 < cells.txt
                """
        )

        @Argument(help: "CELL R, or only R to read cells from stdin. R is 0...15, not finer than the cell.")
        var values: [String] = []

        func run() throws {
            let (cellText, resolution) = try splitCellAnd(values, name: "R", range: 0...15)
            try forEachCell(cellText) { cell in
                try H3.cellToParent(cell, resolution: resolution).description
            }
        }
    }

    struct Distance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The grid distance between two cells of the same resolution (number of steps).",
            discussion: """
                Example:  pocmap h3 distance 8b283082800bfff 8b2830828069fff
                Batch:    lines of `A B` or `A,B` on stdin.
                Exit status 1 when H3 cannot compute a distance (cells too far apart or separated by a pentagon),
                exactly where the reference H3 library fails.
                """
        )

        @Argument(help: "Two H3 cell indexes; read `A B` pairs from stdin when omitted.")
        var cells: [String] = []

        func validate() throws {
            guard cells.isEmpty || cells.count == 2 else { throw ValidationError("give two cells, or none for stdin") }
        }

        func run() throws {
            if cells.count == 2 {
                let a = try parseCell(cells[0])
                let b = try parseCell(cells[1])
                do {
                    print(try H3.gridDistance(a, b))
                } catch {
                    throw CommandFailure.failed("no grid distance between \(a) and \(b): \(error)")
                }
                return
            }
            var output = OutputBuffer()
            var unreadable = 0
            var failed = 0
            try LineStream().forEachLine { line, number in
                let fields = String(decoding: line, as: UTF8.self)
                    .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
                if fields.count == 2, let a = try? H3Cell(string: String(fields[0])),
                    let b = try? H3Cell(string: String(fields[1]))
                {
                    do {
                        try output.append(String(try H3.gridDistance(a, b)))
                    } catch {
                        failed += 1
                        printError("stdin:\(number): no grid distance between \(a) and \(b): \(error)")
                    }
                } else {
                    unreadable += 1
                    let text = String(decoding: line, as: UTF8.self)
                    printError("stdin:\(number): expected two H3 cells `A B`, got '\(text.prefix(80))'")
                }
                try output.append(0x0A)
            }
            try output.flush()
            if unreadable > 0 { throw CommandFailure.badInput("\(unreadable) input line(s) could not be read") }
            if failed > 0 { throw CommandFailure.failed("\(failed) pair(s) have no grid distance") }
        }
    }
}

// MARK: - Shared helpers

/// Parses a cell given by the user, turning H3's error into a message for exit status 2.
private func parseCell(_ text: String) throws -> H3Cell {
    do {
        return try H3Cell(string: text.trimmingWhitespace())
    } catch {
        throw CommandFailure.badInput("'\(text)' is not a valid H3 cell: \(error)")
    }
}

/// Answers for one cell given as an argument, or for every cell line of stdin.
private func forEachCell(_ argument: String?, _ answer: (H3Cell) throws -> String) throws {
    if let argument {
        let cell = try parseCell(argument)
        do {
            print(try answer(cell))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.failed("\(cell): \(error)")
        }
        return
    }
    var output = OutputBuffer()
    var bad = 0
    try LineStream().forEachLine { line, number in
        let text = String(decoding: line, as: UTF8.self).trimmingWhitespace()
        do {
            try output.append(try answer(try H3Cell(string: text)))
        } catch let error as H3Error {
            bad += 1
            printError("stdin:\(number): '\(text.prefix(80))': \(error)")
        } catch {
            bad += 1
            printError("stdin:\(number): \(error)")
        }
        try output.append(0x0A)
    }
    try output.flush()
    if bad > 0 { throw CommandFailure.badInput("\(bad) input line(s) had no answer") }
}

/// Splits `[CELL] N` arguments: two values are a cell and a number, one value is the number alone.
private func splitCellAnd(_ values: [String], name: String, range: ClosedRange<Int>) throws -> (String?, Int) {
    guard values.count == 1 || values.count == 2, let number = Int(values[values.count - 1]) else {
        throw CommandFailure.badInput("expected CELL \(name), or \(name) alone to read cells from stdin")
    }
    guard range.contains(number) else {
        throw CommandFailure.badInput("\(name) must be within \(range.lowerBound)...\(range.upperBound), got \(number)")
    }
    return (values.count == 2 ? values[0] : nil, number)
}

/// Why a batch line of `h3 cell` has no answer, naming the offending text.
private func coordinateProblem(_ line: UnsafeBufferPointer<UInt8>) -> String {
    let text = String(decoding: line, as: UTF8.self)
    if parseCoordinatePair(line) != nil,
        let latitude = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).first
    {
        return "latitude \(latitude) is outside -90...90 degrees"
    }
    return "expected `lat,lng` (two finite numbers of degrees), got '\(text.prefix(80))'"
}

/// `lat,lng` in degrees with 12 decimals (sub-millimetre; CLI.md asks for at least 9).
private func formatPoint(_ point: LatLng) -> String {
    "\(formatDegrees(point.latitudeDegrees)),\(formatDegrees(point.longitudeDegrees))"
}

private func formatDegrees(_ value: Double) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
        guard let base = buffer.baseAddress else { return "\(value)" }
        _ = withVaList([value]) { vsnprintf(base, 32, "%.12f", $0) }
        return String(cString: base)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.properties.isWhitespace }.map(scalars.index(after:)) ?? start
        return String(scalars[start..<max(start, end)])
    }
}
