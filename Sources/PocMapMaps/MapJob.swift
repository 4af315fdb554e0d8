import Dispatch
import Foundation
public import PocMapCore
import PocMapIO
import PocMapStore

/// Everything `pocmap map` needs to know.
public struct MapJobOptions: Sendable {
    /// `verdicts.ndjson` (plain or gzip), or a directory holding `verdicts.ndjson` / `verdicts.ndjson.gz` (the output
    /// directory of `pocmap verify`).
    public var verdictsPath: String
    /// The hotspot registry files (`FORMATS.md` §1.1, or the `hotspots.csv` that `pocmap verify` writes); later keys
    /// win.
    public var hotspotPaths: [String]
    /// The output directory (created if missing).
    public var outputDirectory: String
    /// The H3 resolution of the map, 5...12 (default 8).
    public var resolution: Int
    /// The propagation model (default: log-distance calibrated from the witnesses).
    public var model: CoverageModel
    /// The link budget of the prediction.
    public var prediction: PredictionParameters
    /// The HIP-17 parameters of the density band.
    public var density: DensityParameterSet
    /// The raster CRS (`EPSG:N`, default `EPSG:4326`).
    public var crs: String
    /// The raster extent in degrees, `nil` for the extent of the cells.
    public var bbox: GeographicBox?
    /// The raster pixel size in CRS units, `nil` for the default of the resolution.
    public var pixelSize: Double?
    /// Concurrent workers of the prediction (default, or `nil` given: the active processors).
    public var workers: Int

    /// Creates options with the defaults described on each property.
    public init(
        verdictsPath: String,
        hotspotPaths: [String],
        outputDirectory: String,
        resolution: Int = 8,
        model: CoverageModel = .calibratedLogDistance(CalibrationOptions()),
        prediction: PredictionParameters = PredictionParameters(),
        density: DensityParameterSet = .hip104,
        crs: String = "EPSG:4326",
        bbox: GeographicBox? = nil,
        pixelSize: Double? = nil,
        workers: Int? = nil
    ) {
        self.verdictsPath = verdictsPath
        self.hotspotPaths = hotspotPaths
        self.outputDirectory = outputDirectory
        self.resolution = resolution
        self.model = model
        self.prediction = prediction
        self.density = density
        self.crs = crs
        self.bbox = bbox
        self.pixelSize = pixelSize
        self.workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
    }
}

/// Why a map could not be made. ``isBadInput`` separates bad usage or unreadable input (CLI exit 2) from work that
/// failed (exit 1).
public struct MapJobError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String
    /// Whether the input or the options are at fault.
    public let isBadInput: Bool

    init(_ description: String, badInput: Bool) {
        self.description = description
        self.isBadInput = badInput
    }
}

/// What a map run produced.
public struct MapJobReport: Sendable {
    /// The files written into the output directory, by name.
    public var files: [String] = []
    /// Hotspots in the registry, and how many of them are active (a valid verdict in the set) and asserted.
    public var registeredHotspots = 0
    /// Active asserted hotspots, the sites of the prediction.
    public var activeHotspots = 0
    /// Verdict lines read, and lines the reader rejected.
    public var verdictLines = 0
    /// Verdict lines the reader could not decode.
    public var rejectedVerdictLines = 0
    /// Witness receptions with a known beaconer, and the valid ones among them.
    public var receptions = 0
    /// Valid witness receptions.
    public var validReceptions = 0
    /// Cells with observed, predicted and density values, and in the map altogether.
    public var observedCells = 0
    /// Cells reached by the prediction.
    public var predictedCells = 0
    /// Cells holding at least one hotspot.
    public var densityCells = 0
    /// All cells of the map.
    public var mapCells = 0
    /// Hotspots per calibration level (log-distance only).
    public var calibrationLevels: [String: Int] = [:]
    /// Hotspots per model validity warning.
    public var warnings: [String: Int] = [:]
    /// The receiver sensitivity the map used, dBm.
    public var sensitivityDBm = 0.0
    /// The raster grid: width, height and pixel size in CRS units.
    public var rasterWidth = 0
    /// The raster height in pixels.
    public var rasterHeight = 0
    /// Wall time per step, seconds, in order.
    public var timings: [(step: String, seconds: Double)] = []
}

