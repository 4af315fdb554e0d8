import Foundation
import PocMapCore

@testable import PocMapIO

/// A witness line with every field, as raw JSON values; override or remove (nil) fields by name.
func witnessLine(_ overrides: [String: String?] = [:]) -> String {
    jsonLine(
        [
            ("pub_key", #""11xHRM14WPH9AmAC2gGqHHj4esGKcViWLdQL83mcVNRRdhftJf""#),
            ("received_timestamp", "1675572018067"),
            ("data", #""AAECAwQFBgcICQ==""#),
            ("signal", "-1060"),
            ("snr", "55"),
            ("frequency", "904500000"),
            ("datarate", #""SF9BW125""#),
            ("timestamp", "1675572017755703935"),
            ("tmst", "3694808522"),
        ],
        overrides
    )
}

/// A beacon line with every field, as raw JSON values.
func beaconLine(_ overrides: [String: String?] = [:]) -> String {
    jsonLine(
        [
            ("pub_key", #""112pBk8HX5gaeQHR62gYzRAcLgWUBTtGM2iVGWX4ePGDDRXnHo57""#),
            ("received_timestamp", "1675572018067"),
            ("data", #""AAECAwQFBgcICQ==""#),
            ("frequency", "903900000"),
            ("datarate", #""SF7BW125""#),
            ("tx_power", "21"),
            ("timestamp", "1675572017755703935"),
            ("tmst", "0"),
            ("local_entropy", #""6UYZsA==""#),
            ("remote_entropy", #""tqo/gNk1XxOdmYYmuNH/F3bNo2rhGhAAao1RZUYnawk=""#),
            ("entropy_timestamp", "1677163710"),
            ("entropy_version", "0"),
        ],
        overrides
    )
}

func jsonLine(_ base: [(String, String)], _ overrides: [String: String?]) -> String {
    var fields: [String] = []
    for (key, value) in base {
        if let override = overrides[key] {
            if let override { fields.append("\"\(key)\":\(override)") }
        } else {
            fields.append("\"\(key)\":\(value)")
        }
    }
    for (key, value) in overrides.sorted(by: { $0.key < $1.key }) where !base.contains(where: { $0.0 == key }) {
        if let value { fields.append("\"\(key)\":\(value)") }
    }
    return "{" + fields.joined(separator: ",") + "}"
}

func readWitnesses(_ text: String, name: String = "w.ndjson", options: ReaderOptions = ReaderOptions()) throws
    -> [ReadResult<WitnessReport>]
{
    try WitnessReader(bytes: Array(text.utf8), name: name, options: options).readAll()
}

func readBeacons(_ text: String, name: String = "b.ndjson", options: ReaderOptions = ReaderOptions()) throws
    -> [ReadResult<BeaconReport>]
{
    try BeaconReader(bytes: Array(text.utf8), name: name, options: options).readAll()
}

func readHotspots(_ text: String, name: String = "h.ndjson", options: ReaderOptions = ReaderOptions()) throws
    -> [ReadResult<Hotspot>]
{
    try HotspotReader(bytes: Array(text.utf8), name: name, options: options).readAll()
}

/// The single witness decoded from one line, or nil when rejected.
func witness(_ line: String) throws -> WitnessReport? {
    try readWitnesses(line + "\n").first?.record
}

/// The reject reason for one witness line, or nil when it decodes.
func witnessError(_ line: String) throws -> String? {
    try readWitnesses(line + "\n").first?.reject?.error
}

func beaconError(_ line: String) throws -> String? {
    try readBeacons(line + "\n").first?.reject?.error
}

func hotspotError(_ line: String, name: String = "h.ndjson", options: ReaderOptions = ReaderOptions()) throws -> String?
{
    try readHotspots(line + "\n", name: name, options: options).first?.reject?.error
}

/// A fresh temporary directory, removed by the caller with `cleanUp`.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "pocmap-io-\(UUID().uuidString)",
        isDirectory: true
    )
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Compresses `bytes` with the system `gzip` tool.
func gzipWithTool(_ bytes: [UInt8], in directory: URL, name: String = "input") throws -> [UInt8] {
    let plain = directory.appendingPathComponent(name)
    try Data(bytes).write(to: plain)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-n", "-c", plain.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    return [UInt8](output)
}

/// A small seeded generator (SplitMix64) for reproducible random tests.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
