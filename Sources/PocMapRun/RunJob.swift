import Glibc
import PocMapCore
import PocMapIO
import PocMapMaps
import PocMapPipeline

/// `pocmap run`, the main job: every input to the whole output directory of `FORMATS.md` §2 in one go.
///
/// Stages, each reusing the library of its own command:
/// 1. **verify** (``VerifyJob``, streaming): `verdicts.ndjson`, `rejects.ndjson`, `hotspots.csv`, `state.txt`;
///    every verdict is also handed to ``RunVerdicts`` as its line is written, so the later stages never read
///    `verdicts.ndjson` back;
/// 2. **density** (``DensityCSV``, as `pocmap density`): `density.csv`;
/// 3. **rewards** (``VerdictRewards`` over the collected verdicts, as `pocmap rewards`): `rewards.csv` (+ `pools.csv`);
/// 4. **map** (``MapJob`` on the collected ``MapVerdicts``, as `pocmap map`): `coverage.tif`, `coverage.qml`, `coverage_class.tif` + `.qml`,
///    `coverage.png`, `calibration.csv` and, where the map job writes it, `coverage.gpkg`;
/// 5. **commit**: one `summary.json` with every stage's numbers, and the all-or-nothing commit of ``RunCommit``
///    (`summary.json` is renamed into place last and marks a complete set).
///
/// Every byte of every output is a function of the inputs and options only, not of the number of threads; the
/// one exception is the `metadata` object of summary.json (start and end times, wall and stage times, threads).
/// The GeoPackage's `gpkg_contents.last_change` is pinned to the newest input report time for the same reason
/// (through GDAL's `OGR_CURRENT_DATE`, unless the caller set it).
///
/// ```swift
/// var options = RunOptions(hotspotsPath: "h.csv", beaconsPath: "b.ndjson", witnessesPath: "w.ndjson", outputDirectory: "out")
/// options.map.resolution = 8
/// let report = try RunJob(options: options).run()
/// print(report.files)
/// ```
public struct RunJob: Sendable {
    /// The options.
    public let options: RunOptions

    /// A job with these options.
    public init(options: RunOptions) {
        self.options = options
    }

