import Glibc

/// One active hotspot as a receiving site of predicted coverage.
public struct CoverageSite: Hashable, Sendable {
    /// The antenna position (the centre of the asserted cell).
    public var location: LatLng
    /// The antenna height above ground, m (Hata's base height `h_b`, two-ray's `h_t`).
    public var antennaHeightMeters: Double
    /// The antenna gain, dBi.
    public var antennaGainDBi: Double
    /// The carrier frequency, MHz.
    public var frequencyMHz: Double
    /// The propagation model of this site (a calibrated log-distance model differs per hotspot).
    public var model: PathLossModel

    /// Creates a site.
    public init(
        location: LatLng,
        antennaHeightMeters: Double,
        antennaGainDBi: Double,
        frequencyMHz: Double,
        model: PathLossModel
    ) {
        self.location = location
        self.antennaHeightMeters = antennaHeightMeters
        self.antennaGainDBi = antennaGainDBi
        self.frequencyMHz = frequencyMHz
        self.model = model
    }

    /// The antenna height assumed when the registry gives none (elevation 0): 10 m, a roof-top or mast install.
    public static let defaultAntennaHeightMeters = 10.0
    /// The frequency assumed for a hotspot whose region plan is unknown: 915 MHz.
    public static let defaultFrequencyMHz = 915.0

    /// The mean channel frequency of a region plan in MHz (``RegionPlan/defaultPlans``, then the simulator's plans),
    /// `nil` for an unknown or absent region.
    public static func frequencyMHz(region: RegionName?) -> Double? {
        guard let region, let plan = RegionPlan.defaultPlans[region] ?? SimulationRegionPlans.plans[region],
            !plan.channels.isEmpty
        else { return nil }
        let sum = plan.channels.reduce(0.0) { $0 + Double($1.frequencyHz) }
        return sum / Double(plan.channels.count) / 1e6
    }
}

/// The link budget of predicted coverage: an end device at a cell centre transmitting to the hotspots
/// (`RADIO.md` §1, §8). Predicted RSSI at a hotspot = `EIRP_device + G_hotspot − L_cable − L(d)`.
public struct PredictionParameters: Hashable, Sendable {
    /// The device EIRP, dBm (default 16.15 = 14 dBm ERP, the EU868 limit and a common device setting elsewhere).
    public var deviceEIRPDBm: Double
    /// The device antenna height, m (default 1.5: hand-held or window sill; Hata's `h_m`).
    public var deviceHeightMeters: Double
    /// The hotspot's receive cable loss, dB (default 0; Helium gains are usually quoted net).
    public var receiverCableLossDB: Double
    /// The data rate whose sensitivity bounds coverage (default `SF10BW125`, the slowest uplink rate US915 allows
    /// and available in every plan).
    public var dataRate: DataRate
    /// The receiver noise figure, dB (default 6, `RADIO.md` §8).
    public var noiseFigureDB: Double
    /// The standard-normal quantile of the fade margin `z·σ` (default 0: the median map; 1.28 for 90 %).
    public var fadeMarginZ: Double
    /// Cells whose centre is closer to the antenna than this are evaluated at this distance, km (default 0.01).
    public var minimumDistanceKm: Double

    /// Creates parameters; every default is described on its property.
    public init(
        deviceEIRPDBm: Double = LinkBudget.eirpDBm(erpDBm: 14),
        deviceHeightMeters: Double = 1.5,
        receiverCableLossDB: Double = 0,
        dataRate: DataRate = .sf10bw125,
        noiseFigureDB: Double = LinkBudget.defaultNoiseFigureDB,
        fadeMarginZ: Double = 0,
        minimumDistanceKm: Double = 0.01
    ) {
        self.deviceEIRPDBm = deviceEIRPDBm
        self.deviceHeightMeters = deviceHeightMeters
        self.receiverCableLossDB = receiverCableLossDB
        self.dataRate = dataRate
        self.noiseFigureDB = noiseFigureDB
        self.fadeMarginZ = fadeMarginZ
        self.minimumDistanceKm = minimumDistanceKm
    }

    /// The receiver sensitivity of ``dataRate`` in dBm (−132 dBm at SF10/125 kHz with NF 6 dB).
    public func sensitivityDBm() throws(CoverageError) -> Double {
        guard let factor = dataRate.spreadingFactor, let width = dataRate.bandwidthHz,
            let modulation = LoRaModulation(spreadingFactor: factor, bandwidthHz: width)
        else { throw .invalidParameter("data rate \(dataRate) has no LoRa sensitivity; choose SF7...SF12") }
        return modulation.sensitivityDBm(noiseFigureDB: noiseFigureDB)
    }
}