/// `pocmap map`: observed and predicted coverage from verdicts and the hotspot registry, written as
/// `coverage.tif` (+ `.qml`, class raster, PNG), the `coverage.gpkg` store (`hexes`, `hotspots`, `links`) and a
/// per-hotspot `calibration.csv`.
///
/// Steps: read the registry and the verdicts; observed coverage from the valid witness receptions; calibrate the
/// log-distance model (when chosen); predict coverage of every **active** hotspot (asserted, with at least one valid
/// beacon or witness verdict in the set); the density band; merge the bands per cell; write. Every file is written
/// into a staging directory inside the output directory and renamed into place at the end, so a failed run leaves
/// no half-written file under a final name.
public enum MapJob {
    /// Runs the job on the verdicts file of ``MapJobOptions/verdictsPath`` and the registry of
    /// ``MapJobOptions/hotspotPaths``. `progress` receives one line per finished step (for `--quiet`, pass nothing).
    public static func run(
        _ options: MapJobOptions,
        progress: (String) -> Void = { _ in }
    ) throws(MapJobError) -> MapJobReport {
        try run(options, verdicts: nil, progress: progress)
    }

    /// Runs the job on verdicts already collected (``MapVerdicts``, with their registry) instead of reading
    /// ``MapJobOptions/verdictsPath`` and ``MapJobOptions/hotspotPaths``; with `nil`, reads them as
    /// ``run(_:progress:)`` does.
    public static func run(
        _ options: MapJobOptions,
        verdicts collected: consuming MapVerdicts?,
        progress: (String) -> Void = { _ in }
    ) throws(MapJobError) -> MapJobReport {
        var report = MapJobReport()
        var clock = StepClock()
        guard CoverageError.resolutions.contains(options.resolution) else {
            throw MapJobError(CoverageError.invalidResolution(options.resolution).description, badInput: true)
        }
        let sensitivity: Double
        do { sensitivity = try options.prediction.sensitivityDBm() } catch {
            throw MapJobError(error.description, badInput: true)
        }
        report.sensitivityDBm = sensitivity
        let staging = try OutputStaging(directory: options.outputDirectory)
        defer { staging.discard() }

        // 1. Inputs.
        let registry: HotspotRegistry
        if let collected {
            registry = collected.registry
        } else {
            do { registry = try HotspotRegistry.load(paths: options.hotspotPaths) } catch {
                throw MapJobError("cannot read the hotspot registry: \(error)", badInput: true)
            }
        }
        report.registeredHotspots = registry.count
        // The store is opened first: links go in as the verdicts are read and hexes as the bands are merged, so
        // neither is ever held in memory whole.
        let store: CoverageStoreWriter
        do {
            // A network of thousands of hotspots makes a store of hundreds of MB to GB: 64 KiB pages write it
            // faster; a small one keeps SQLite's 4 KiB pages (and its size).
            store = try CoverageStoreWriter(
                path: (staging.path as NSString).appendingPathComponent(StoreSchema.fileName),
                resolution: options.resolution,
                pageSize: registry.count >= 10_000 ? 65_536 : nil
            )
        } catch {
            throw MapJobError("writing coverage.gpkg failed: \(error)", badInput: error.isBadInput)
        }
        // SQLite works on its own thread, fed in batches, while this one reads, predicts and rasterises.
        let keepGeometry = store.needsGeometry
        let storeThread = StoreWriterThread(writer: store)
        defer { storeThread.close() }
        func send(_ batch: StoreWriterThread.Batch) throws(MapJobError) {
            do { try storeThread.send(batch) } catch {
                throw MapJobError("writing coverage.gpkg failed: \(error)", badInput: error.isBadInput)
            }
        }
        var inputs: MapVerdicts
        var linkFeeder: LinkFeeder?
        defer { linkFeeder?.cancel() }
        if var collected = collected.take() {
            // The links are prepared and stored on their own thread while this one maps coverage.
            linkFeeder = LinkFeeder(
                links: collected.links,
                keys: collected.keys,
                store: storeThread,
                keepGeometry: keepGeometry
            )
            collected.links = []
            inputs = collected
        } else {
            var linkBatch: [CoverageStoreWriter.PreparedRow] = []
            linkBatch.reserveCapacity(StoreWriterThread.batchSize)
            inputs = try MapVerdicts.read(verdictsPath: options.verdictsPath, registry: registry) {
                (row) throws(StoreError) in
                linkBatch.append(CoverageStoreWriter.prepare(row, keepGeometry: keepGeometry))
                if linkBatch.count >= StoreWriterThread.batchSize {
                    try storeThread.send(.rows(linkBatch))
                    linkBatch = []
                    linkBatch.reserveCapacity(StoreWriterThread.batchSize)
                }
            }
            try send(.rows(linkBatch))
            try send(.sealLinks)
        }
        report.verdictLines = inputs.verdictLines
        report.rejectedVerdictLines = inputs.rejectedLines
        report.receptions = inputs.receptions.count
        report.validReceptions = inputs.receptions.reduce(0) { $0 + ($1.status == .valid ? 1 : 0) }
        guard inputs.decodedVerdicts > 0 else {
            throw MapJobError(
                "the verdicts set \(inputs.origin) holds no verdict (\(inputs.verdictLines) lines, "
                    + "\(inputs.rejectedLines) unreadable); run `pocmap verify` first and pass its output directory",
                badInput: true
            )
        }
        clock.lap("read inputs", into: &report, progress)

        // 2. Observed coverage.
        let observed: ObservedCoverage
        do { observed = try ObservedCoverage.aggregate(inputs.receptions, resolution: options.resolution) } catch {
            throw MapJobError(error.description, badInput: false)
        }
        report.observedCells = observed.cells.count
        clock.lap("observed coverage", into: &report, progress)

        // 3. Sites and their models (calibration when log-distance is chosen).
        let active = registry.hotspots.indices.filter { registry.hotspots[$0].isAsserted && inputs.active[$0] }
            .map { registry.hotspots[$0] }
        var sites: [CoverageSite] = []
        var siteKeys: [String] = []
        var calibrationRows: [CalibrationRow] = []
        sites.reserveCapacity(active.count)
        switch options.model {
        case .fixed(let model):
            for hotspot in active {
                guard let site = CoverageSite(hotspot: hotspot, model: model) else { continue }
                sites.append(site)
                siteKeys.append(hotspot.key)
            }
        case .calibratedLogDistance(let calibrationOptions):
            var gains: [String: Double] = [:]
            for hotspot in registry.hotspots { gains[hotspot.key] = hotspot.gainDBi }
            let calibration: LogDistanceCalibration
            do {
                calibration = try LogDistanceCalibration.calibrate(
                    inputs.receptions,
                    receiverGainsDBi: gains,
                    options: calibrationOptions
                )
            } catch {
                throw MapJobError(error.description, badInput: true)
            }
            for hotspot in active {
                let own = calibration.calibration(forHotspot: hotspot.key, location: hotspot.location)
                guard let site = CoverageSite(hotspot: hotspot, model: .logDistance(own.model)) else { continue }
                sites.append(site)
                siteKeys.append(hotspot.key)
                calibrationRows.append(CalibrationRow(key: hotspot.key, calibration: own))
                report.calibrationLevels[own.level.rawValue, default: 0] += 1
            }
        }
        report.activeHotspots = sites.count
        inputs.receptions = []  // not needed any more: free them before the big cell tables are built
        clock.lap("calibration", into: &report, progress)

        // 4. Predicted coverage.
        let predicted: PredictedCoverage
        do {
            predicted = try PredictionRunner.predict(
                sites: sites,
                resolution: options.resolution,
                parameters: options.prediction,
                workers: options.workers
            )
        } catch {
            throw MapJobError(error.description, badInput: true)
        }
        report.predictedCells = predicted.cells.count
        report.warnings = predicted.warningCounts
        clock.lap("predicted coverage", into: &report, progress)

        // 5. Density band (the HIP-17 result also gives the hotspots layer its scales).
        let activeLocations = active.compactMap(\.location)
        let scales = HexDensity.compute(locations: activeLocations, parameters: options.density)
        let density: [DensityCell]
        do {
            density = try CoverageDensity.compute(
                activeLocations: activeLocations,
                density: scales,
                resolution: options.resolution
            )
        } catch {
            throw MapJobError(error.description, badInput: false)
        }
        report.densityCells = density.count
        clock.lap("density", into: &report, progress)

        // 6. Bands per cell, then the files.
        let metadata = metadata(
            options: options,
            observed: observed,
            predicted: predicted,
            inputs: inputs,
            report: report
        )
        var cells = CoverageCells(resolution: options.resolution)
        cells.reserveCapacity(predicted.cells.count + observed.cells.count)
        // The rows are prepared here (values, geometry blobs), so that the writer thread only binds and inserts;
        // the links go first, all of them, so the store's rows keep one order.
        do { try linkFeeder?.join() } catch {
            throw MapJobError("writing coverage.gpkg failed: \(error)", badInput: error.isBadInput)
        }
        var hexBatch: [CoverageStoreWriter.PreparedRow] = []
        hexBatch.reserveCapacity(StoreWriterThread.batchSize)
        let resolution = options.resolution
        try CoverageBandMerger.join(observed: observed.cells, predicted: predicted.cells, density: density) {
            cell,
            heard,
            served,
            crowd throws(MapJobError) in
            cells.append(CoverageBandMerger.bands(cell, heard, served, crowd))
            let server = served.flatMap {
                siteKeys.indices.contains(Int($0.bestServer)) ? siteKeys[Int($0.bestServer)] : nil
            }
            let row = CoverageBandMerger.hexRow(cell, heard, served, crowd, bestServer: server)
            do throws(StoreError) {
                hexBatch.append(
                    try CoverageStoreWriter.prepare(row, resolution: resolution, keepGeometry: keepGeometry)
                )
            } catch {
                throw MapJobError("writing coverage.gpkg failed: \(error)", badInput: error.isBadInput)
            }
            if hexBatch.count >= StoreWriterThread.batchSize {
                try send(.rows(hexBatch))
                hexBatch = []
                hexBatch.reserveCapacity(StoreWriterThread.batchSize)
            }
        }
        try send(.rows(hexBatch))
        hexBatch = []
        report.mapCells = cells.count
        guard !cells.isEmpty else {
            throw MapJobError(
                "nothing to map: no valid witness reception, no active asserted hotspot in \(inputs.origin)",
                badInput: true
            )
        }
        // The hotspots layer; the store is finished on its thread while the rasters are written.
        var hotspotRows: [HotspotRow] = []
        hotspotRows.reserveCapacity(registry.count)
        let tallies = inputs.tallies
        for (index, hotspot) in registry.hotspots.enumerated() {
            let centre = hotspot.location.flatMap { try? H3.cellToLatLng($0) }
            let isActive = hotspot.isAsserted && inputs.active[index]
            let counts = tallies[index]
            hotspotRows.append(
                HotspotRow(
                    key: hotspot.key,
                    location: hotspot.location,
                    latitudeDegrees: centre?.latitudeDegrees,
                    longitudeDegrees: centre?.longitudeDegrees,
                    region: hotspot.region?.rawValue,
                    gainTenthsDBi: hotspot.gainTenthsDBi,
                    elevationMeters: hotspot.elevationMeters,
                    active: isActive,
                    densityScale: isActive ? scales.transmitScale(forBeaconerAt: hotspot.location).doubleValue : nil,
                    beacons: Int(counts.beacons),
                    beaconsValid: Int(counts.beaconsValid),
                    witnesses: Int(counts.witnesses),
                    witnessesValid: Int(counts.witnessesValid),
                    witnessesSelected: Int(counts.witnessesSelected),
                    beaconShares: Double(counts.beaconShares) / 1e8,
                    witnessShares: Double(counts.witnessShares) / 1e8,
                    topInvalidReason: tallies.topReason(of: index)?.name
                )
            )
        }
        try send(.hotspots(hotspotRows))
        hotspotRows = []
        try send(.finish(metadata))
        var rasterOptions = CoverageRasterOptions(
            sensitivityDBm: sensitivity,
            crs: options.crs,
            bbox: options.bbox,
            pixelSize: options.pixelSize
        )
        rasterOptions.metadata = metadata
        // Without --pixel, a map wider than the default pixel allows (a network spread over continents) gets the
        // writer's suggested coarser pixel instead of an error; a pixel the user chose is never changed.
        // The grid found here is handed to the writer, which would otherwise work out the cells' extent again.
        if options.pixelSize == nil {
            do { rasterOptions.grid = try CoverageRasterWriter.grid(for: cells, options: rasterOptions) } catch {
                if case .rasterTooLarge(_, _, let pixel, _, _, let suggested) = error {
                    rasterOptions.pixelSize = suggested
                    progress("note: the default pixel \(pixel) would exceed the raster size limit; using \(suggested)")
                }
            }
        }
        let raster: CoverageRasterReport
        do { raster = try CoverageRasterWriter.write(cells, options: rasterOptions, to: staging.path) } catch {
            switch error {
            case .gdal: throw MapJobError("writing the rasters failed: \(error)", badInput: false)
            default: throw MapJobError(error.description, badInput: true)
            }
        }
        report.rasterWidth = raster.grid.width
        report.rasterHeight = raster.grid.height
        clock.lap("rasters", into: &report, progress)

        // 7. The GeoPackage store: wait for the writer thread to finish it.
        do { try storeThread.waitUntilFinished() } catch {
            throw MapJobError("writing coverage.gpkg failed: \(error)", badInput: error.isBadInput)
        }
        clock.lap("store", into: &report, progress)

        if !calibrationRows.isEmpty {
            try staging.write(CalibrationRow.csv(calibrationRows), to: "calibration.csv")
        }
        report.files = try staging.commit()
        clock.lap("commit", into: &report, progress)
        return report
    }

