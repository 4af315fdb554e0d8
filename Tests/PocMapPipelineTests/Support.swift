import Foundation
import PocMapCore
import PocMapIO
import Testing

@testable import PocMapPipeline

/// A scratch directory removed by `remove()`.
struct Scratch {
    let url: URL

    init(_ name: String = #function) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pocmap-verify-\(name.filter(\.isLetter))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
    }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: url.appendingPathComponent(name)), as: UTF8.self)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Writes a simulated network into this directory (hotspots.csv, beacons.ndjson, witnesses.ndjson,
    /// faults.ndjson).
    func simulate(_ configuration: SimulationConfiguration, subdirectory: String = "") throws -> SimulationSummary {
        let directory = subdirectory.isEmpty ? url.path : path(subdirectory)
        var simulator = try NetworkSimulator(configuration: configuration)
        let writer = try SimulationWriter(directory: directory, gzip: false)
        var sink = writer
        let summary = try simulator.runParallel(into: &sink, workers: 2)
        try writer.close()
        return summary
    }

    /// Options for the three standard files in `directory` (relative), output to `out`.
    func options(in directory: String = "", out: String) -> VerifyOptions {
        let base = directory.isEmpty ? url.path : path(directory)
        return VerifyOptions(
            hotspotsPath: base + "/hotspots.csv",
            beaconsPath: base + "/beacons.ndjson",
            witnessesPath: base + "/witnesses.ndjson",
            outputDirectory: path(out)
        )
    }
}

/// The lines of an NDJSON text as dictionaries.
func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}

/// A 51-byte payload, base64, distinct per seed.
func payload(_ seed: Int) -> String {
    Data((0..<51).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7 &+ 1) }).base64EncodedString()
}

/// A tiny registry: hotspots about 1–3 km apart near Lisbon, all US915 so the default plans apply.
let smallRegistry = """
    key,lat,lng,gain,region
    alpha,38.7223,-9.1393,12,US915
    bravo,38.7350,-9.1393,12,US915
    charlie,38.7223,-9.1200,12,US915
    delta,38.7100,-9.1500,12,US915
    echo,38.7400,-9.1600,12,US915

    """

func beaconLine(_ key: String, _ ms: Int, _ data: String, frequency: Int = 904_100_000) -> String {
    #"{"pub_key":"\#(key)","received_timestamp":\#(ms),"data":"\#(data)","frequency":\#(frequency),"datarate":"SF9BW125","tx_power":27}"#
}

func witnessLine(_ key: String, _ ms: Int, _ data: String, signal: Int = -1100, frequency: Int = 904_100_000) -> String
{
    #"{"pub_key":"\#(key)","received_timestamp":\#(ms),"data":"\#(data)","signal":\#(signal),"snr":50,"frequency":\#(frequency),"datarate":"SF9BW125"}"#
}

/// Runs a job on hand-written files in `scratch`.
func runSmall(
    _ scratch: Scratch,
    beacons: [String],
    witnesses: [String],
    out: String = "out",
    configure: (inout VerifyOptions) -> Void = { _ in }
) throws -> (report: VerifyReport, verdicts: [[String: Any]]) {
    try scratch.write("hotspots.csv", smallRegistry)
    try scratch.write("beacons.ndjson", beacons.joined(separator: "\n") + "\n")
    try scratch.write("witnesses.ndjson", witnesses.joined(separator: "\n") + "\n")
    var options = scratch.options(out: out)
    options.threads = 1
    configure(&options)
    let report = try VerifyJob(options: options).run()
    return (report, try jsonLines(try scratch.read(out + "/verdicts.ndjson")))
}