/// The best server of one cell.
public struct PredictedCell: Hashable, Sendable {
    /// The cell, at the map resolution.
    public var cell: H3Cell
    /// The highest predicted RSSI over the hotspots reaching the cell centre, dBm.
    public var bestRSSIDBm: Float
    /// How many hotspots are predicted at or above the sensitivity.
    public var servingHotspots: Int32
    /// The index (into the sites given) of the hotspot with ``bestRSSIDBm``; the lowest index wins a tie.
    public var bestServer: Int32

    /// Creates a cell value.
    public init(cell: H3Cell, bestRSSIDBm: Float, servingHotspots: Int32, bestServer: Int32) {
        self.cell = cell
        self.bestRSSIDBm = bestRSSIDBm
        self.servingHotspots = servingHotspots
        self.bestServer = bestServer
    }
}

/// How far one site reaches.
public struct SiteReach: Hashable, Sendable {
    /// The range in km: where the loss reaches the maximum allowable path loss, or the radio horizon.
    public var rangeKm: Double
    /// Whether the radio horizon set the range.
    public var isHorizonLimited: Bool
    /// The grid-disk radius searched around the site's cell.
    public var gridRadius: Int
    /// Validity warnings of the model over the site's distances (beyond-horizon excluded: see
    /// ``isHorizonLimited``).
    public var warnings: PathLossWarnings
}

/// Predicted coverage: for every site, the predicted RSSI in every cell whose centre lies within its range
/// (`min(radio horizon, the distance where the link budget falls below the sensitivity)`), reduced per cell to
/// the best server and the number of servers above the sensitivity (`FORMATS.md` §2.5 bands 3–4).
///
/// Each site searches a grid disk around its cell, wide enough for its range at the local cell spacing (a cell
/// at grid distance k lies at least `k·s·√3/2` away, s the centre spacing of neighbours), and evaluates the model at
/// each cell centre: `L = max(model(d), FSPL(d)) + z·σ` (`RADIO.md` §1). The per-cell accumulators live in an
/// open-addressing table; with several workers the sites are split into that many spatially sorted chunks, each
/// filling its own table, merged at the end. Maximum and sum commute, so the result is identical whatever the
/// number of workers.
public struct PredictedCoverage: Sendable {
    /// The H3 resolution of the cells.
    public let resolution: Int
    /// The link budget used.
    public let parameters: PredictionParameters
    /// The sensitivity of the data rate, dBm.
    public let sensitivityDBm: Double
    /// The covered cells, sorted by index.
    public let cells: [PredictedCell]
    /// The reach of every site, in site order.
    public let reaches: [SiteReach]

