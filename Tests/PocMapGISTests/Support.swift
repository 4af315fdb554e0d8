import Foundation
import PocMapGIS

/// A private `/vsimem/` directory for one test, removed afterwards.
func withMemoryScratch<R>(_ body: (String) throws -> R) throws -> R {
    let directory = VSI.temporaryMemoryPath("scratch")
    defer { try? VSI.removeDirectory(directory) }
    return try body(directory)
}

/// A private directory on disk (for tools that need a real file, such as the COG validator), removed afterwards.
func withDiskScratch<R>(_ body: (URL) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("pocmap-gis-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// Debian's interpreter with the `osgeo` bindings (GIS.md pitfall 16).
let systemPython = "/usr/bin/python3"

/// Runs a program and returns its exit status and combined output.
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `|a - b| <= tolerance`.
func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
    abs(a - b) <= tolerance
}