    /// Runs every stage and commits the output directory.
    ///
    /// - Throws: ``RunFailure``. After any failure or cancellation the staging directory is removed and the
    ///   output directory holds exactly what it held before.
    public func run() throws(RunFailure) -> RunReport {
        let start = monotonicSeconds()
        let startedAtMs = RunJob.wallClockMilliseconds()
        let output = try RunCommit(directory: options.outputDirectory)
        defer { output.discard() }
        var stageSeconds: [(stage: RunStage, seconds: Double)] = []
        var stageStart = start
        func finishStage(_ stage: RunStage, _ message: String) {
            let now = monotonicSeconds()
            stageSeconds.append((stage, now - stageStart))
            options.progress?(
                RunProgress(
                    stage: stage,
                    records: nil,
                    estimatedRecords: nil,
                    stageSeconds: now - stageStart,
                    message: message,
                    finished: true
                )
            )
            stageStart = now
        }
        func checkCancelled() throws(RunFailure) {
            if options.cancellation?.isCancelled == true { throw .cancelled }
        }

        // 1. Verify, streaming, into the staging directory; the verdicts are collected for the later stages as
        // they are written (rewards and map inputs), so verdicts.ndjson is never read back.
        // The registry is read once, as the verify stage names it in sources, and serves every stage.
        let registry: HotspotRegistry
        do {
            var readerOptions = ReaderOptions(format: options.verify.format)
            readerOptions.sourceName = VerifyJob(options: options.verify).displayNames().hotspots
            registry = try HotspotRegistry.load(paths: [options.verify.hotspotsPath], options: readerOptions)
        } catch {
            throw .input(error.description)
        }
        // Room for the witness verdicts, estimated from the input's size (a few % over is cheap; growing by
        // doubling would copy the collected arrays over and over).
        let verdicts = RunVerdicts(
            registry: registry,
            profile: options.verify.profile,
            expectedWitnesses: InputEstimate.lines(path: options.verify.witnessesPath).map { $0 + $0 / 20 }
        )
        let verifyReport = try verifyStage(staging: output.staging, registry: registry, observer: verdicts)
        finishStage(
            .verify,
            "\(verifyReport.beacons) beacons, \(verifyReport.witnesses) witnesses, \(verifyReport.rejected) rejected lines"
        )
        try checkCancelled()

        // 2 and 3: density.csv and the reward tables, on their own thread while the map is made (with two or more
        // threads; they read only the registry and the verdicts' shares, so the bytes do not change).
        let collectedRewards = verdicts.rewards
        let side = SideStages()
        let sideStart = monotonicSeconds()
        let staging = output.staging
        let sideJob = { @Sendable [options] in
            side.result = Result { () throws(RunFailure) in
                try RunJob.densityAndRewards(
                    options: options,
                    registry: registry,
                    rewards: collectedRewards,
                    staging: staging,
                    start: sideStart
                )
            }
        }
        var worker: WorkerThread?
        if options.verify.threads >= 2 {
            worker = WorkerThread(sideJob)
        } else {
            sideJob()
        }
        defer { worker?.join() }

        // 4. Maps.
        let lastInputMs = RunSummary.lastInputMilliseconds(verifySummary: verifyReport.summaryJSON)
        if getenv("OGR_CURRENT_DATE") == nil, let lastInputMs {
            setenv("OGR_CURRENT_DATE", JSONBytes.rfc3339(milliseconds: lastInputMs), 1)
        }
        var mapOptions = options.map
        mapOptions.verdictsPath = output.staging
        mapOptions.hotspotPaths = [options.verify.hotspotsPath]
        mapOptions.outputDirectory = output.staging
        mapOptions.density = options.verify.density
        mapOptions.pixelSize =
            RunRasterPlan.pixelSize(
                hotspots: registry.hotspots,
                options: mapOptions,
                maxPixels: options.maxRasterPixels
            ) ?? mapOptions.pixelSize
        let mapStart = monotonicSeconds()
        let progress = options.progress
        let mapReport: MapJobReport
        do {
            mapReport = try MapJob.run(mapOptions, verdicts: verdicts.takeMapVerdicts()) { line in
                progress?(
                    RunProgress(
                        stage: .map,
                        records: nil,
                        estimatedRecords: nil,
                        stageSeconds: monotonicSeconds() - mapStart,
                        message: line,
                        finished: false
                    )
                )
            }
        } catch {
            throw error.isBadInput ? .input("map: \(error)") : .failed("map: \(error)")
        }
        finishStage(
            .map,
            "\(mapReport.mapCells) cells at resolution \(mapOptions.resolution), \(mapReport.activeHotspots) active hotspots"
        )
        worker?.join()
        guard let sideResult = side.result else { throw .failed("internal: the density and reward stages did not run") }
        let (density, rewards, rewardTables, sideSeconds) = try sideResult.get()
        stageSeconds.insert(contentsOf: sideSeconds, at: 1)
        stageStart = monotonicSeconds()
        try checkCancelled()

        // 5. Summary and commit.
        let files = output.stagedFiles().filter { $0 != "summary.json" }
        var sizes: [(String, Int64)] = []
        for name in files { sizes.append((name, output.stagedSize(name) ?? 0)) }
        let summary = try RunSummary(
            verifySummary: verifyReport.summaryJSON,
            density: density,
            densityName: options.verify.density.name,
            rewards: rewards,
            rewardTables: rewardTables,
            emissions: options.emissions,
            map: mapReport,
            mapOptions: mapOptions,
            files: sizes,
            startedAtMs: startedAtMs,
            finishedAtMs: RunJob.wallClockMilliseconds(),
            wallSeconds: monotonicSeconds() - start,
            stageSeconds: stageSeconds,
            threads: options.verify.threads
        ).rendered()
        try checkCancelled()
        options.progress?(
            RunProgress(
                stage: .commit,
                records: nil,
                estimatedRecords: nil,
                stageSeconds: 0,
                message: "renaming \(files.count + 1) files into \(options.outputDirectory)",
                finished: false
            )
        )
        try output.commit(
            files: files,
            summary: summary,
            synchronize: options.synchronize,
            pause: options.commitPauseSeconds
        )
        stageSeconds.append((.commit, monotonicSeconds() - stageStart))
        return RunReport(
            summaryJSON: summary,
            files: files + ["summary.json"],
            verify: verifyReport,
            map: mapReport,
            rewardRows: rewardTables.rewardRows,
            densityRows: density.asserted.count,
            stageSeconds: stageSeconds,
            wallSeconds: monotonicSeconds() - start
        )
    }

    /// density.csv and the reward tables into the staging directory; returns them with their stage times.
    private static func densityAndRewards(
        options: RunOptions,
        registry: HotspotRegistry,
        rewards: VerdictRewards,
        staging: String,
        start: Double
    ) throws(RunFailure) -> (DensityCSV, VerdictRewards, RewardsReport, [(stage: RunStage, seconds: Double)]) {
        let density = DensityCSV(hotspots: registry.hotspots, parameters: options.verify.density)
        try write(density.text, to: RunCommit.join(staging, "density.csv"))
        let densityEnd = monotonicSeconds()
        options.progress?(
            RunProgress(
                stage: .density,
                records: nil,
                estimatedRecords: nil,
                stageSeconds: densityEnd - start,
                message: "\(density.asserted.count) asserted hotspots scaled with \(options.verify.density.name)",
                finished: true
            )
        )
        if options.cancellation?.isCancelled == true { throw .cancelled }

        let tables: RewardsReport
        do { tables = try RewardsReport(ledger: rewards.ledger, emissions: options.emissions) } catch {
            throw .failed("rewards: \(error)")
        }
        do { try tables.write(to: staging) } catch { throw .failed("rewards: \(error)") }
        let end = monotonicSeconds()
        options.progress?(
            RunProgress(
                stage: .rewards,
                records: nil,
                estimatedRecords: nil,
                stageSeconds: end - densityEnd,
                message: "\(tables.rewardRows) hotspot-epoch rows in \(rewards.ledger.epochs.count) epoch(s)",
                finished: true
            )
        )
        return (density, rewards, tables, [(.density, densityEnd - start), (.rewards, end - densityEnd)])
    }

