import ArgumentParser
import Glibc
import PocMapCore
import PocMapVerifyCLI

/// The `pocmap` command: parses arguments, calls the libraries, prints. No domain logic lives here.
@main
struct Pocmap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pocmap",
        abstract: "Verify LoRaWAN proof-of-coverage logs and map coverage on the H3 grid.",
        discussion: """
            pocmap checks hotspot beacon and witness reports against Helium's
            proof-of-coverage rules and radio physics, computes HIP-17 density
            scaling and reward shares, and writes coverage maps (GeoTIFF,
            GeoPackage) that open styled in QGIS. Its H3 grid is bit-exact with
            H3 \(PocMapVersion.h3Reference).

            Exit status: 0 success, 1 the work failed, 2 bad usage or unreadable input.
            """,
        version: PocMapVersion.string,
        subcommands: [
            RunCommand.self, VerifyCommand.self, MapCommand.self, RewardsCommand.self, QueryCommand.self,
            DensityCommand.self, SimulateCommand.self, RegionCommand.self, H3Command.self, PredictBenchCommand.self,
            RasterBenchCommand.self,
        ]
    )

    /// Runs the command line with the exit statuses of `CLI.md` (ArgumentParser's own usage errors
    /// would exit with 64; pocmap promises 2).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            printError("pocmap: \(failure.message)")
            Glibc.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { printError(message) }
            Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