    private static func metadata(
        options: MapJobOptions,
        observed: ObservedCoverage,
        predicted: PredictedCoverage,
        inputs: MapVerdicts,
        report: MapJobReport
    ) -> [String: String] {
        var metadata: [String: String] = [
            "PROPAGATION_MODEL": options.model.identifier,
            "MODEL_PARAMETERS": options.model.description,
            "DATA_RATE": options.prediction.dataRate.name,
            "DEVICE_EIRP_DBM": "\(options.prediction.deviceEIRPDBm)",
            "RECEIVER_HEIGHT_M": "\(options.prediction.deviceHeightMeters)",
            "FADE_MARGIN_Z": "\(options.prediction.fadeMarginZ)",
            "DENSITY_PARAMETERS": options.density.name,
            "ACTIVE_HOTSPOTS": "\(report.activeHotspots)",
            "VALID_RECEPTIONS": "\(observed.validReceptionCount)",
            "HORIZON_LIMITED_HOTSPOTS": "\(predicted.horizonLimitedCount)",
            "MODEL_WARNINGS": predicted.warningCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: ",").nonEmpty ?? "none",
            "RULE_PROFILE": inputs.ruleProfile ?? "unknown",
        ]
        if !report.calibrationLevels.isEmpty {
            metadata["CALIBRATION_LEVELS"] = report.calibrationLevels.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        if let range = observed.timeRangeMs {
            metadata["TIME_RANGE"] = "\(isoTime(range.lowerBound))/\(isoTime(range.upperBound))"
        }
        return metadata
    }