    /// The verify stage: ``VerifyJob`` into the staging directory, with progress estimated from the input sizes
    /// and the cancellation flag checked once per chunk.
    private func verifyStage(staging: String, registry: HotspotRegistry, observer: RunVerdicts) throws(RunFailure)
        -> VerifyReport
    {
        var verify = options.verify
        verify.observer = observer
        verify.registry = registry
        verify.outputDirectory = staging
        verify.stateOutputPath = nil
        verify.emissionsBones = nil
        if let cancellation = options.cancellation {
            verify.isCancelled = { cancellation.isCancelled }
        }
        if let progress = options.progress {
            let estimate = InputEstimate.lines(path: verify.beaconsPath)
                .flatMap { beacons in InputEstimate.lines(path: verify.witnessesPath).map { beacons + $0 } }
            progress(
                RunProgress(
                    stage: .verify,
                    records: 0,
                    estimatedRecords: estimate,
                    stageSeconds: 0,
                    message: nil,
                    finished: false
                )
            )
            verify.progress = { event in
                progress(
                    RunProgress(
                        stage: .verify,
                        records: event.beaconsRead + event.witnessesRead,
                        estimatedRecords: estimate,
                        stageSeconds: event.elapsedSeconds,
                        message: nil,
                        finished: false
                    )
                )
            }
        }
        do {
            return try VerifyJob(options: verify).run()
        } catch {
            switch error {
            case .input(let message): throw .input(message)
            case .output(let failure): throw .failed(failure.description)
            case .accounting(let message): throw .failed("accounting check failed: \(message)")
            case .cancelled: throw .cancelled
            }
        }
    }

    /// Writes `text` to a new file.
    static func write(_ text: String, to path: String) throws(RunFailure) {
        do {
            let sink = try ByteSink(path: path)
            try sink.write(text)
            try sink.close()
        } catch {
            throw .failed("\(error)")
        }
    }

    /// Milliseconds since the Unix epoch, from the real-time clock.
    static func wallClockMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}

/// The result of the density and reward stages, handed from their thread.
private final class SideStages: @unchecked Sendable {
    /// Set once by the side thread before it ends; read after `join()`.
    var result: Result<(DensityCSV, VerdictRewards, RewardsReport, [(stage: RunStage, seconds: Double)]), RunFailure>?
}

/// The raster pixel size `pocmap run` uses when none is given.
enum RunRasterPlan {
    /// For EPSG:4326 without a pixel size or bbox: the map job's default pixel for the resolution, doubled until a
    /// raster over the asserted hotspots' extent (plus one degree of margin for predicted coverage) stays within
    /// `maxPixels`, so a network spread over continents still gives a raster that is quick to write (its hexes are
    /// exact in coverage.gpkg whatever the pixel size). Powers of two keep grids aligned between runs. Nil when
    /// the map job's default applies.
    static func pixelSize(hotspots: [Hotspot], options: MapJobOptions, maxPixels: Int) -> Double? {
        guard options.pixelSize == nil, options.bbox == nil, options.crs.uppercased() == "EPSG:4326" else { return nil }
        var south = 90.0
        var north = -90.0
        var longitudes: [Double] = []
        for hotspot in hotspots {
            guard let cell = hotspot.location, let point = try? H3.cellToLatLng(cell) else { continue }
            south = min(south, point.latitudeDegrees)
            north = max(north, point.latitudeDegrees)
            longitudes.append(point.longitudeDegrees)
        }
        guard !longitudes.isEmpty else { return nil }
        longitudes.sort()
        // The narrowest longitude span: 360° minus the largest gap between neighbouring longitudes (around the
        // globe), so a network across the antimeridian is not taken for a global one.
        var largestGap = longitudes[0] + 360 - longitudes[longitudes.count - 1]
        for index in 1..<longitudes.count { largestGap = max(largestGap, longitudes[index] - longitudes[index - 1]) }
        let width = min(360, 360 - largestGap + 2)
        let height = min(180, north - south + 2)
        var pixel = CoverageRasterWriter.defaultPixelSize(resolution: options.resolution, geographic: true)
        while (width / pixel) * (height / pixel) > Double(maxPixels) { pixel *= 2 }
        return pixel
    }
}
