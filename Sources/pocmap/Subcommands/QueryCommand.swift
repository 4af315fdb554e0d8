import ArgumentParser
import PocMapCore
import PocMapMaps

/// `pocmap query`: answers from a run's `coverage.gpkg` store.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Answer coverage questions from a run's coverage.gpkg: at a point, for an H3 cell, for a hotspot.",
        discussion: """
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
            """,
        subcommands: [PointQuery.self, HexQuery.self, HotspotQuery.self, MakeSampleStore.self]
    )
}

/// The options every query shares.
struct StoreOptions: ParsableArguments {
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

    /// Opens the store, or fails with exit status 2.
    func open() throws -> CoverageStore {
        guard let store else {
            throw CommandFailure.badInput("query: --store DIR|FILE is required (the output directory of pocmap run)")
        }
        return try storeCall { () throws(StoreError) in try CoverageStore(path: store) }
    }
}

/// Runs a store call and turns its error into the CLI's exit statuses.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw error.isBadInput ? CommandFailure.badInput("query: \(error)") : CommandFailure.failed("query: \(error)")
    }
}

extension QueryCommand {
    struct PointQuery: ParsableCommand {
        static let configuration = CommandConfiguration(
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
        var coordinates: [String] = []

        func run() throws {
            guard coordinates.count == 2 else {
                throw CommandFailure.badInput(
                    "query point: give LAT and LNG in degrees; got \(coordinates.count) value(s): "
                        + coordinates.joined(separator: " ")
                )
            }
            guard let latitude = Double(coordinates[0]), let longitude = Double(coordinates[1]) else {
                throw CommandFailure.badInput(
                    "query point: '\(coordinates[0]) \(coordinates[1])' is not a pair of numbers (LAT LNG in degrees)"
                )
            }
            let store = try options.open()
            let answer = try storeCall { () throws(StoreError) in
                try store.point(latitudeDegrees: latitude, longitudeDegrees: longitude)
            }
            print(options.json ? answer.json() : answer.table(), terminator: options.json ? "\n" : "")
        }
    }

    struct HexQuery: ParsableCommand {
        static let configuration = CommandConfiguration(
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

        func run() throws {
            let parsed: H3Cell
            do { parsed = try H3Cell(string: cell) } catch {
                throw CommandFailure.badInput("query hex: '\(cell)' is not an H3 cell index: \(error)")
            }
            let store = try options.open()
            let answer = try storeCall { () throws(StoreError) in try store.hex(parsed) }
            print(options.json ? answer.json() : answer.table(), terminator: options.json ? "\n" : "")
        }
    }

    struct HotspotQuery: ParsableCommand {
        static let configuration = CommandConfiguration(
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

        func run() throws {
            let store = try options.open()
            let answer = try storeCall { () throws(StoreError) in try store.hotspot(key: key) }
            print(options.json ? answer.json() : answer.table(), terminator: options.json ? "\n" : "")
        }
    }

    /// Hidden developer command: writes the deterministic synthetic store of `SyntheticStore` (benchmarks, tests).
    struct MakeSampleStore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "make-sample-store",
            abstract: "Developer tool: write a deterministic synthetic coverage.gpkg (for benchmarks and tests).",
            discussion: """
                Writes COUNT hexes around the centre point, ring by ring, with values that
                follow the documented formulas of PocMapMaps.SyntheticStore, plus one
                hotspot per 100 hexes and two witness links per hotspot.

                EXAMPLE
                  pocmap query make-sample-store --out /tmp/store/coverage.gpkg --hexes 1000000
                """,
            shouldDisplay: false
        )

        @Option(name: .long, help: ArgumentHelp("The GeoPackage file to write.", valueName: "FILE"))
        var out: String

        @Option(name: .long, help: "Number of hexes.")
        var hexes = 1000

        @Option(name: .long, help: "H3 resolution (0-15).")
        var res = 8

        @Option(name: .long, help: "Centre latitude, degrees (negative values as --lat=-17).")
        var lat = 37.7749

        @Option(name: .long, help: "Centre longitude, degrees (negative values as --lng=-122.4).")
        var lng = -122.4194

        func run() throws {
            try storeCall { () throws(StoreError) in
                let store = try SyntheticStore(count: hexes, resolution: res, centerLatitude: lat, centerLongitude: lng)
                try store.write(to: out)
            }
        }
    }
}
