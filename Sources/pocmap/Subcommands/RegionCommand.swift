import ArgumentParser
import PocMapCore
import PocMapIO
import PocMapVerifyCLI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `pocmap region`: the LoRaWAN region plan of a point, from Helium's region index files.
struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract: "Print the LoRaWAN region plan (US915, EU868, ...) of a point, or 'none'.",
        discussion: """
            Helium decided a hotspot's region plan from its location with a region
            index: for every plan, a set of H3 cells (files named REGION.res7.h3idx,
            as in github.com/helium/lorawan-h3, directory serialized/). A point
            belongs to a plan when its resolution-7 cell, or a parent of that cell,
            is in the plan's set. The point is first snapped to its resolution-12
            cell, exactly as a hotspot asserted there would be.

            INPUT
              LAT LNG   WGS84 degrees: latitude -90...90, longitude -180...180
                        (negative numbers are fine: pocmap region -33.87 151.21 ...)
              (none)    batch mode: reads one 'lat,lng' pair per line from
                        standard input and prints one answer per line, in order.
                        Blank lines and lines starting with '#' are skipped.

            OUTPUT
              The plan name as the index file spells it (US915, AS923-1C,
              AU915-SB1, ...; Helium's protobuf names use '_' for '-'), 'Unknown'
              for the index's own Unknown set, or 'none' when no set holds the
              point (oceans, and places the index does not cover).
              When two files list the same cell, the region whose name sorts first
              keeps it (Helium's January 2023 index lists 94 cells in both US915
              and Unknown, one in AS923-1 and AU915-SB1); a note on standard error
              says so when an answer rests on such a cell, unless --quiet is given.

            EXAMPLES
              pocmap region 52.52 13.405 --regions lorawan-h3/serialized
              # EU868
              pocmap region -33.8688 151.2093 --regions lorawan-h3/serialized
              # AS923-1C
              printf '37.7749,-122.4194\\n0,-30\\n' | pocmap region --regions DIR
              # US915
              # none

            Exit status: 0 success, 2 bad usage or unreadable input (the message
            names the file or the standard-input line).
            """
    )

    // Optional in the parser only so that a missing directory exits with status 2 like every other usage error
    // of this command (ArgumentParser's own status for a missing option is 64); `run` requires it.
    @Option(
        name: .long,
        help: ArgumentHelp("Directory of Helium region index files (*.h3idx). Required.", valueName: "DIR")
    )
    var regions: String?

    @Flag(name: .long, help: "Do not print notes (an answer resting on a cell two files list) on standard error.")
    var quiet = false

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "Latitude and longitude in degrees; omit both to read 'lat,lng' lines from stdin.",
            valueName: "LAT LNG"
        )
    )
    var capturedCoordinates: [String] = []

    /// The coordinates given, without a `--` separator.
    var coordinates: [String] { positionalValues(capturedCoordinates) }

    func run() throws {
        guard let regions else {
            try fail("pocmap region: --regions DIR is required (a directory of Helium *.h3idx region files)")
        }
        let index: RegionIndex
        do {
            index = try RegionIndexLoader.load(directory: regions)
        } catch {
            try fail("pocmap region: \(error)")
        }
        var lookup = RegionLookup(index: index, notes: !quiet)
        var output = RegionOutput()
        switch coordinates.count {
        case 2:
            let point: LatLng
            switch RegionCommand.parsePoint(latitude: coordinates[0], longitude: coordinates[1]) {
            case .success(let value): point = value
            case .failure(let problem): try fail("pocmap region: \(problem.message)")
            }
            output.write(lookup.name(point))
        case 0:
            // Bytes in, bytes out (LineStream, OutputBuffer): plain `lat,lng` lines take a fast path with no
            // String; anything else (blank, comment, odd spacing, bad numbers) takes the general path below,
            // which decides and words the error. Both read numbers correctly rounded, so they agree.
            var batch = OutputBuffer()
            do {
                try LineStream().forEachLine(
                    { line, lineNumber in
                        if let point = RegionCommand.plainPoint(line) {
                            try batch.append(lookup.name(point))
                            try batch.append(0x0A)
                            return
                        }
                        let text = String(decoding: line, as: UTF8.self)
                        let trimmed = text.trimmingCharacters(in: " \t")
                        if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
                        let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false)
                        guard parts.count == 2 else {
                            throw BatchStop(
                                message: "stdin:\(lineNumber): expected 'lat,lng', got '\(trimmed.prefix(80))'"
                            )
                        }
                        switch RegionCommand.parsePoint(latitude: String(parts[0]), longitude: String(parts[1])) {
                        case .success(let point):
                            try batch.append(lookup.name(point))
                            try batch.append(0x0A)
                        case .failure(let problem): throw BatchStop(message: "stdin:\(lineNumber): \(problem.message)")
                        }
                    },
                    onOverlong: { lineNumber in
                        throw BatchStop(message: "stdin:\(lineNumber): line longer than 1 MiB, expected 'lat,lng'")
                    }
                )
            } catch let stop as BatchStop {
                try batch.flush()
                try fail("pocmap region: \(stop.message)")
            }
            try batch.flush()
        default:
            try fail(
                "pocmap region: give LAT and LNG (two numbers), or nothing to read 'lat,lng' lines from standard "
                    + "input; got \(coordinates.count) value(s): \(coordinates.joined(separator: " "))"
            )
        }
        output.flush()
    }

    /// Answers points, and notes once per cell when an answer rests on a cell listed by two files.
    struct RegionLookup {
        let index: RegionIndex
        let notes: Bool
        private let overlaps: [H3Cell: [RegionOverlap]]
        private var noted = Set<H3Cell>()

        init(index: RegionIndex, notes: Bool) {
            self.index = index
            self.notes = notes
            overlaps = Dictionary(grouping: index.overlaps, by: \.cell)
        }

        /// The printed answer for a point: the region name or `none`.
        mutating func name(_ point: LatLng) -> String {
            // parsePoint lets only finite coordinates through, and those always have a cell.
            guard let cell = try? H3.latLngToCell(point, resolution: RegionIndex.pointResolution),
                let match = index.match(for: cell)
            else { return "none" }
            let name = index.regionNames[match.region]
            if notes, let overlapping = overlaps[match.cell], noted.insert(match.cell).inserted {
                let others = overlapping.map(\.alsoListedBy).joined(separator: ", ")
                printError(
                    "note: cell \(match.cell) is listed by \(name) and by \(others); \(name) is used (the region "
                        + "whose name sorts first)"
                )
            }
            return name
        }
    }

    /// Ends batch mode at the first line that cannot be answered (after the answers before it are written).
    struct BatchStop: Error {
        var message: String
    }

    /// The point of a plain batch line (digits, signs, dots, exponents, blanks and exactly one comma) whose
    /// numbers are in range; `nil` sends the line to the general path.
    static func plainPoint(_ line: UnsafeBufferPointer<UInt8>) -> LatLng? {
        var commas = 0
        for byte in line {
            switch byte {
            case 0x30...0x39, 0x2E, 0x2D, 0x2B, 0x65, 0x45, 0x20, 0x09: continue
            case 0x2C: commas += 1
            default: return nil
            }
        }
        guard commas == 1, let (lat, lng) = parseCoordinatePair(line), (-90...90).contains(lat),
            (-180...180).contains(lng)
        else { return nil }
        return LatLng(latitudeDegrees: lat, longitudeDegrees: lng)
    }

    struct CoordinateProblem: Error {
        var message: String
    }

    /// Parses and range-checks a latitude and longitude in degrees.
    static func parsePoint(latitude: String, longitude: String) -> Result<LatLng, CoordinateProblem> {
        let latText = latitude.trimmingCharacters(in: " \t")
        let lngText = longitude.trimmingCharacters(in: " \t")
        guard let lat = Double(latText), lat.isFinite else {
            return .failure(CoordinateProblem(message: "latitude '\(latText)' is not a number"))
        }
        guard let lng = Double(lngText), lng.isFinite else {
            return .failure(CoordinateProblem(message: "longitude '\(lngText)' is not a number"))
        }
        guard (-90...90).contains(lat) else {
            return .failure(CoordinateProblem(message: "latitude \(latText) is outside -90...90 degrees"))
        }
        guard (-180...180).contains(lng) else {
            return .failure(CoordinateProblem(message: "longitude \(lngText) is outside -180...180 degrees"))
        }
        return .success(LatLng(latitudeDegrees: lat, longitudeDegrees: lng))
    }
}

/// Buffered lines to standard output (one write per 64 KiB instead of one per answer), through the file
/// descriptor: the C `stdout` global is not concurrency-safe in Swift 6.
private struct RegionOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        _ = writeFully(STDOUT_FILENO, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}
