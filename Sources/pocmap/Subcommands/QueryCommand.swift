import ArgumentParser
import PocMapCore
import PocMapMaps
import PocMapQueryCLI

/// `pocmap query`: answers from a run's `coverage.gpkg` store. The answering subcommands live in PocMapQueryCLI,
/// shared with the small `pocmap` front that runs them without loading GDAL; the hidden generator needs GDAL
/// and lives here.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: QueryHelp.abstract,
        discussion: QueryHelp.discussion,
        subcommands: [PointQuery.self, HexQuery.self, HotspotQuery.self, MakeSampleStore.self]
    )
}

extension QueryCommand {
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
