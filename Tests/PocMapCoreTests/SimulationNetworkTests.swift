import Foundation
import Glibc
import Testing

@testable import PocMapCore

@Suite("Simulation: network, schedule, physics")
struct SimulationNetworkTests {
    @Test("hotspots: cities by weight, equipment tables, transmit power within the plan, valid cells")
    func generation() throws {
        let network = try SimulatedNetwork(configuration: SimulationConfiguration(hotspotCount: 6_000, seed: 4))
        #expect(network.count == 6_000)
        #expect(Set(network.registryOrder).count == 6_000)
        let cities = SimulationCity.all
        let totalWeight = cities.reduce(0) { $0 + $1.weight }
        var perCity = [Int](repeating: 0, count: cities.count)
        for hotspot in network.hotspots {
            perCity[hotspot.cityIndex] += 1
            #expect(hotspot.trueLocation == hotspot.assertedLocation)  // no faults requested
            #expect(hotspot.trueLocation.isValid && hotspot.trueLocation.resolution == 12)
            #expect(hotspot.region == cities[hotspot.cityIndex].region)
            let plan = try #require(SimulationRegionPlans.plans[hotspot.region])
            let planLimit = try plan.maxConductedPowerDBm(gainTenthsDBi: hotspot.gainTenthsDBi)
            #expect([26, 27, 28, 29].contains(hotspot.txPowerDBm) || hotspot.txPowerDBm == planLimit)
            #expect(hotspot.txPowerDBm <= planLimit)
            #expect(hotspot.indoorLossDB == 0 || (6...16).contains(hotspot.indoorLossDB))
            // Hotspots stay near their city: within 4 × 2.5 spreads of at most 150 km.
            let centre = try H3.cellToLatLng(hotspot.trueLocation)
            #expect(H3.greatCircleDistance(centre, cities[hotspot.cityIndex].centre, unit: .kilometers) < 1_500)
        }
        for (index, city) in cities.enumerated() {
            let expected = 6_000 * city.weight / totalWeight
            #expect(abs(Double(perCity[index]) - expected) < 5 * expected.squareRoot() + 5, "\(city.name)")
        }
        let gains = Dictionary(grouping: network.hotspots, by: \.gainTenthsDBi).mapValues(\.count)
        #expect(Set(gains.keys) == [12, 20, 23, 30, 40, 58, 80, 90])
        #expect(Double(gains.filter { $0.key <= 30 }.values.reduce(0, +)) / 6_000 > 0.65)  // mostly 1.2–3 dBi
        // EU868 transmit power follows the plan: 16.1 dBm EIRP minus the gain (14 dBm for 1.2 dBi).
        let european = network.hotspots.filter { $0.region.rawValue == "EU868" }
        #expect(european.allSatisfy { $0.txPowerDBm == (161 - $0.gainTenthsDBi) / 10 })
    }

    @Test("fault roles: spoofers assert 150–400 km away, farm twins within grid distance 7, colluders in pairs")
    func roles() throws {
        let network = try SimulatedNetwork(
            configuration: SimulationConfiguration(hotspotCount: 4_000, seed: 8, faultRate: 0.4)
        )
        var spoofers = 0, farms = 0, colluders = 0
        for (index, hotspot) in network.hotspots.enumerated() {
            switch hotspot.role {
            case .honest:
                #expect(hotspot.trueLocation == hotspot.assertedLocation)
            case .spoofer:
                spoofers += 1
                let distance = H3.greatCircleDistance(
                    try H3.cellToLatLng(hotspot.trueLocation),
                    try H3.cellToLatLng(hotspot.assertedLocation),
                    unit: .kilometers
                )
                #expect((149...401).contains(distance))
            case .farm(let partner):
                farms += 1
                let other = network.hotspots[Int(partner)]
                #expect(other.role == .farm(partner: Int32(index)))
                let grid = try H3.gridDistance(
                    H3.cellToParent(hotspot.assertedLocation, resolution: 11),
                    H3.cellToParent(other.assertedLocation, resolution: 11)
                )
                #expect(grid < 8)
            case .colluder(let partner, let loud):
                colluders += 1
                let other = network.hotspots[Int(partner)]
                #expect(other.role == .colluder(partner: Int32(index), loud: loud))
                #expect(other.region == hotspot.region)
                #expect(loud == (other.cityIndex == hotspot.cityIndex))
            }
        }
        // RATE 0.4: spoofers 5 %, farm twins 10 % (each with a host), colluders 10 %.
        #expect(abs(spoofers - 200) < 60)
        #expect(abs(farms - 800) < 150)
        #expect(abs(colluders - 400) < 100)
        #expect(colluders % 2 == 0 && farms % 2 == 0)
    }