    private static func isoTime(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

/// Wall-clock laps of the job's steps.
private struct StepClock {
    private var last = ContinuousClock.now

    mutating func lap(_ step: String, into report: inout MapJobReport, _ progress: (String) -> Void) {
        let now = ContinuousClock.now
        let elapsed = last.duration(to: now)
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        report.timings.append((step, seconds))
        progress("\(step): \(String(format: "%.3f", seconds)) s")
    }
}

/// Runs ``PredictedCoverage`` on several threads through Dispatch.
public enum PredictionRunner {
    /// Predicted coverage of `sites` with `workers` concurrent workers (the result does not depend on it).
    public static func predict(
        sites: [CoverageSite],
        resolution: Int,
        parameters: PredictionParameters,
        workers: Int
    ) throws(CoverageError) -> PredictedCoverage {
        try PredictedCoverage.compute(sites: sites, resolution: resolution, parameters: parameters, workers: workers) {
            count,
            body in
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }
}

extension PredictionRunner {
    /// The receiving sites of a simulated network's hotspots (asserted location, elevation, gain, region), all with
    /// `model`: the input of the predicted-coverage benchmark.
    public static func simulatedSites(
        hotspotCount: Int,
        seed: UInt64,
        model: PathLossModel
    ) throws(SimulationError) -> [CoverageSite] {
        let network = try SimulatedNetwork(
            configuration: SimulationConfiguration(hotspotCount: hotspotCount, seed: seed)
        )
        return network.hotspots.compactMap { simulated in
            let hotspot = Hotspot(
                key: "",
                location: simulated.assertedLocation,
                gainTenthsDBi: simulated.gainTenthsDBi,
                elevationMeters: simulated.elevationMeters,
                region: simulated.region
            )
            return CoverageSite(hotspot: hotspot, model: model)
        }
    }
}
