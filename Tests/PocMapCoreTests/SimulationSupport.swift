@testable import PocMapCore

/// A sink that keeps every record in memory (small simulations only).
struct CollectingSink: SimulationSink {
    typealias Failure = Never

    var hotspots: [SimulatedHotspotRecord] = []
    var beacons: [SimulatedBeacon] = []
    var witnesses: [SimulatedWitness] = []
    var faults: [SimulatedFault] = []

    mutating func write(hotspot: SimulatedHotspotRecord) { hotspots.append(hotspot) }
    mutating func write(beacon: SimulatedBeacon) { beacons.append(beacon) }
    mutating func write(witness: SimulatedWitness) { witnesses.append(witness) }
    mutating func write(fault: SimulatedFault) { faults.append(fault) }

    /// Runs a whole simulation into a new sink.
    static func run(_ configuration: SimulationConfiguration) throws -> (NetworkSimulator, CollectingSink) {
        var simulator = try NetworkSimulator(configuration: configuration)
        var sink = CollectingSink()
        _ = simulator.run(into: &sink)
        return (simulator, sink)
    }
}
