import ArgumentParser
import Foundation
import PocMapCore
import PocMapIO
import PocMapMaps
import PocMapVerifyCLI

/// `pocmap map`: coverage rasters from verdicts and the hotspot registry.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract:
            "Map observed and predicted coverage on the H3 grid (coverage.tif, coverage.gpkg, class raster, PNG).",
        discussion: """
            Reads the verdicts of `pocmap verify` and the hotspot registry and maps, per H3 cell at --res:
              observed_rssi_dbm    best valid witness RSSI heard by hotspots in the cell (dBm)
              observed_witnesses   number of valid witness receptions there
              predicted_rssi_dbm   best predicted signal of a device at the cell centre at any active hotspot (dBm)
              serving_hotspots     active hotspots predicted at or above the receiver sensitivity
              density_scale        mean HIP-17 scale of the active hotspots in the cell (0-1)
            A hotspot is active when it is asserted and has at least one valid verdict in the set.

            PREDICTION: a device at the cell centre (--eirp dBm, 1.5 m high) transmits to each active hotspot
            (its elevation as antenna height, 10 m when 0; its gain; its region's mean channel frequency). The
            range is min(radio horizon, distance where the signal falls below the sensitivity of --data-rate).
            Models (--model):
              log-distance   calibrated from the observed witness RSSI (default): a hotspot with >= 30 links
                             over half a decade of distance gets its own fit (exponent shrunk toward its
                             region's), fewer links its own intercept under the regional fit, none the regional
                             fit (parent hex at res 3), and without regional data the Oulu preset
                             (PL(1 km) 128.95 dB, n 2.32, sigma 7.8 dB). The parameters each hotspot used are
                             written to calibration.csv.
              free-space     optimistic bound (stops at the radio horizon)
              two-ray        ground reflection with crossover, open flat land or water
              hata-urban, hata-suburban, hata-open
                             Okumura-Hata; valid 150-1500 MHz, base 30-200 m, 1-20 km (warnings otherwise)
              oulu, lorasim, flora-urban   fixed log-distance presets, uncalibrated
            Every loss is floored at free space.

            OUTPUT in --out DIR: coverage.tif (Cloud Optimized GeoTIFF, 5 Float32 bands, nodata -9999),
            coverage.qml, coverage_class.tif + .qml (none/weak/fair/good/excellent by predicted margin over the
            sensitivity), coverage.png (quick-look) and calibration.csv. Files are staged and renamed into place
            at the end. A JSON summary goes to stdout, progress to stderr (--quiet silences it).

            EXAMPLES
              pocmap verify --hotspots Samples/hotspots.csv --beacons Samples/beacons.ndjson \\
                  --witnesses Samples/witnesses.ndjson --out out
              pocmap map --verdicts out --hotspots Samples/hotspots.csv --out out
              pocmap map --verdicts out/verdicts.ndjson --hotspots h.csv --out web --crs EPSG:3857 --model hata-suburban

            Exit status: 0 success; 1 the maps could not be written; 2 bad usage or unreadable input (an empty
            verdicts set, a bbox crossing the antimeridian, a raster above the size limit: the message says how
            to choose a coarser --pixel).
            """
    )

    @Option(
        help: ArgumentHelp("verdicts.ndjson (or .gz), or the directory `pocmap verify` wrote.", valueName: "DIR|FILE")
    )
    var verdicts: String

    @Option(help: ArgumentHelp("Hotspot registry (CSV/NDJSON, .gz ok). Repeatable; later keys win.", valueName: "FILE"))
    var hotspots: [String] = []

    @Option(name: .customLong("out"), help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var outputDirectory: String

    @OptionGroup var map: MapPredictionOptions

    @Option(help: ArgumentHelp("Raster extent in degrees (default: the extent of the cells).", valueName: "W,S,E,N"))
    var bbox: String?

    @Option(
        help: ArgumentHelp(
            "HIP-17 parameters of the density band: hip104, hip17-2020 or a CSV file.",
            valueName: "SET"
        )
    )
    var density: String = "hip104"

    @Option(help: "Worker threads of the prediction (default: all cores).")
    var threads: Int?

    @Flag(help: "Print no progress on standard error.")
    var quiet = false

    @Flag(help: .hidden)
    var timings = false

    func validate() throws {
        if hotspots.isEmpty { throw ValidationError("--hotspots FILE is required") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var options = MapJobOptions(verdictsPath: verdicts, hotspotPaths: hotspots, outputDirectory: outputDirectory)
        map.apply(to: &options)
        if let threads { options.workers = threads }
        do { options.density = try DensityParametersFile.resolve(density) } catch {
            throw CommandFailure.badInput("--density: \(error)")
        }
        if let bbox {
            let parts = bbox.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, let w = parts[0], let s = parts[1], let e = parts[2], let n = parts[3] else {
                throw CommandFailure.badInput("--bbox must be W,S,E,N in degrees, for example 5.6,45.1,5.9,45.3")
            }
            options.bbox = GeographicBox(west: w, south: s, east: e, north: n)
        }
        let report: MapJobReport
        do {
            report = try MapJob.run(options) { line in if !quiet { printError("map: \(line)") } }
        } catch {
            throw error.isBadInput
                ? CommandFailure.badInput(error.description) : CommandFailure.failed(error.description)
        }
        print(summary(report))
    }

    private func summary(_ report: MapJobReport) -> String {
        func object(_ pairs: [String: Int]) -> String {
            "{" + pairs.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
        var fields = [
            "\"out\":\"\(jsonEscaped(outputDirectory))\"",
            "\"files\":[" + report.files.map { "\"\(jsonEscaped($0))\"" }.joined(separator: ",") + "]",
            "\"resolution\":\(map.resolution)", "\"model\":\"\(map.model)\"",
            "\"sensitivity_dbm\":\(report.sensitivityDBm)",
            "\"registered_hotspots\":\(report.registeredHotspots)", "\"active_hotspots\":\(report.activeHotspots)",
            "\"verdict_lines\":\(report.verdictLines)", "\"rejected_verdict_lines\":\(report.rejectedVerdictLines)",
            "\"receptions\":\(report.receptions)", "\"valid_receptions\":\(report.validReceptions)",
            "\"observed_cells\":\(report.observedCells)", "\"predicted_cells\":\(report.predictedCells)",
            "\"density_cells\":\(report.densityCells)", "\"map_cells\":\(report.mapCells)",
            "\"raster_width\":\(report.rasterWidth)", "\"raster_height\":\(report.rasterHeight)",
            "\"calibration_levels\":\(object(report.calibrationLevels))",
            "\"model_warnings\":\(object(report.warnings))",
        ]
        if timings {
            fields.append(
                "\"timings_s\":{"
                    + report.timings.map { "\"\($0.step)\":\(String(format: "%.4f", $0.seconds))" }
                    .joined(separator: ",") + "}"
            )
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private func jsonEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
