public import ArgumentParser
import PocMapCore
public import PocMapStore

#if canImport(Glibc)
    import Glibc
#endif

// `pocmap query point|hex|hotspot`, shared by the small `pocmap` front (which answers queries without loading GDAL)
// and the full command line `pocmap-full` (whose `query` command adds the hidden `make-sample-store`).

/// The help of `pocmap query` (the command group).
public enum QueryHelp {
    /// One-line abstract.
    public static let abstract =
        "Answer coverage questions from a run's coverage.gpkg: at a point, for an H3 cell, for a hotspot."
    /// The discussion shown by `pocmap query --help`.
    public static let discussion = """
        The store is the GeoPackage that `pocmap run` and `pocmap map` write
        (coverage.gpkg, layers hexes, hotspots and links). Each answer is one
        indexed lookup, never a scan, even with millions of hexes.

        --store accepts the output directory or the coverage.gpkg file inside it.
        Output is a readable table; --json prints one JSON object whose field names
        are the GeoPackage column names (observed_rssi_dbm, predicted_rssi_dbm,
        serving_hotspots, ...).

        EXAMPLES
          pocmap query point 37.7749 -122.4194 --store out/
          pocmap query hex 882830829bfffff --store out/coverage.gpkg --json
          pocmap query hotspot 112Hf3Ub... --store out/

        Exit status: 0 an answer was printed, 2 bad usage, a missing store, or an
        unknown cell or key (the message names the nearest hex with data, or the
        closest hotspot keys), 1 the store could not be read.
        """

    /// The names of the query subcommands the front answers itself.
    public static let answeredSubcommands: Set<String> = ["point", "hex", "hotspot"]
}

/// The options every query shares.
public struct StoreOptions: ParsableArguments {
    // Optional in the parser so that a missing store exits with status 2 like every other usage error.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The output directory of `pocmap run`/`pocmap map`, or its coverage.gpkg. Required.",
            valueName: "DIR|FILE"
        )
    )
    var store: String?

    @Flag(name: .long, help: "Print one JSON object with the GeoPackage column names instead of a table.")
    var json = false

    /// Options with their defaults (ArgumentParser fills them in).
    public init() {}

    /// Opens the store, or fails with exit status 2.
    func open() throws -> CoverageStore {
        guard let store else {
            throw queryFailure(
                badInput: true,
                "query: --store DIR|FILE is required (the output directory of pocmap run)"
            )
        }
        return try storeCall { () throws(StoreError) in try CoverageStore(path: store) }
    }

    /// Prints an answer: JSON on one line, or the table.
    func print(json: String, table: String) {
        writeOut(self.json ? json + "\n" : table)
    }
}

/// Runs a store call and turns its error into the CLI's exit statuses (2 bad input, 1 a failure of the work).
public func storeCall<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw queryFailure(badInput: error.isBadInput, "query: \(error)")
    }
}

/// Reports `message` on stderr as `pocmap: <message>` and returns the exit code to throw (2 or 1).
///
/// ArgumentParser exits silently with an `ExitCode`, so both command lines give the same output and statuses.
func queryFailure(badInput: Bool, _ message: String) -> ExitCode {
    writeError("pocmap: " + message + "\n")
    return ExitCode(badInput ? 2 : 1)
}

/// `pocmap query point LAT LNG`.
public struct PointQuery: ParsableCommand {
    /// Name, abstract and help text.
    public static let configuration = CommandConfiguration(
        commandName: "point",
        abstract: "Coverage at a point: its hex at the store's resolution and that hex's values.",
        discussion: """
            LAT and LNG are WGS84 degrees (latitude -90...90, longitude -180...180;
            negative numbers are fine). The point is mapped to its H3 cell at the
            store's resolution and the cell's row is printed: observed RSSI (dBm) and
            witness count, predicted RSSI (dBm), serving hotspots, density scale, best
            server.

            EXAMPLE
              pocmap query point 37.7749 -122.4194 --store out/
              pocmap query point -33.8688 151.2093 --store out/coverage.gpkg --json
            """
    )