    @Test("with Helium's region index, every hotspot and every spoofed location lies in its city's plan")
    func regionIndexPlacement() throws {
        guard let index = try SimulationBasicsTests.regionIndex() else {
            print("skipped: region index absent")
            return
        }
        // A sparse network spreads each city over tens of kilometres, sea included.
        let configuration = SimulationConfiguration(
            hotspotCount: 3_000,
            seed: 6,
            faultRate: 0.4,
            peakDensityPerSquareKm: 0.005
        )
        let masked = try SimulatedNetwork(configuration: configuration, regionIndex: index)
        let free = try SimulatedNetwork(configuration: configuration)
        func share(_ network: SimulatedNetwork, asserted: Bool) throws -> Double {
            var inside = 0
            for hotspot in network.hotspots {
                let cell = asserted ? hotspot.assertedLocation : hotspot.trueLocation
                let name = try index.regionName(at: try H3.cellToLatLng(cell)).flatMap { RegionName($0) }
                if name == hotspot.region { inside += 1 }
            }
            return Double(inside) / Double(network.count)
        }
        let (maskedTrue, maskedAsserted, freeTrue) = (
            try share(masked, asserted: false), try share(masked, asserted: true), try share(free, asserted: false)
        )
        print("region-index placement: masked \(maskedTrue) / asserted \(maskedAsserted), free \(freeTrue)")
        #expect(maskedTrue == 1)
        // A plan may have no land 150–400 km from a spoofer (a city-state): then the last draw is kept.
        #expect(maskedAsserted >= 0.995)
        #expect(freeTrue < 0.95)  // without the index some land in the sea
        #expect(masked.hotspots.filter(\.isSpoofer).count > 50)
    }

