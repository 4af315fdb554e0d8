import Foundation
import Testing
import _PocMapTestSupport

@testable import PocMapCore

/// Real Helium receptions in Grenoble (CampusIoT datasets, EU868, ODbL): distances from true positions, RSSI
/// measured by real hotspots. The physics must not call genuine links impossible.
@Suite("Physics: real receptions")
struct PhysicsRealDataTests {
    private struct Reception {
        var distanceMeters: Double
        var rssiDBm: Double
        var frequencyMHz: Double
    }

    private func receptions() throws -> [Reception]? {
        let folder = TestPaths.realData("CampusIoT__datasets")
        guard FileManager.default.fileExists(atPath: folder.path) else { return nil }
        var files: [URL] = []
        for sub in ["Helium", "TourPerret"] {
            let dir = folder.appendingPathComponent(sub)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            files += names.filter { $0.hasSuffix(".ndjson.gz") }.sorted().map { dir.appendingPathComponent($0) }
        }
        var out: [Reception] = []
        for file in files {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/gzip")
            process.arguments = ["-dc", file.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                    let hotspots = object["hotspots"] as? [[String: Any]]
                else { continue }
                for hotspot in hotspots {
                    guard let distance = (hotspot["_distance"] as? [String: Any])?["_distanceHaversine"] as? Double,
                        let rssi = hotspot["rssi"] as? Double, let frequency = hotspot["frequency"] as? Double,
                        distance > 0
                    else { continue }
                    out.append(Reception(distanceMeters: distance, rssiDBm: rssi, frequencyMHz: frequency))
                }
            }
        }
        return out
    }

    @Test("no more than 0.1 % of 54,803 genuine receptions beat free space with 16.15 dBm EIRP and a 9 dBi antenna")
    func freeSpaceIsAnUpperBound() throws {
        guard let receptions = try receptions() else {
            print("skipped: CampusIoT realdata folder is absent")
            return
        }
        #expect(receptions.count == 54_803)
        // EU868 end devices: 14 dBm ERP = 16.15 dBm EIRP; the largest common hotspot antenna is about 9 dBi.
        var louder = 0
        for r in receptions {
            let bound = LinkBudget.receivedPowerDBm(
                eirpDBm: LinkBudget.eirpDBm(erpDBm: 14),
                receiverGainDBi: 9,
                pathLossDB: FreeSpace.lossDB(distanceKm: r.distanceMeters / 1000, frequencyMHz: r.frequencyMHz)
            )
            if r.rssiDBm > bound { louder += 1 }
        }
        // The handful above the bound (6 at the time of writing) are hotspots with misplaced locations.
        #expect(louder * 1000 <= receptions.count)
        // The SF12 sensitivity (−137 dBm, RADIO §8) is a soft limit: real radios decode a little below it
        // (206 of 54,803 here, down to −148 dBm), so it may misjudge at most 0.5 % of genuine receptions.
        let sf12 = try #require(LoRaModulation(spreadingFactor: 12))
        let below = receptions.filter { $0.rssiDBm < sf12.sensitivityDBm() }.count
        #expect(below * 200 <= receptions.count)
        #expect(below > 0)
    }
}
