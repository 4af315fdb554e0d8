import Foundation
import Testing

@testable import PocMapCore
@testable import PocMapIO

/// A simulation written to a fresh temporary directory, read back with pocmap's own readers.
struct WrittenSimulation {
    let directory: URL
    let summary: SimulationSummary
    let network: SimulatedNetwork
    let hotspots: [Hotspot]
    let beacons: [BeaconReport]
    let witnesses: [WitnessReport]
    let faults: [[String: String]]
    let gzip: Bool

    static func make(
        _ configuration: SimulationConfiguration,
        gzip: Bool = false,
        threads: Int = 2,
        name: String = #function
    ) throws -> WrittenSimulation {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pocmap-sim-\(name.filter(\.isLetter))-\(UUID().uuidString)")
        var simulator = try NetworkSimulator(configuration: configuration)
        let writer = try SimulationWriter(directory: directory.path, gzip: gzip)
        var sink = writer
        let summary = try simulator.runParallel(into: &sink, workers: threads)
        try writer.close()
        let suffix = gzip ? ".gz" : ""
        func path(_ file: SimulationFile) -> String { directory.appendingPathComponent(file.fileName + suffix).path }
        func options(_ file: SimulationFile) -> ReaderOptions { ReaderOptions(sourceName: file.fileName + suffix) }
        func records<R>(_ reader: RecordReader<R>) throws -> [R] {
            let items = try reader.readAll()
            let rejects = items.compactMap(\.reject)
            #expect(rejects.isEmpty, "rejected lines: \(rejects.prefix(3))")
            return items.compactMap(\.record)
        }
        let hotspots = try records(HotspotReader(path: path(.hotspots), options: options(.hotspots)))
        let beacons = try records(BeaconReader(path: path(.beacons), options: options(.beacons)))
        let witnesses = try records(WitnessReader(path: path(.witnesses), options: options(.witnesses)))
        var faultText = try Data(contentsOf: URL(fileURLWithPath: path(.faults)))
        if gzip { faultText = try gunzip(faultText) }
        let faults = try faultText.split(separator: UInt8(ascii: "\n")).map { line in
            try JSONSerialization.jsonObject(with: Data(line)) as? [String: String] ?? [:]
        }
        return WrittenSimulation(
            directory: directory,
            summary: summary,
            network: simulator.network,
            hotspots: hotspots,
            beacons: beacons,
            witnesses: witnesses,
            faults: faults,
            gzip: gzip
        )
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func bytes(_ file: SimulationFile) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(file.fileName + (gzip ? ".gz" : "")))
    }
}

/// Decompresses with the system's gzip (an implementation independent of pocmap's zlib use).
func gunzip(_ data: Data) throws -> Data {
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("pocmap-gunzip-\(UUID().uuidString).gz")
    try data.write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-dc", input.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return output
}

@Suite("Simulation: written files")
struct SimulationOutputTests {
    static let small = SimulationConfiguration(hotspotCount: 600, days: 1, seed: 11, faultRate: 0.08)