    @Test("schedule: one regular beacon per hotspot per 6-hour bucket, in received order, inside the bucket")
    func schedule() throws {
        let simulator = try NetworkSimulator(
            configuration: SimulationConfiguration(hotspotCount: 500, days: 2, seed: 2)
        )
        #expect(simulator.bucketCount == 8)
        for bucket in [0, 5] {
            let beacons = simulator.schedule(bucket: bucket)
            #expect(beacons.count == 500)
            #expect(Set(beacons.map(\.transmitter)).count == 500)
            let start = SimulationConfiguration().startMs + Int64(bucket) * PoCRules.beaconIntervalMs
            #expect(
                beacons.allSatisfy { PoCRules.beaconBucket($0.receivedTimestampMs) == PoCRules.beaconBucket(start) }
            )
            #expect(zip(beacons, beacons.dropFirst()).allSatisfy { $0.receivedTimestampMs <= $1.receivedTimestampMs })
            #expect(Set(beacons.map(\.serial)).count == 500)
        }
        // Uniform over the bucket: the mean offset is 3 h ± 5 standard errors.
        let offsets = simulator.schedule(bucket: 1).map {
            Double($0.receivedTimestampMs - SimulationConfiguration().startMs - PoCRules.beaconIntervalMs)
        }
        let mean = offsets.reduce(0, +) / Double(offsets.count)
        #expect(abs(mean - 10_800_000) < 5 * 6_235_383 / Double(offsets.count).squareRoot())
    }

    @Test("the start is aligned to a bucket boundary and bad settings are typed errors")
    func configuration() throws {
        var configuration = SimulationConfiguration(hotspotCount: 10, startMs: 1_685_577_600_000 + 3_600_000)
        let network = try SimulatedNetwork(configuration: configuration)
        #expect(network.configuration.startMs == 1_685_577_600_000)
        configuration.hotspotCount = 0
        #expect(throws: SimulationError.self) { try SimulatedNetwork(configuration: configuration) }
        configuration.hotspotCount = 10
        configuration.faultRate = 1.5
        #expect(throws: SimulationError.self) { try SimulatedNetwork(configuration: configuration) }
        configuration.faultRate = 0
        configuration.cities = []
        #expect(throws: SimulationError.self) { try SimulatedNetwork(configuration: configuration) }
    }

    @Test("clean links stay within the rules and no report is refused; witnesses per beacon are realistic")
    func cleanRun() throws {
        let (simulator, sink) = try CollectingSink.run(SimulationConfiguration(hotspotCount: 3_000, days: 1, seed: 9))
        #expect(sink.faults.isEmpty)
        #expect(simulator.cleanReportsRefused == 0)
        #expect(sink.hotspots.count == 3_000)
        #expect(sink.beacons.count == 12_000)
        let perBeacon = Double(sink.witnesses.count) / Double(sink.beacons.count)
        #expect((4...25).contains(perBeacon), "\(perBeacon) witnesses per beacon")
        #expect(sink.hotspots.map(\.line) == Array(2...3_001))
        #expect(sink.beacons.map(\.line) == Array(1...12_000))
        #expect(sink.witnesses.map(\.line) == Array(1...sink.witnesses.count))
        // The summary's count of reports passing checks 1–12 covers all witnesses of valid beacons.
        #expect(simulator.summary.witnessesPassingChecks <= sink.witnesses.count)
        #expect(simulator.summary.validBeacons > 8_000)
    }

    @Test("faulty runs: labels are sound and no clean report is refused", arguments: [0.05, 0.3, 1.0])
    func faultyRun(rate: Double) throws {
        let configuration = SimulationConfiguration(hotspotCount: 1_500, days: 1, seed: 12, faultRate: rate)
        let (simulator, sink) = try CollectingSink.run(configuration)
        #expect(simulator.cleanReportsRefused == 0)
        #expect(!sink.faults.isEmpty)
        #expect(sink.faults.allSatisfy { $0.line >= 1 })
        #expect(sink.faults.filter { $0.file == .beacons }.allSatisfy { $0.line <= sink.beacons.count })
        #expect(sink.faults.filter { $0.file == .witnesses }.allSatisfy { $0.line <= sink.witnesses.count })
        let labelled = Set(sink.faults.map { "\($0.file.rawValue):\($0.line)" })
        #expect(labelled.count == sink.faults.count, "one label per report")
        #expect(simulator.summary.faultCount == sink.faults.count)
    }

    /// The witness RSSI follows the link model: normalising each report by the known EIRP and receive antenna,
    /// the observed loss regressed on log-distance gives back n and σ. Only links whose median margin exceeds the
    /// truncation (3σ) enter the fit, so every such link is decoded (except random packet loss) and the sample is
    /// not censored (RADIO.md §12 step 6).
    @Test(
        "physics consistency: the fit of simulated witnesses recovers n (±0.1) and σ (±0.5 dB)",
        arguments: ["flora-urban", "oulu"]
    )
    func physicsConsistency(identifier: String) throws {
        guard case .logDistance(let model)? = PathLossModel(identifier: identifier) else {
            Issue.record("not a log-distance preset")
            return
        }
        let configuration = SimulationConfiguration(
            hotspotCount: 3_000,
            days: 1,
            seed: 17,
            cities: [try #require(SimulationCity.named("Denver"))],
            pathLoss: model,
            peakDensityPerSquareKm: 0.5
        )
        let (simulator, sink) = try CollectingSink.run(configuration)
        let network = simulator.network
        let index = Dictionary(uniqueKeysWithValues: network.hotspots.enumerated().map { ($1.key, $0) })
        let beacons = Dictionary(uniqueKeysWithValues: sink.beacons.map { ($0.data, $0) })
        let us915 = try #require(RegionName("US915"))
        let plan = try #require(SimulationRegionPlans.plans[us915])
        let rate = try plan.dataRate(forPacketSize: 51)
        let sensitivity = try #require(LoRaModulation(spreadingFactor: rate.spreadingFactor ?? 0)).sensitivityDBm()
        var distances: [Double] = [], losses: [Double] = []
        for witness in sink.witnesses {
            guard let beacon = beacons[witness.data], let t = index[beacon.key], let r = index[witness.key] else {
                continue
            }
            let d = H3.greatCircleDistance(
                try H3.cellToLatLng(network.hotspots[t].trueLocation),
                try H3.cellToLatLng(network.hotspots[r].trueLocation),
                unit: .kilometers
            )
            let eirp = Double(beacon.txPowerDBm) + network.hotspots[t].netAntennaDB
            let budget = eirp + network.hotspots[r].netAntennaDB - sensitivity
            // Uncensored links only, and away from the free-space floor (RADIO.md §1).
            guard budget - model.lossDB(distanceKm: d) >= 3 * model.shadowingSigmaDB + 0.5,
                model.lossDB(distanceKm: d)
                    - FreeSpace.lossDB(distanceKm: d, frequencyMHz: Double(beacon.frequencyHz) / 1e6)
                    >= 3 * model.shadowingSigmaDB,
                d >= 0.1
            else { continue }
            distances.append(d)
            losses.append(eirp + network.hotspots[r].netAntennaDB - Double(witness.signalDeciDBm) / 10)
        }
        #expect(distances.count > 2_000, "\(distances.count) uncensored links")
        let fit = try LogDistanceFit.fit(
            distancesKm: distances,
            values: losses,
            quantity: .pathLoss,
            options: .init(minimumSpreadDecades: 0.3, exponentRange: 1...6, trimFraction: 0)
        )
        #expect(abs(fit.exponent - model.exponent) <= 0.1, "n = \(fit.exponent), model \(model.exponent)")
        // Shadowing is a normal truncated at 3σ (standard deviation 0.9866σ); RSSI is floored to 0.1 dB.
        #expect(abs(fit.sigmaDB - 0.9866 * model.shadowingSigmaDB) <= 0.5, "σ = \(fit.sigmaDB)")
        #expect(
            abs(fit.interceptAtOneKm - model.referenceLossDB - 10 * model.exponent * -log10(model.referenceDistanceKm))
                <= 1.0
        )
    }
}
