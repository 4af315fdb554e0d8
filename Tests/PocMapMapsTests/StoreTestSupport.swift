import Foundation
import PocMapCore
import PocMapGIS
import PocMapMaps

/// Helpers of the store tests (names prefixed so they cannot collide with other suites of this target).
enum StoreTestSupport {
    /// A private `/vsimem/` directory for one test, removed afterwards.
    static func withMemoryDirectory<R>(_ body: (String) throws -> R) throws -> R {
        let directory = VSI.temporaryMemoryPath("store")
        defer { try? VSI.removeDirectory(directory) }
        return try body(directory)
    }

    /// A private directory on disk, removed afterwards.
    static func withDiskDirectory<R>(_ body: (URL) throws -> R) throws -> R {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pocmap-store-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    static func cell(_ latitude: Double, _ longitude: Double, _ resolution: Int = 8) throws -> H3Cell {
        try H3.latLngToCell(LatLng(latitudeDegrees: latitude, longitudeDegrees: longitude), resolution: resolution)
    }

    /// A cell whose boundary crosses the antimeridian (some edge spans more than 180° of longitude) near (lat, 180).
    static func antimeridianCell(latitude: Double, resolution: Int) throws -> H3Cell? {
        let origin = try cell(latitude, 179.9999, resolution)
        for candidate in try H3.gridDisk(origin, k: 2) {
            let boundary = try H3.cellToBoundary(candidate).map(\.longitudeDegrees)
            if (boundary.max() ?? 0) - (boundary.min() ?? 0) > 180 { return candidate }
        }
        return nil
    }

    /// Planar (shoelace) area of a ring in degrees², absolute.
    static func area(_ ring: [Point2D]) -> Double {
        var sum = 0.0
        for index in ring.indices {
            let next = ring[(index + 1) % ring.count]
            sum += ring[index].x * next.y - next.x * ring[index].y
        }
        return abs(sum) / 2
    }

    /// Runs a program and returns its exit status and combined output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