    @OptionGroup var options: StoreOptions

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("Latitude and longitude in degrees.", valueName: "LAT LNG")
    )
    var capturedCoordinates: [String] = []

    /// The coordinates given, without a `--` separator (`.allUnrecognized` captures it as a value).
    var coordinates: [String] {
        guard let terminator = capturedCoordinates.firstIndex(of: "--") else { return capturedCoordinates }
        var values = capturedCoordinates
        values.remove(at: terminator)
        return values
    }

    /// A command with its defaults (ArgumentParser fills in the arguments).
    public init() {}

    /// Answers the query on stdout; on failure prints `pocmap: …` on stderr and exits 2 (bad input) or 1.
    public func run() throws {
        guard coordinates.count == 2 else {
            throw queryFailure(
                badInput: true,
                "query point: give LAT and LNG in degrees; got \(coordinates.count) value(s): "
                    + coordinates.joined(separator: " ")
            )
        }
        guard let latitude = Double(coordinates[0]), let longitude = Double(coordinates[1]) else {
            throw queryFailure(
                badInput: true,
                "query point: '\(coordinates[0]) \(coordinates[1])' is not a pair of numbers (LAT LNG in degrees)"
            )
        }
        let store = try options.open()
        let answer = try storeCall { () throws(StoreError) in
            try store.point(latitudeDegrees: latitude, longitudeDegrees: longitude)
        }
        options.print(json: answer.json(), table: answer.table())
    }
}

/// `pocmap query hex CELL`.
public struct HexQuery: ParsableCommand {
    /// Name, abstract and help text.
    public static let configuration = CommandConfiguration(
        commandName: "hex",
        abstract: "Coverage of an H3 cell: the hex's observed and predicted values.",
        discussion: """
            CELL is an H3 index in hex (upper or lower case), usually at the store's
            resolution (default 8). A finer cell is answered by its parent at the
            store's resolution. A cell without data exits with status 2 and names the
            nearest hex that has data.

            EXAMPLE
              pocmap query hex 882830829bfffff --store out/ --json
            """
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The H3 cell index (hex).", valueName: "CELL"))
    var cell: String

    /// A command with its defaults (ArgumentParser fills in the arguments).
    public init() {}

    /// Answers the query on stdout; on failure prints `pocmap: …` on stderr and exits 2 (bad input) or 1.
    public func run() throws {
        let parsed: H3Cell
        do { parsed = try H3Cell(string: cell) } catch {
            throw queryFailure(badInput: true, "query hex: '\(cell)' is not an H3 cell index: \(error)")
        }
        let store = try options.open()
        let answer = try storeCall { () throws(StoreError) in try store.hex(parsed) }
        options.print(json: answer.json(), table: answer.table())
    }
}

/// `pocmap query hotspot KEY`.
public struct HotspotQuery: ParsableCommand {
    /// Name, abstract and help text.
    public static let configuration = CommandConfiguration(
        commandName: "hotspot",
        abstract: "A hotspot's record: location, region, density scale, counts of verdicts by reason, shares.",
        discussion: """
            KEY is the hotspot's key as in the hotspot registry (for Helium a base58
            address). Prints its hotspots.csv row (location, lat, lng, region, gain,
            elevation, active, density_scale, beacon and witness counts, beacon_shares,
            witness_shares) and its witness verdicts from the links layer, by verdict
            (valid or the invalid reason): as the witness (what it heard) and as the
            beaconer (how its beacons were heard). An unknown key exits with status 2
            and suggests the closest keys.

            EXAMPLE
              pocmap query hotspot 112Hf3Ub... --store out/ --json
            """
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The hotspot key.", valueName: "KEY"))
    var key: String

    /// A command with its defaults (ArgumentParser fills in the arguments).
    public init() {}

    /// Answers the query on stdout; on failure prints `pocmap: …` on stderr and exits 2 (bad input) or 1.
    public func run() throws {
        let store = try options.open()
        let answer = try storeCall { () throws(StoreError) in try store.hotspot(key: key) }
        options.print(json: answer.json(), table: answer.table())
    }
}

/// Writes all of `text` to a file descriptor (stdout 1, stderr 2), retrying short writes.
func write(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

func writeOut(_ text: String) { write(text, to: 1) }
func writeError(_ text: String) { write(text, to: 2) }
