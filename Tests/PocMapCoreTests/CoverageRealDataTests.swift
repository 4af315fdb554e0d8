import Foundation
import Testing
import _PocMapTestSupport

@testable import PocMapCore

/// Calibration on real Helium receptions in Grenoble (CampusIoT datasets, EU868, ODbL): end devices transmit,
/// hotspots receive, so the receiving hotspot is the calibration unit exactly as in a coverage map.
@Suite("Coverage: calibration on real receptions")
struct CoverageRealDataTests {
    private func receptions() throws -> [WitnessReception]? {
        guard let all = try CampusIoT.receptions() else { return nil }
        var out: [WitnessReception] = []
        for reception in all {
            guard let id = reception.hotspot, let lat = reception.latitude, let lng = reception.longitude else { continue }
            let cell = try H3.latLngToCell(LatLng(latitudeDegrees: lat, longitudeDegrees: lng), resolution: 12)
            out.append(
                WitnessReception(
                    beaconerKey: reception.device,
                    beaconerLocation: nil,
                    witnessKey: id,
                    witnessLocation: cell,
                    rssiDBm: reception.rssiDBm,
                    snrDB: reception.snrDB,
                    status: .valid,
                    timestampMs: reception.reportedAtMs,
                    distanceMeters: reception.distanceMeters
                )
            )
        }
        return out
    }

    /// Predicted RSSI with the calibration's assumptions (16.15 dBm EIRP, 1.2 dBi receive gain, 868 MHz), the loss
    /// floored at free space as in coverage maps.
    private func predicted(_ model: LogDistance, km: Double) -> Double {
        let loss = max(model.lossDB(distanceKm: km), FreeSpace.lossDB(distanceKm: km, frequencyMHz: 868))
        return LinkBudget.eirpDBm(erpDBm: 14) + 1.2 - loss
    }

    private func rmse(_ receptions: [WitnessReception], _ model: (WitnessReception) -> LogDistance) -> Double {
        var squares = 0.0
        for r in receptions { squares += pow(predicted(model(r), km: r.distanceKm ?? 0) - r.rssiDBm, 2) }
        return (squares / Double(receptions.count)).squareRoot()
    }

    @Test("calibrated log-distance beats the Oulu preset: in sample and forward in time; hotspot hold-out reported")
    func calibratedBeatsOulu() throws {
        guard let all = try receptions() else {
            print("skipped: CampusIoT realdata folder is absent")
            return
        }
        let usable = all.filter { ($0.distanceKm ?? 0) >= 0.1 }
        #expect(usable.count > 50_000)
        let oulu = rmse(usable) { _ in .oulu }

        // 1. In sample: each hotspot's own (shrunk) calibration.
        let full = try LogDistanceCalibration.calibrate(usable)
        let inSample = rmse(usable) { full.calibration(forHotspot: $0.witnessKey, location: $0.witnessLocation).model }

        // 2. Forward in time, as a map is used: calibrate on the earlier half of the receptions, predict the later
        //    half (hotspots first seen later fall back to their region or the preset).
        let ordered = usable.sorted { $0.timestampMs < $1.timestampMs }
        let past = Array(ordered[..<(ordered.count / 2)]), future = Array(ordered[(ordered.count / 2)...])
        let earlier = try LogDistanceCalibration.calibrate(past)
        let forward = rmse(future) {
            earlier.calibration(forHotspot: $0.witnessKey, location: $0.witnessLocation).model
        }
        let ouluFuture = rmse(future) { _ in .oulu }

        // 3. Hotspots held out (5 folds by hotspot): only the regional fit can help an unseen hotspot.
        let hotspots = Set(usable.map(\.witnessKey)).sorted()
        let fold = Dictionary(uniqueKeysWithValues: hotspots.enumerated().map { ($1, $0 % 5) })
        var squares = 0.0
        for k in 0..<5 {
            let calibration = try LogDistanceCalibration.calibrate(usable.filter { fold[$0.witnessKey] != k })
            let test = usable.filter { fold[$0.witnessKey] == k }
            let fit = rmse(test) {
                calibration.calibration(forHotspot: $0.witnessKey, location: $0.witnessLocation).model
            }
            squares += fit * fit * Double(test.count)
        }
        let heldOut = (squares / Double(usable.count)).squareRoot()
        var levels: [String: Int] = [:]
        for calibration in full.hotspots.values { levels[calibration.level.rawValue, default: 0] += 1 }
        print(
            """
            CampusIoT Grenoble, \(usable.count) receptions >= 100 m by \(hotspots.count) hotspots (levels \(levels.sorted { $0.key < $1.key })):
              RMSE in sample: calibrated \(inSample) dB, Oulu preset \(oulu) dB
              RMSE forward in time (later half): calibrated \(forward) dB, Oulu preset \(ouluFuture) dB
              RMSE hotspots held out (5 folds): regional calibration \(heldOut) dB, Oulu preset \(oulu) dB
            """
        )
        #expect(inSample < oulu)
        #expect(forward < ouluFuture)
        #expect(full.hotspots.values.contains { $0.level == .shrunk })
    }
}
