import Foundation
import PocMapCore

/// Joins the three per-cell results (each sorted by index) cell by cell.
enum CoverageBandMerger {
    /// Calls `body` once per cell present in any input, in index order, with what each input holds there.
    static func join(
        observed: [ObservedCell],
        predicted: [PredictedCell],
        density: [DensityCell],
        _ body: (H3Cell, ObservedCell?, PredictedCell?, DensityCell?) throws(MapJobError) -> Void
    ) throws(MapJobError) {
        var o = 0, p = 0, d = 0
        while o < observed.count || p < predicted.count || d < density.count {
            let next = min(
                o < observed.count ? observed[o].cell.rawValue : .max,
                p < predicted.count ? predicted[p].cell.rawValue : .max,
                d < density.count ? density[d].cell.rawValue : .max
            )
            var heard: ObservedCell?, served: PredictedCell?, crowd: DensityCell?
            if o < observed.count, observed[o].cell.rawValue == next {
                heard = observed[o]
                o += 1
            }
            if p < predicted.count, predicted[p].cell.rawValue == next {
                served = predicted[p]
                p += 1
            }
            if d < density.count, density[d].cell.rawValue == next {
                crowd = density[d]
                d += 1
            }
            try body(H3Cell(rawValue: next), heard, served, crowd)
        }
    }

    /// The five raster bands of one cell. Counts are 0 (not nodata) in a cell the map holds but where nothing was
    /// heard or predicted; RSSI and density are nodata there.
    static func bands(_ cell: H3Cell, _ heard: ObservedCell?, _ served: PredictedCell?, _ crowd: DensityCell?)
        -> CoverageCellValues
    {
        CoverageCellValues(
            cell: cell,
            observedRSSIDBm: heard.map { Float($0.bestRSSIDBm) },
            observedWitnesses: Float(heard?.receptionCount ?? 0),
            predictedRSSIDBm: served?.bestRSSIDBm,
            servingHotspots: Float(served?.servingHotspots ?? 0),
            densityScale: crowd.map { Float($0.meanScale) }
        )
    }

    /// The `hexes` row of one cell (`bestServer` names the hotspot of ``PredictedCell/bestServer``).
    static func hexRow(
        _ cell: H3Cell,
        _ heard: ObservedCell?,
        _ served: PredictedCell?,
        _ crowd: DensityCell?,
        bestServer: String?
    ) -> HexRow {
        HexRow(
            cell: cell,
            observedRSSIdBm: heard?.bestRSSIDBm,
            observedWitnesses: heard?.receptionCount ?? 0,
            predictedRSSIdBm: served.map { Double($0.bestRSSIDBm) },
            servingHotspots: Int(served?.servingHotspots ?? 0),
            densityScale: crowd?.meanScale,
            observedMedianRSSIdBm: heard?.medianRSSIDBm,
            observedBeaconers: heard?.distinctBeaconers,
            lastSeenMilliseconds: heard?.lastSeenMs,
            bestServer: bestServer
        )
    }
}

/// One line of `calibration.csv`: the log-distance parameters a hotspot's prediction used (`RADIO.md` §12 step 7).
struct CalibrationRow {
    var key: String
    var calibration: HotspotCalibration

    static let header = "key,level,pl_d0_db,d0_km,n,sigma_db,samples,min_distance_km,max_distance_km"

    var line: String {
        let m = calibration.model
        let range = calibration.distanceRangeKm
        func number(_ value: Double?, _ digits: Int) -> String {
            guard let value, value.isFinite else { return "" }
            return String(format: "%.\(digits)f", value)
        }
        return [
            key, calibration.level.rawValue, number(m.referenceLossDB, 3), number(m.referenceDistanceKm, 3),
            number(m.exponent, 4), number(m.shadowingSigmaDB, 3), "\(calibration.sampleCount)",
            number(range?.lowerBound, 3), number(range?.upperBound, 3),
        ].joined(separator: ",")
    }

    static func csv(_ rows: [CalibrationRow]) -> Data {
        var text = header + "\n"
        for row in rows { text += row.line + "\n" }
        return Data(text.utf8)
    }
}

/// A staging directory inside the output directory: files are written there and renamed into place together by
/// ``commit()``; ``discard()`` removes whatever is left.
final class OutputStaging {
    let directory: String
    let path: String
    private var committed = false

    init(directory: String) throws(MapJobError) {
        self.directory = directory
        path = (directory as NSString).appendingPathComponent(".pocmap-map-\(getpid()).partial")
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
            try manager.createDirectory(atPath: path, withIntermediateDirectories: false)
        } catch {
            throw MapJobError(
                "cannot write to the output directory '\(directory)': \(error.localizedDescription); choose another "
                    + "directory or fix its permissions",
                badInput: false
            )
        }
        guard manager.isWritableFile(atPath: path) else {
            throw MapJobError(
                "the output directory '\(directory)' is not writable; choose another directory",
                badInput: false
            )
        }
    }

    /// Writes `data` as `name` into the staging directory.
    func write(_ data: Data, to name: String) throws(MapJobError) {
        let target = (path as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: target, contents: data) else {
            throw MapJobError("cannot write \(target); check free space and permissions", badInput: false)
        }
    }

    /// Renames every staged file into the output directory (each rename atomic, replacing an older file of the same
    /// name) and returns the names.
    func commit() throws(MapJobError) -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path).sorted() } catch {
            throw MapJobError("cannot list \(path): \(error.localizedDescription)", badInput: false)
        }
        for name in names {
            let from = (path as NSString).appendingPathComponent(name)
            let to = (directory as NSString).appendingPathComponent(name)
            guard rename(from, to) == 0 else {
                throw MapJobError(
                    "cannot move \(name) into \(directory): \(String(cString: strerror(errno)))",
                    badInput: false
                )
            }
        }
        committed = true
        discard()
        return names
    }

    /// Removes the staging directory and anything still in it.
    func discard() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