    /// The number of sites with each validity warning, by warning name (for output metadata).
    public var warningCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for reach in reaches { for name in reach.warnings.names { counts[name, default: 0] += 1 } }
        return counts
    }

    /// The number of sites whose range the radio horizon set.
    public var horizonLimitedCount: Int { reaches.reduce(0) { $0 + ($1.isHorizonLimited ? 1 : 0) } }

    /// The largest grid-disk radius allowed per site; a wider search means the resolution is far too fine for the
    /// range.
    public static let maximumGridRadius = 1_000

    /// The value of `cell`, if any site reaches it (binary search).
    public func cell(_ cell: H3Cell) -> PredictedCell? {
        let index = cells.partitioningIndex { $0.cell.rawValue >= cell.rawValue }
        return index < cells.count && cells[index].cell == cell ? cells[index] : nil
    }

    /// Computes predicted coverage in the calling task (one worker).
    public static func compute(
        sites: [CoverageSite],
        resolution: Int,
        parameters: PredictionParameters = PredictionParameters()
    ) throws(CoverageError) -> PredictedCoverage {
        let plan = try Plan(sites: sites, resolution: resolution, parameters: parameters)
        var table = try plan.fill(chunk: plan.order[...])
        return plan.finish(&table)
    }

    /// Computes predicted coverage split over `workers` chunks of sites that `perform` runs, possibly at the same
    /// time; the result does not depend on the number of workers or on their scheduling.
    ///
    /// `perform(count, body)` must call `body(i)` exactly once for every `i` in `0..<count` and return only when all
    /// calls have returned, for example `DispatchQueue.concurrentPerform(iterations:execute:)`. The core stays free
    /// of any threading library; the caller chooses one.
    ///
    /// ```swift
    /// let coverage = try PredictedCoverage.compute(sites: sites, resolution: 8, workers: 2) { count, body in
    ///     DispatchQueue.concurrentPerform(iterations: count, execute: body)
    /// }
    /// ```
    public static func compute(
        sites: [CoverageSite],
        resolution: Int,
        parameters: PredictionParameters = PredictionParameters(),
        workers requested: Int,
        perform: (_ count: Int, _ body: @escaping @Sendable (Int) -> Void) -> Void
    ) throws(CoverageError) -> PredictedCoverage {
        let plan = try Plan(sites: sites, resolution: resolution, parameters: parameters)
        let workers = max(1, min(requested, plan.order.count / 64 + 1))
        if workers == 1 {
            var table = try plan.fill(chunk: plan.order[...])
            return plan.finish(&table)
        }
        let chunkSize = (plan.order.count + workers - 1) / workers
        let slots = _WorkerSlots(count: workers)
        defer { slots.release() }
        perform(workers) { w in
            let low = min(w * chunkSize, plan.order.count), high = min(low + chunkSize, plan.order.count)
            do throws(CoverageError) {
                slots.store(.success(try plan.fill(chunk: plan.order[low..<high])), at: w)
            } catch {
                slots.store(.failure(error), at: w)
            }
        }
        var merged: _PredictionTable?
        for w in 0..<workers {
            switch slots.take(at: w) {
            case nil: throw .invalidParameter("worker \(w) of \(workers) was never run by the caller's perform")
            case .failure(let error)?: throw error
            case .success(let table)?:
                if merged == nil { merged = table } else { merged?.merge(table) }
            }
        }
        var table = merged ?? _PredictionTable()
        return plan.finish(&table)
    }

    /// Everything decided before the per-cell work: the origin cell, range and disk radius of every site.
    private struct Plan: Sendable {
        var sites: [CoverageSite]
        var resolution: Int
        var parameters: PredictionParameters
        var sensitivity: Double
        var origins: [H3Cell]
        var reaches: [SiteReach]
        var links: [LinkGeometry]
        /// Site indices sorted by origin cell (spatial locality for the table).
        var order: [Int32]

        init(sites: [CoverageSite], resolution: Int, parameters: PredictionParameters) throws(CoverageError) {
            guard CoverageError.resolutions.contains(resolution) else { throw .invalidResolution(resolution) }
            guard sites.count < Int(Int32.max) else { throw .invalidParameter("too many sites (\(sites.count))") }
            guard parameters.minimumDistanceKm > 0, parameters.deviceEIRPDBm.isFinite,
                parameters.fadeMarginZ.isFinite, parameters.receiverCableLossDB.isFinite
            else {
                throw .invalidParameter(
                    "device EIRP, cable loss and fade margin must be finite, the minimum distance above 0"
                )
            }
            self.sites = sites
            self.resolution = resolution
            self.parameters = parameters
            sensitivity = try parameters.sensitivityDBm()
            origins = []
            reaches = []
            links = []
            origins.reserveCapacity(sites.count)
            reaches.reserveCapacity(sites.count)
            links.reserveCapacity(sites.count)
            var neighbours: [H3Cell] = []
            for (index, site) in sites.enumerated() {
                let link = LinkGeometry(
                    frequencyMHz: site.frequencyMHz,
                    transmitterHeightMeters: site.antennaHeightMeters,
                    receiverHeightMeters: parameters.deviceHeightMeters
                )
                let mapl = LinkBudget.maximumAllowablePathLossDB(
                    eirpDBm: parameters.deviceEIRPDBm,
                    receiverGainDBi: site.antennaGainDBi,
                    receiverCableLossDB: parameters.receiverCableLossDB,
                    sensitivityDBm: sensitivity
                )
                let range: RangeEstimate
                var warnings: PathLossWarnings
                do throws(PathLossError) {
                    range = try site.model.range(lossDB: mapl, link: link, fadeMarginZ: parameters.fadeMarginZ)
                    let near = try site.model.loss(
                        distanceKm: parameters.minimumDistanceKm,
                        link: link,
                        fadeMarginZ: parameters.fadeMarginZ
                    )
                    warnings = range.warnings.union(near.warnings)
                    warnings.remove(.beyondHorizon)
                } catch {
                    throw .pathLoss(hotspot: index, error)
                }
                let origin: H3Cell
                let spacing: Double
                do throws(H3Error) {
                    origin = try H3.latLngToCell(site.location, resolution: resolution)
                    spacing = try Self.neighbourSpacingKm(origin, scratch: &neighbours)
                } catch {
                    throw .h3(error)
                }
                var radius = 0
                if range.distanceKm > 0 {
                    // A cell at grid distance k lies at least k·s·√3/2 from the origin (the apothem of the ring).
                    let needed = (range.distanceKm / (spacing * 3.0.squareRoot() / 2)).rounded(.up) + 1
                    guard needed <= Double(PredictedCoverage.maximumGridRadius) else {
                        throw .invalidParameter(
                            "hotspot #\(index) reaches \(range.distanceKm) km, a search of \(Int(needed)) rings at "
                                + "resolution \(resolution); choose a coarser resolution"
                        )
                    }
                    radius = Int(needed)
                }
                origins.append(origin)
                links.append(link)
                reaches.append(
                    SiteReach(
                        rangeKm: range.distanceKm,
                        isHorizonLimited: range.isHorizonLimited,
                        gridRadius: radius,
                        warnings: warnings
                    )
                )
            }
            let cellsOfSites = origins
            order = (0..<Int32(sites.count)).sorted { a, b in
                let ca = cellsOfSites[Int(a)].rawValue, cb = cellsOfSites[Int(b)].rawValue
                return ca != cb ? ca < cb : a < b
            }
        }

        /// The shortest centre distance from `origin` to a neighbour, km.
        static func neighbourSpacingKm(_ origin: H3Cell, scratch: inout [H3Cell]) throws(H3Error) -> Double {
            let centre = try H3.cellToLatLng(origin)
            try H3.gridDisk(origin, k: 1, into: &scratch)
            var spacing = Double.infinity
            for cell in scratch where cell != origin {
                spacing = min(spacing, H3.greatCircleDistance(centre, try H3.cellToLatLng(cell), unit: .kilometers))
            }
            return spacing
        }

        /// Evaluates the sites of `chunk` into a fresh table.
        ///
        /// Distances come from unit vectors: the chord `c = |a − b|` gives the central angle `2·asin(c/2)`, the same
        /// great circle as the haversine form to rounding, and cells beyond the range are rejected on `c²` without any
        /// trigonometry.
        func fill(chunk: ArraySlice<Int32>) throws(CoverageError) -> _PredictionTable {
            var table = _PredictionTable(minimumCapacity: 1 << 16)
            var disk: [H3Cell] = []
            let minimum = parameters.minimumDistanceKm
            let threshold = sensitivity - 1e-9
            for server in chunk {
                let index = Int(server)
                let site = sites[index], reach = reaches[index], link = links[index]
                guard reach.rangeKm > 0 else { continue }
                do { try H3.gridDisk(origins[index], k: reach.gridRadius, into: &disk) } catch { throw .h3(error) }
                let budget = parameters.deviceEIRPDBm + site.antennaGainDBi - parameters.receiverCableLossDB
                let margin = parameters.fadeMarginZ * site.model.shadowingSigmaDB
                let (sx, sy, sz) = _PredictionTable.unitVector(site.location)
                let rangeAngle = reach.rangeKm / earthRadiusKm
                let maximumChord = 2 * sin(min(rangeAngle, Double.pi) / 2)
                let maximumChordSquared = maximumChord * maximumChord * (1 + 1e-12)
                for cell in disk {
                    let slot = table.slot(for: cell.rawValue)
                    let entry = table.slots[slot]
                    let dx = entry.x - sx, dy = entry.y - sy, dz = entry.z - sz
                    let chordSquared = dx * dx + dy * dy + dz * dz
                    guard chordSquared <= maximumChordSquared else { continue }
                    let d = 2 * asin(min(chordSquared.squareRoot() / 2, 1)) * earthRadiusKm
                    guard d <= reach.rangeKm else { continue }
                    let distance = max(d, minimum)
                    let raw = site.model.rawLossDB(distanceKm: distance, link: link)
                    let free = FreeSpace.lossDB(distanceKm: distance, frequencyMHz: link.frequencyMHz)
                    let rssi = budget - (max(raw, free) + margin)
                    table.record(slot: slot, rssi: Float(rssi), server: server, aboveSensitivity: rssi >= threshold)
                }
            }
            return table
        }

        /// Extracts the reached cells, sorted by index.
        func finish(_ table: inout _PredictionTable) -> PredictedCoverage {
            var cells: [PredictedCell] = []
            cells.reserveCapacity(table.count)
            for entry in table.slots where entry.key != 0 && entry.best > -.infinity {
                cells.append(
                    PredictedCell(
                        cell: H3Cell(rawValue: entry.key),
                        bestRSSIDBm: entry.best,
                        servingHotspots: entry.count,
                        bestServer: entry.server
                    )
                )
            }
            table = _PredictionTable(minimumCapacity: 1)
            cells.sort { $0.cell.rawValue < $1.cell.rawValue }
            return PredictedCoverage(
                resolution: resolution,
                parameters: parameters,
                sensitivityDBm: sensitivity,
                cells: cells,
                reaches: reaches
            )
        }
    }
}

/// One result slot per worker, written concurrently.
///
/// `@unchecked Sendable` invariant: worker `i` writes only slot `i`, exactly once, through the raw buffer (no shared
/// array header is mutated), and the slots are read only after `perform` has returned, which orders every write
/// before the reads.
private final class _WorkerSlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Result<_PredictionTable, CoverageError>?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    func store(_ result: Result<_PredictionTable, CoverageError>, at index: Int) {
        precondition(buffer.indices.contains(index), "worker index out of range")
        buffer[index] = result
    }

    func take(at index: Int) -> Result<_PredictionTable, CoverageError>? {
        let result = buffer[index]
        buffer[index] = nil
        return result
    }

    func release() {
        buffer.deinitialize()
        buffer.deallocate()
    }
}