    @Test("every line parses as the FORMATS.md types; keys, cells, regions, plans and times are sound")
    func structure() throws {
        let run = try WrittenSimulation.make(Self.small)
        defer { run.remove() }
        #expect(run.hotspots.count == 600)
        #expect(run.beacons.count == run.summary.beacons)
        #expect(run.witnesses.count == run.summary.witnesses)
        #expect(run.faults.count == run.summary.faultCount)
        #expect(run.witnesses.count > 2 * run.beacons.count)

        var keys = Set<String>()
        for hotspot in run.hotspots {
            #expect(keys.insert(hotspot.key).inserted, "duplicate key \(hotspot.key)")
            #expect(HeliumAddress.publicKey(of: hotspot.key) != nil, "not a base58check address: \(hotspot.key)")
            let cell = try #require(hotspot.location)
            #expect(cell.isValid && cell.resolution == 12)
            let region = try #require(hotspot.region)
            #expect(SimulationRegionPlans.plans[region] != nil)
            #expect([12, 20, 23, 30, 40, 58, 80, 90].contains(hotspot.gainTenthsDBi))
            #expect((1...90).contains(hotspot.elevationMeters))
            #expect(hotspot.isFullHotspot)
        }
        let regionOf = Dictionary(uniqueKeysWithValues: run.hotspots.map { ($0.key, $0.region) })
        let start = Int(Self.small.startMs)
        var previous = 0
        var payloads = Set<PayloadBytes>()
        for beacon in run.beacons {
            #expect(beacon.receivedTimestampMs >= previous, "beacons are in received order")
            previous = beacon.receivedTimestampMs
            #expect(beacon.receivedTimestampMs >= start && beacon.receivedTimestampMs < start + 86_400_000)
            #expect(beacon.data.count == 51)
            #expect(payloads.insert(beacon.data).inserted)
            let timestamp = try #require(beacon.timestampNs)
            let delay = beacon.receivedTimestampMs - timestamp / 1_000_000
            #expect((40...5_001).contains(delay), "ingest delay \(delay) ms")
            guard let region = regionOf[beacon.pubKey] ?? nil, let plan = SimulationRegionPlans.plans[region] else {
                continue  // an unregistered key (labelled fault)
            }
            // The channel follows the payload (POC-RULES §9 step 5) and the data rate the plan (§8).
            let channel = (Int(beacon.data[0]) + 256 * Int(beacon.data[1])) % plan.channels.count
            #expect(beacon.frequencyHz == plan.channels[channel].frequencyHz)
            #expect(beacon.dataRate == (region.rawValue == "EU868" ? .sf12bw125 : .sf9bw125))
            #expect(beacon.txPowerDBm >= 0 && beacon.txPowerDBm <= 29)
        }
        previous = 0
        let beaconByData = Dictionary(uniqueKeysWithValues: run.beacons.map { ($0.data, $0) })
        for witness in run.witnesses {
            #expect(witness.receivedTimestampMs >= previous, "witnesses are in received order")
            previous = witness.receivedTimestampMs
            let beacon = try #require(beaconByData[witness.data], "every witness joins a beacon")
            #expect(witness.receivedTimestampMs > beacon.receivedTimestampMs)
            #expect(witness.receivedTimestampMs - beacon.receivedTimestampMs <= 30_000)
            #expect(witness.dataRate == beacon.dataRate)
            #expect((-1_410...0).contains(witness.signalDeciDBm), "RSSI \(witness.signalDeciDBm) ddBm")
            #expect((-300...120).contains(witness.snrDeciDB ?? 999))
        }
    }

    @Test("the same seed gives byte-identical files, whatever the thread count; another seed differs")
    func determinism() throws {
        let a = try WrittenSimulation.make(Self.small, threads: 1)
        let b = try WrittenSimulation.make(Self.small, threads: 3)
        var other = Self.small
        other.seed = 12
        let c = try WrittenSimulation.make(other, threads: 2)
        defer { [a, b, c].forEach { $0.remove() } }
        for file in SimulationFile.allCases {
            #expect(try a.bytes(file) == b.bytes(file), "\(file.fileName) differs between runs")
        }
        for file in [SimulationFile.hotspots, .beacons, .witnesses] {
            #expect(try a.bytes(file) != c.bytes(file), "\(file.fileName) is the same for another seed")
        }
    }

    @Test("--gzip writes the same content compressed (checked with the system's gzip)")
    func gzip() throws {
        let plain = try WrittenSimulation.make(Self.small)
        let packed = try WrittenSimulation.make(Self.small, gzip: true)
        defer { [plain, packed].forEach { $0.remove() } }
        for file in [SimulationFile.hotspots, .beacons, .witnesses] {
            let compressed = try packed.bytes(file)
            #expect(compressed.prefix(2) == Data([0x1F, 0x8B]))
            #expect(try gunzip(compressed) == plain.bytes(file))
        }
        // Fault sources name the files as written.
        #expect(packed.faults.allSatisfy { ($0["source"] ?? "").contains(".ndjson.gz:") })
        #expect(plain.faults.allSatisfy { !($0["source"] ?? "").contains(".gz") })
    }
}
