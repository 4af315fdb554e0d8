package import ArgumentParser
import PocMapCore
import PocMapIO
package import PocMapPipeline

/// The inputs and rule flags that `pocmap verify` and `pocmap run` share, and their translation into
/// ``VerifyOptions`` (one place for both commands' parsing and error messages).
package struct VerifyInputOptions: ParsableArguments {
    package init() {}

    @Option(help: ArgumentHelp("Hotspot registry (CSV/NDJSON, optionally .gz).", valueName: "FILE"))
    package var hotspots: String

    @Option(help: ArgumentHelp("Beacon reports (CSV/NDJSON/Helium protobuf, optionally .gz).", valueName: "FILE"))
    package var beacons: String

    @Option(help: ArgumentHelp("Witness reports (CSV/NDJSON/Helium protobuf, optionally .gz).", valueName: "FILE"))
    package var witnesses: String

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    package var out: String

    @Option(help: ArgumentHelp("Rule profile: helium-2024 (default) or legacy.", valueName: "NAME"))
    package var profile: String = "helium-2024"

    @Option(
        help: ArgumentHelp(
            "HIP-17 parameters: hip104 (default; hip17-2020 with --profile legacy) or a CSV file.",
            valueName: "SET"
        )
    )
    package var density: String?

    @Option(help: ArgumentHelp("Denylist: one key or 'keyA,keyB' per line.", valueName: "FILE"))
    package var deny: String?

    @Option(
        help: ArgumentHelp(
            "Previous verifier state; checks HIP-106 reciprocity with it (missing file: start empty).",
            valueName: "FILE"
        )
    )
    package var state: String?

    @Option(help: ArgumentHelp("'batch': check reciprocity with history built from this batch.", valueName: "MODE"))
    package var reciprocity: String?

    @Option(
        help: ArgumentHelp("Directory of Helium .h3idx region files, for hotspots without a region.", valueName: "DIR")
    )
    package var regions: String?

    @Option(
        help: ArgumentHelp("Join window: seconds a witness may be from its beacon (default 300).", valueName: "SECONDS")
    )
    package var window: Double = 300

    @Option(help: ArgumentHelp("Input format when file names do not say.", valueName: "csv|ndjson"))
    package var format: String?

    package func validate() throws {
        guard window.isFinite, window >= 0, window <= 86_400 else {
            throw ValidationError("--window must be between 0 and 86400 seconds")
        }
    }

    /// The verify options these flags give (reading the denylist, state file and region index they name);
    /// `denyTag` labels denied verdicts (nil: the denylist's file name). Bad values throw
    /// ``CommandFailure/badInput(_:)`` naming the flag.
    package func verifyOptions(denyTag: String? = nil) throws -> VerifyOptions {
        guard let ruleProfile = RuleProfile(rawValue: profile) else {
            throw CommandFailure.badInput("--profile must be helium-2024 or legacy, not '\(profile)'")
        }
        var options = VerifyOptions(
            hotspotsPath: hotspots,
            beaconsPath: beacons,
            witnessesPath: witnesses,
            outputDirectory: out
        )
        options.profile = ruleProfile
        do {
            options.density = try DensityParametersFile.resolve(
                density ?? (ruleProfile == .legacy ? "hip17-2020" : "hip104")
            )
        } catch {
            throw CommandFailure.badInput("--density: \(error)")
        }
        if let format {
            guard let parsed = InputFormat(rawValue: format.lowercased()) else {
                throw CommandFailure.badInput("--format must be csv or ndjson, not '\(format)'")
            }
            options.format = parsed
        }
        if let deny {
            do { options.denylist = try DenylistFile.load(path: deny, tag: denyTag) } catch {
                throw CommandFailure.badInput("--deny: \(error)")
            }
            options.denylistPath = deny
        }
        switch reciprocity {
        case nil: options.reciprocity = state == nil ? .notChecked : .state
        case "batch":
            guard state == nil else {
                throw CommandFailure.badInput(
                    "--reciprocity batch builds history from the batch alone; it cannot be combined with --state"
                )
            }
            options.reciprocity = .batch
        case "off": options.reciprocity = .notChecked
        case let other?: throw CommandFailure.badInput("--reciprocity must be 'batch' or 'off', not '\(other)'")
        }
        if let state {
            do { options.initialState = try StateFile.loadIfPresent(path: state) } catch {
                throw CommandFailure.badInput("--state: \(error)")
            }
            options.statePath = state
        }
        if let regions {
            do { options.regionIndex = try RegionIndexLoader.load(directory: regions) } catch {
                throw CommandFailure.badInput("--regions: \(error)")
            }
        }
        options.joinWindowMs = Int64((window * 1000).rounded())
        return options
    }
}
