import Foundation

/// The real Helium receptions of the CampusIoT datasets (Grenoble, EU868, ODbL) in `shared/realdata`: uplinks of
/// end devices (`dev_eui`) each heard by one or more hotspots, with the true device–hotspot distance.
public enum CampusIoT {
    /// One hotspot's reception of one uplink, as the dataset gives it.
    public struct Reception: Sendable {
        /// The transmitting end device (`dev_eui`).
        public var device: String
        /// The receiving hotspot's id, when given.
        public var hotspot: String?
        /// The receiving hotspot's position in degrees, when given.
        public var latitude: Double?
        public var longitude: Double?
        /// The haversine distance between device and hotspot in metres (> 0).
        public var distanceMeters: Double
        /// Received signal strength (dBm), SNR (dB, when given) and frequency (MHz, when given).
        public var rssiDBm: Double
        public var snrDB: Double?
        public var frequencyMHz: Double?
        /// When the hotspot reported it (ms since the epoch, 0 when absent).
        public var reportedAtMs: Int64
    }

    /// Every reception with a positive distance and an RSSI in the `Helium` and
    /// `TourPerret` folders (files in name order), or nil when the real-data folder is absent.
    public static func receptions() throws -> [Reception]? {
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
                let device = object["dev_eui"] as? String ?? "device"
                for hotspot in hotspots {
                    guard let distance = (hotspot["_distance"] as? [String: Any])?["_distanceHaversine"] as? Double,
                        let rssi = hotspot["rssi"] as? Double, distance > 0
                    else { continue }
                    out.append(
                        Reception(
                            device: device,
                            hotspot: hotspot["id"] as? String,
                            latitude: hotspot["lat"] as? Double,
                            longitude: hotspot["long"] as? Double,
                            distanceMeters: distance,
                            rssiDBm: rssi,
                            snrDB: hotspot["snr"] as? Double,
                            frequencyMHz: hotspot["frequency"] as? Double,
                            reportedAtMs: (hotspot["reported_at"] as? Int).map(Int64.init) ?? 0
                        )
                    )
                }
            }
        }
        return out
    }
}
