import ArgumentParser
import PocMapCore

/// The `pocmap` command: parses arguments, calls the libraries, prints. No domain logic lives here.
@main
struct Pocmap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pocmap",
        abstract: "Verify LoRaWAN proof-of-coverage logs and map coverage on the H3 grid.",
        discussion: """
            pocmap checks hotspot beacon and witness reports against Helium's proof-of-coverage rules and
            radio physics, computes HIP-17 density scaling and reward shares, and writes coverage maps
            (GeoTIFF, GeoPackage) that open styled in QGIS. Its H3 grid is bit-exact with H3 \(PocMapVersion.h3Reference).
            """,
        version: PocMapVersion.string,
        subcommands: [DensityCommand.self, RegionCommand.self, SimulateCommand.self]
    )
}
