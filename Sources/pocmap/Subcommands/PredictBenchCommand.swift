import ArgumentParser
import PocMapCore
import PocMapMaps
import PocMapVerifyCLI

/// `pocmap predict-bench` (hidden, for Benchmarks/Scripts/coverage-predicted.sh): times predicted coverage of a
/// simulated network without any input files.
struct PredictBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict-bench",
        abstract: "Developer benchmark: predicted coverage of a simulated network (timings as JSON on stdout).",
        shouldDisplay: false
    )

    @Option(help: "Number of simulated hotspots.")
    var hotspots: Int = 100_000

    @Option(name: .customLong("res"), help: "H3 resolution, 5...12.")
    var resolution: Int = 8

    @Option(help: "Fixed model name (log-distance presets stand for the calibrated model: same cost per cell).")
    var model: String = "oulu"

    @Option(help: "Simulation seed.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads.")
    var threads: Int = 2

    func run() throws {
        guard case .fixed(let pathLoss)? = CoverageModel(identifier: model) else {
            throw CommandFailure.badInput("--model must be a fixed model name (oulu, hata-urban, free-space, ...)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let sites: [CoverageSite]
        do { sites = try PredictionRunner.simulatedSites(hotspotCount: hotspots, seed: seed, model: pathLoss) } catch {
            throw CommandFailure.badInput("\(error)")
        }
        let built = clock.now
        let predicted: PredictedCoverage
        do {
            predicted = try PredictionRunner.predict(
                sites: sites,
                resolution: resolution,
                parameters: PredictionParameters(),
                workers: threads
            )
        } catch {
            throw CommandFailure.failed("\(error)")
        }
        let done = clock.now
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let evaluated = predicted.cells.reduce(0) { $0 + Int($1.servingHotspots) }
        let meanRange = predicted.reaches.reduce(0) { $0 + $1.rangeKm } / Double(max(predicted.reaches.count, 1))
        print(
            "{\"hotspots\":\(sites.count),\"resolution\":\(resolution),\"model\":\"\(model)\",\"threads\":\(threads),"
                + "\"network_s\":\(seconds(built - start)),\"predict_s\":\(seconds(done - built)),"
                + "\"cells\":\(predicted.cells.count),\"site_cell_pairs\":\(evaluated),\"mean_range_km\":\(meanRange)}"
        )
    }
}
