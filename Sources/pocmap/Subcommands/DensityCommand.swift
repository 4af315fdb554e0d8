import ArgumentParser
import PocMapCore
import PocMapIO
import PocMapPipeline
import PocMapVerifyCLI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `pocmap density`: the HIP-17 hex density scale of every asserted hotspot of a registry, with its working.
struct DensityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "density",
        abstract: "Compute the HIP-17 density scale of every asserted hotspot (density.csv).",
        discussion: """
            Helium scaled proof-of-coverage rewards down where hotspots crowd
            together (HIP-17, retuned by HIP-104). Each hotspot's location is rolled
            up the H3 grid from resolution 11 to 4; at every resolution a hex's count
            is clipped to a limit that grows with the number of occupied neighbouring
            hexes, and the hotspot's scale is the product of clipped/unclipped over
            resolutions 10 to 4, rounded to 4 decimals (half to even). 1.0 means
            uncrowded; two hotspots sharing a resolution-8 hex get 0.5 each under
            hip104. Every asserted hotspot in the input counts as active.

            INPUT (--hotspots, FORMATS.md 1.1): CSV with a header row or NDJSON,
            optionally gzip-compressed.
              key        unique hotspot id (required)
              location   H3 cell in hex, resolution 12 or finer
              lat, lng   WGS84 degrees, used when there is no location
                         (converted to the resolution-12 cell)
            Other columns are ignored. Hotspots without a location are unasserted:
            they have no scale and are not listed (a note on standard error counts
            them). Map differently named columns with --alias, for example
              --alias name=key --alias h3_res12_from_latlng=location

            PARAMETERS (--density)
              hip104       HIP-104, in production from 2024-01-26 (default)
              hip17-2020   HIP-17 as on chain from 2020 to January 2024
              FILE         your own set, a CSV file such as
                             resolution,N,density_tgt,density_max
                             4,1,250,800
                             ... one row for each resolution 4 to 10 ...
                           N: occupied neighbouring hexes needed before the
                           limit grows; density_tgt: target count per hex;
                           density_max: the cap. Lines starting with # are
                           comments. Rows 0-3 are clipped but not scaled;
                           rows 11-12 are ignored.

            OUTPUT (FORMATS.md 2.4): one row per asserted hotspot, in input order:
              key,location,density_scale,clipped_r4,unclipped_r4,...,
              clipped_r10,unclipped_r10
            clipped_rN and unclipped_rN are the counts of the hotspot's
            resolution-N parent hex (unclipped = the sum of its children's clipped
            counts); the scale is the product of clipped/unclipped.

            EXAMPLES
              pocmap density --hotspots hotspots.csv > density.csv
              pocmap density --hotspots h.ndjson.gz --density hip17-2020 --out d.csv
              pocmap density --hotspots registry.csv --density my-params.csv

            Exit status: 0 success; 1 the output could not be written; 2 bad usage
            or unreadable input (messages name FILE:LINE). Rows that cannot be read
            stop the command unless --lenient is given.
            """
    )

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Hotspot registry file (CSV/NDJSON, optionally .gz). Repeat to read several; later keys win.",
            valueName: "FILE"
        )
    )
    var hotspots: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Parameter set: hip104, hip17-2020, or a CSV parameter file.", valueName: "SET")
    )
    var density: String = "hip104"

    @Option(name: .long, help: ArgumentHelp("Write density.csv here instead of standard output.", valueName: "FILE"))
    var out: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Input format when the file name does not say (.csv, .ndjson, .jsonl).",
            valueName: "csv|ndjson"
        )
    )
    var format: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read input column INPUT as field FIELD (for example name=key). Repeatable.",
            valueName: "INPUT=FIELD"
        )
    )
    var alias: [String] = []

    @Flag(name: .long, help: "Skip rows that cannot be read (each is still reported) instead of stopping.")
    var lenient = false

    @Flag(name: .long, help: "Print no summary or notes on standard error (errors are still printed).")
    var quiet = false

    func run() throws {
        guard !hotspots.isEmpty else { try fail("pocmap density: --hotspots FILE is required") }
        let parameters: DensityParameterSet
        do {
            parameters = try DensityParametersFile.resolve(density)
        } catch {
            try fail("pocmap density: \(error)")
        }
        if !quiet && !parameters.ignoredResolutions.isEmpty {
            printError(
                "note: \(parameters.name): rows for resolution "
                    + parameters.ignoredResolutions.map(String.init).joined(separator: ", ")
                    + " are ignored (resolution 11 is the seed and never clipped; 12 is finer than the seed)"
            )
        }
        let registry = try readRegistry()

        let csv = DensityCSV(hotspots: registry.hotspots, parameters: parameters)
        for skipped in csv.skipped {
            let hotspot = csv.asserted[skipped.index]
            printError(
                "warning: \(hotspot.source?.description ?? hotspot.key): "
                    + "location \(csv.location(at: skipped.index)) has no density scale (\(skipped.reason)); the default "
                    + "0.2000 is written and its counts are left empty"
            )
        }

        var output: DensityOutput
        do {
            output = try DensityOutput(path: out)
        } catch {
            printError("pocmap density: \(error.message)")
            throw ExitCode(1)
        }
        output.write(DensityCSV.header)
        for row in csv.asserted.indices { output.write(csv.row(row)) }
        do {
            try output.close()
        } catch {
            printError("pocmap density: \(error.message)")
            throw ExitCode(1)
        }
        if !quiet {
            let unasserted = csv.unassertedCount
            var summary = "pocmap density: \(csv.asserted.count) asserted hotspot(s) scaled with \(parameters.name)"
            if unasserted > 0 { summary += "; \(unasserted) unasserted hotspot(s) have no location and are not listed" }
            if !registry.duplicateKeys.isEmpty {
                summary += "; \(registry.duplicateKeys.count) repeated key(s), the later row used"
            }
            if let out { summary += "; wrote \(out)" }
            printError(summary)
        }
    }

    /// Reads the registry files, reporting rejects and repeated keys; exits 2 on any reject unless lenient.
    private func readRegistry() throws -> HotspotRegistry {
        var options = ReaderOptions()
        if let format {
            guard let parsed = InputFormat(rawValue: format.lowercased()) else {
                try fail("pocmap density: --format must be csv or ndjson, not '\(format)'")
            }
            options.format = parsed
        }
        for entry in alias {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                try fail("pocmap density: --alias must look like INPUT=FIELD (for example name=key), not '\(entry)'")
            }
            options.fieldAliases[String(parts[0])] = String(parts[1])
        }
        let registry: HotspotRegistry
        do {
            registry = try HotspotRegistry.load(paths: hotspots, options: options)
        } catch {
            try fail("pocmap density: \(error)")
        }
        if !registry.rejects.isEmpty {
            let shown = 20
            for reject in registry.rejects.prefix(shown) { printError("\(reject)") }
            if registry.rejects.count > shown {
                printError("... and \(registry.rejects.count - shown) more unreadable row(s)")
            }
            if !lenient {
                try fail(
                    "pocmap density: \(registry.rejects.count) row(s) could not be read (listed above); fix them or "
                        + "pass --lenient to skip them"
                )
            }
        }
        if !quiet {
            for duplicate in registry.duplicateKeys.prefix(20) { printError("note: \(duplicate)") }
        }
        return registry
    }
}

/// density.csv to a file or standard output, buffered (written with plain file descriptors: the C `stdout`
/// and `stderr` globals are not concurrency-safe in Swift 6).
private struct DensityOutput {
    struct Failure: Error {
        var message: String
    }

    private let descriptor: Int32
    private let path: String?
    private var buffer: [UInt8] = []
    private var failure: String? = nil

    init(path: String?) throws(Failure) {
        self.path = path
        if let path {
            let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard opened >= 0 else {
                throw Failure(message: "\(path): cannot write: \(String(cString: strerror(errno)))")
            }
            descriptor = opened
        } else {
            descriptor = STDOUT_FILENO
        }
        buffer.reserveCapacity(1 << 16)
    }

    mutating func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { flush() }
    }

    private mutating func flush() {
        guard !buffer.isEmpty, failure == nil else { return }
        if !writeFully(descriptor, buffer) { failure = String(cString: strerror(errno)) }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws(Failure) {
        flush()
        if path != nil && closeDescriptor(descriptor) != 0 && failure == nil {
            failure = String(cString: strerror(errno))
        }
        if let failure { throw Failure(message: "\(path ?? "standard output"): write failed: \(failure)") }
    }
}

/// `close(2)`, named apart from ``DensityOutput/close()``.
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
