import Glibc

/// One beacon transmission planned for a 6-hour bucket: when its report reaches the network and who sends it.
/// Produced by ``NetworkSimulator/schedule(bucket:)`` in received order.
public struct ScheduledBeacon: Hashable, Sendable {
    enum Kind: UInt8, Hashable, Sendable {
        /// The hotspot's one beacon of the bucket.
        case regular
        /// A second beacon in the same bucket (`extra_beacon` fault).
        case extra
        /// A beacon from an unregistered device next to `transmitter` (`unknown_beacon_key` fault).
        case ghost
    }

    /// When the network received the beacon report, ms since the epoch.
    public let receivedTimestampMs: Int64
    /// The transmission time by the hotspot's clock, ns since the epoch.
    let airTimeNs: Int64
    /// The hotspot whose position and equipment transmit (the neighbour of a ghost).
    let transmitter: Int32
    let kind: Kind
    let bucket: Int32
    /// A number unique to this beacon within the run (its random stream).
    public let serial: UInt64
}

/// What happened on air for one beacon: its payload and channel, and who decoded it with what signal.
/// A pure function of the network and the scheduled beacon (``NetworkSimulator/air(for:scratch:)``), so many can
/// be computed in parallel.
public struct BeaconAir: Sendable {
    struct Reception: Sendable {
        var receiver: Int32
        var rssiDBm: Double
        var snrDB: Double
        var delayMs: Int32
        var distanceKm: Double
        /// The receiver's address, copied here by the (parallel) air stage so that the sequential stage does not
        /// wait for its cache line.
        var key: HeliumAddress
    }

    let data: PayloadBytes
    let frequencyHz: Int
    let receptions: [Reception]
    /// Receivers examined (inside a class's search disc) and those past the reach/horizon pre-filter.
    let examined: Int
    let prefiltered: Int

    /// How many hotspots decoded the beacon (before faults are injected and rule limits applied).
    public var receptionCount: Int { receptions.count }
}

/// Reusable working memory for ``NetworkSimulator/air(for:scratch:)`` (one per thread).
public struct AirScratch: Sendable {
    var hits: [SpatialGrid.BucketHit] = []

    /// Empty working memory.
    public init() {}
}

/// The simulator: turns a ``SimulatedNetwork`` into registry rows, beacon and witness reports in received order,
/// and labels for every injected fault, streaming them into a ``SimulationSink``.
///
/// Memory stays bounded by the network and one 6-hour bucket of schedule: beacons are produced bucket by bucket in
/// received order, witness reports wait in a small time-ordered queue until no earlier report can follow.
///
/// Every label's expected reason is computed by applying the `helium-2024` rules (POC-RULES §2–§4) to the
/// report exactly as written, with the same H3 grid distance, haversine and free-space bound as the verifier, and
/// tracking the verifier's schedule and reciprocity state beacon by beacon. Clean reports are kept within the
/// rules: pairs closer than the minimum grid distance do not report each other, and an RSSI that would exceed
/// the free-space bound (possible only through the bound's truncated antenna gains) is lowered below it.
///
/// ```swift
/// var simulator = try NetworkSimulator(configuration: SimulationConfiguration(hotspotCount: 500, seed: 7))
/// let summary = try simulator.run(into: &sink)
/// ```
public struct NetworkSimulator: Sendable {
    /// The size of a Helium beacon payload, bytes.
    public static let payloadSize = 51
    /// The indices of unregistered keys start here (registered hotspots use 0..<count).
    static let unknownKeyBase: UInt64 = 1 << 40

    /// The network being simulated.
    public let network: SimulatedNetwork

    private static let none = Int64.min
    private var lastBeaconBucket: [Int64]
    private var lastWitnessMs: [Int64]
    /// Duplicate detection: the PoC stamp in which each hotspot last reported.
    private var seenStamp: [UInt32]
    private var pocStamp: UInt32 = 0
    private var pending = WitnessQueue()
    private var beaconLine = 0
    private var witnessLine = 0
    private var hotspotsWritten = false
    /// What has been written so far.
    public private(set) var summary = SimulationSummary()
    /// Clean reports the rule check refused (always 0 unless the simulator has a bug; tests assert it).
    public private(set) var cleanReportsRefused = 0

    /// Builds the network of `configuration` (placed within Helium's region index when one is given; see
    /// ``SimulatedNetwork/init(configuration:regionIndex:)``) and an empty state.
    public init(configuration: SimulationConfiguration, regionIndex: RegionIndex? = nil) throws(SimulationError) {
        try self.init(network: SimulatedNetwork(configuration: configuration, regionIndex: regionIndex))
    }

    /// Simulates an already generated network.
    public init(network: SimulatedNetwork) {
        self.network = network
        lastBeaconBucket = [Int64](repeating: NetworkSimulator.none, count: network.count)
        lastWitnessMs = [Int64](repeating: NetworkSimulator.none, count: network.count)
        seenStamp = [UInt32](repeating: 0, count: network.count)
    }

    /// The number of 6-hour buckets simulated (4 per day).
    public var bucketCount: Int { network.configuration.days * 4 }

    // MARK: Whole run

    /// Runs the whole simulation into `sink`, single-threaded: registry, then every bucket's beacons and witnesses,
    /// then the remaining queued witnesses.
    public mutating func run<Sink: SimulationSink>(into sink: inout Sink) throws(Sink.Failure) -> SimulationSummary {
        try writeRegistry(into: &sink)
        var scratch = AirScratch()
        for bucket in 0..<bucketCount {
            for beacon in schedule(bucket: bucket) {
                let air = air(for: beacon, scratch: &scratch)
                try emit(beacon, air: air, into: &sink)
            }
        }
        try finish(into: &sink)
        return summary
    }

    /// Writes the registry (`hotspots.csv`) rows; call once, before the first ``emit(_:air:into:)``.
    public mutating func writeRegistry<Sink: SimulationSink>(into sink: inout Sink) throws(Sink.Failure) {
        guard !hotspotsWritten else { return }
        hotspotsWritten = true
        for (row, position) in network.registryOrder.enumerated() {
            let hotspot = network.hotspots[position]
            let index = row
            try sink.write(
                hotspot: SimulatedHotspotRecord(
                    line: index + 2,
                    key: hotspot.key,
                    location: hotspot.assertedLocation,
                    gainTenthsDBi: hotspot.gainTenthsDBi,
                    elevationMeters: hotspot.elevationMeters,
                    region: hotspot.region
                )
            )
        }
        summary.hotspots = network.count
    }

    /// Writes every queued witness report; call once at the end.
    public mutating func finish<Sink: SimulationSink>(into sink: inout Sink) throws(Sink.Failure) {
        try flushWitnesses(through: Int64.max, into: &sink)
    }

    // MARK: Stage 1: the schedule

    /// The beacons of one 6-hour bucket, in received order: one per hotspot at a uniformly random moment of the
    /// bucket (as gateway-rs schedules them), plus the injected extra and unregistered beacons.
    public func schedule(bucket: Int) -> [ScheduledBeacon] {
        let configuration = network.configuration
        let interval = PoCRules.beaconIntervalMs
        let bucketStart = configuration.startMs + Int64(bucket) * interval
        let rate = configuration.faultRate
        var random = SimulationRandom(
            seed: configuration.seed,
            stream: SimulationStream.schedule.rawValue,
            substream: UInt64(bucket)
        )
        var events: [(ms: Int64, air: Int64, transmitter: Int32, kind: ScheduledBeacon.Kind)] = []
        events.reserveCapacity(network.count + network.count / 16)
        for hotspot in 0..<network.count {
            let received = bucketStart + Int64(random.nextIndex(below: Int(interval)))
            events.append((received, airTime(received: received, random: &random), Int32(hotspot), .regular))
            guard rate > 0 else { continue }
            if random.nextBool(probability: rate / 8) {
                let room = bucketStart + interval - 1 - received
                if room > 2_000 {
                    let extra = received + 1_000 + Int64(random.nextIndex(below: Int(room - 1_000)))
                    events.append((extra, airTime(received: extra, random: &random), Int32(hotspot), .extra))
                }
            }
            if random.nextBool(probability: rate / 8) {
                let ghost = bucketStart + Int64(random.nextIndex(below: Int(interval)))
                events.append((ghost, airTime(received: ghost, random: &random), Int32(hotspot), .ghost))
            }
        }
        events.sort {
            if $0.ms != $1.ms { return $0.ms < $1.ms }
            if $0.transmitter != $1.transmitter { return $0.transmitter < $1.transmitter }
            return $0.kind.rawValue < $1.kind.rawValue
        }
        return events.enumerated().map { position, event in
            ScheduledBeacon(
                receivedTimestampMs: event.ms,
                airTimeNs: event.air,
                transmitter: event.transmitter,
                kind: event.kind,
                bucket: Int32(bucket),
                serial: UInt64(bucket) << 32 | UInt64(position)
            )
        }
    }

    /// The transmission time of a beacon received at `received`: an ingest delay (log-normal, median 385 ms,
    /// 95 % below about 1.4 s, as in the Feb 2023 oracle sample) earlier, in ns with a random sub-millisecond part.
    private func airTime(received: Int64, random: inout SimulationRandom) -> Int64 {
        let delay = Int64(min(max(random.nextLogNormal(mu: log(385.0), sigma: 0.78), 40), 5_000))
        return (received - delay) * 1_000_000 - Int64(random.nextIndex(below: 1_000_000))
    }

    // MARK: Stage 2: the air (pure, parallelisable)

    /// Who decodes a beacon, with what RSSI and SNR: the log-distance model with truncated log-normal shadowing,
    /// floored at free space, within the radio horizon, against each receiver's sensitivity for the plan's data
    /// rate. `scratch` is reused between calls to avoid allocations.
    public func air(for beacon: ScheduledBeacon, scratch: inout AirScratch) -> BeaconAir {
        NetworkSimulator.air(in: network, for: beacon, scratch: &scratch)
    }

    /// ``air(for:scratch:)`` as a function of the network alone (what parallel workers capture).
    public static func air(in net: SimulatedNetwork, for beacon: ScheduledBeacon, scratch: inout AirScratch)
        -> BeaconAir
    {
        let configuration = net.configuration
        let t = Int(beacon.transmitter)
        var random = SimulationRandom(
            seed: configuration.seed,
            stream: SimulationStream.beacon.rawValue,
            substream: UInt64(beacon.bucket),
            item: beacon.serial
        )

        // Payload and channel (the channel follows the payload as in Helium's derivation, POC-RULES §9 step 5).
        var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
            random.next(), random.next(), random.next(), random.next(), random.next(), random.next(), random.next()
        )
        let data = withUnsafeBytes(of: &words) {
            PayloadBytes(UnsafeRawBufferPointer(rebasing: $0[0..<NetworkSimulator.payloadSize]))
        }
        let code = Int(net.regionCode[t])
        let plan = net.plans[code]
        let channel = (Int(data[0]) + 256 * Int(data[1])) % plan.channels.count
        let frequencyHz = plan.channels[channel].frequencyHz
        let rate = net.planDataRates[code]
        let bandwidth = Double(rate.bandwidthHz ?? 125_000)
        let spreadingFactor = Double(rate.spreadingFactor ?? 9)
        let noiseFloor =
            RadioConstants.thermalNoiseDensityDBmPerHz + 10 * log10(bandwidth) + configuration.noiseFigureDB
        let requiredSNR = -7.5 - 2.5 * (spreadingFactor - 7)
        let sensitivity = noiseFloor + requiredSNR

        let model = configuration.pathLoss
        let sigma = model.shadowingSigmaDB
        let limit = configuration.shadowingTruncationSigmas
        let tenN = 10 * model.exponent
        let eirp = Double(net.txPower[t]) + net.netAntennaDB[t]
        // d² ≤ d0²·10^((EIRP + net_r − S + kσ − PL0)/(5n)) is necessary for any chance of decoding.
        let reachBase =
            model.referenceDistanceKm * model.referenceDistanceKm
            * pow(10, (eirp - sensitivity + limit * sigma - model.referenceLossDB) / (5 * model.exponent))
        let transmitterRoot = net.sqrtHeight[t]
        let freeSpaceOffset = 20 * log10(Double(frequencyHz) / 1e6) + RadioConstants.freeSpaceConstantKmMHz
        let logReference = log10(model.referenceDistanceKm)
        let earthRadius = 6371.007180918475
        let x0 = net.trueX[t], y0 = net.trueY[t], z0 = net.trueZ[t]
        let lossProbability = configuration.packetLossProbability
        var receptions: [BeaconAir.Reception] = []
        var examined = 0
        var prefiltered = 0
        // The farthest any receiver could decode: the best receiver's reach or horizon.
        let radius = min(
            (reachBase * net.maximumReachFactor).squareRoot(),
            RadioHorizon.coefficientKmPerRootMeter * (transmitterRoot + net.maximumSqrtHeight),
            99.0
        )
        scratch.hits.removeAll(keepingCapacity: true)
        net.grid.buckets(
            latitudeDegrees: net.trueLatitudeDegrees[t],
            longitudeDegrees: net.trueLongitudeDegrees[t],
            radiusKm: radius,
            into: &scratch.hits
        )
        for hit in scratch.hits {
            // Receivers in a bucket come by decreasing reach: stop at the first that cannot reach the beacon from
            // the bucket's nearest edge.
            let needed = hit.minimumDistanceSquaredKm / reachBase
            for slot in hit.slots {
                let candidate = net.receivers[slot]
                guard candidate.reachFactor >= needed else { break }
                examined += 1
                guard candidate.regionCode == Int16(code) else { continue }
                let dx = candidate.x - x0, dy = candidate.y - y0, dz = candidate.z - z0
                let chordSquared = dx * dx + dy * dy + dz * dz
                let approximate = chordSquared * earthRadius * earthRadius  // ≤ the true distance squared
                let horizon = RadioHorizon.coefficientKmPerRootMeter * (transmitterRoot + candidate.sqrtHeight)
                guard approximate <= reachBase * candidate.reachFactor, approximate <= horizon * horizon else {
                    continue
                }
                guard slot != t else { continue }
                prefiltered += 1
                // Arc from chord: 2R·asin(c/2) = R·c·(1 + c²/24 + 3c⁴/640 + …); the next term is below 1e-13
                // relative within the 99 km search radius.
                let arcPerChord = 1 + chordSquared * (1.0 / 24 + chordSquared * (3.0 / 640))
                let distance = max(earthRadius * chordSquared.squareRoot() * arcPerChord, 0.005)
                guard distance <= horizon else { continue }
                let logDistance = log10(distance)
                var loss =
                    model.referenceLossDB + tenN * (logDistance - logReference)
                    + sigma * random.nextTruncatedStandardNormal(limit: limit)
                let free = 20 * logDistance + freeSpaceOffset
                if loss < free { loss = free }
                let rssi = eirp + net.netAntennaDB[slot] - loss  // the exact Double, not the packed Float
                let snr = rssi - noiseFloor
                guard snr >= requiredSNR else { continue }
                guard !random.nextBool(probability: lossProbability) else { continue }
                let delay = Int32(min(max(random.nextLogNormal(mu: log(600.0), sigma: 0.7), 30), 3_800))
                // Gateways report the demodulator's SNR estimate: about 1 dB of noise, saturating near +12 dB.
                let reportedSNR = min(snr + random.nextStandardNormal(), 12)
                receptions.append(
                    BeaconAir.Reception(
                        receiver: Int32(slot),
                        rssiDBm: rssi,
                        snrDB: reportedSNR,
                        delayMs: delay,
                        distanceKm: distance,
                        key: net.keys[slot]
                    )
                )
            }
        }
        return BeaconAir(
            data: data,
            frequencyHz: frequencyHz,
            receptions: receptions,
            examined: examined,
            prefiltered: prefiltered
        )
    }

    // MARK: Stage 3: rules, faults, emission (sequential)

    /// One witness report being assembled for a PoC.
    private struct Report {
        /// Hotspot index ≥ 0, or −1 − n for the n-th unregistered key.
        var witness: Int64
        var receivedMs: Int64
        var signal: Int
        var snr: Int
        var frequencyHz: Int
        var timestampNs: Int64
        var fault: SimulatedFault.Kind?
        /// The reception this report comes from (its receiver's address was copied there), or −1.
        var reception: Int32 = -1
        /// The physical distance (km) when the report comes from a real reception between two hotspots whose
        /// asserted locations are their true ones; 0 otherwise.
        var honestKm: Double = 0
    }

    /// Applies the rules to one beacon and its receptions, injects faults, updates the verifier state the rules
    /// imply, and writes the beacon, its fault label and (through the time-ordered queue) its witness reports.
    public mutating func emit<Sink: SimulationSink>(_ beacon: ScheduledBeacon, air: BeaconAir, into sink: inout Sink)
        throws(Sink.Failure)
    {
        if !hotspotsWritten { try writeRegistry(into: &sink) }
        let B = beacon.receivedTimestampMs
        try flushWitnesses(through: B, into: &sink)

        let net = network
        let configuration = net.configuration
        let rate = configuration.faultRate
        let t = Int(beacon.transmitter)
        let transmitter = net.hotspots[t]
        var random = SimulationRandom(
            seed: configuration.seed,
            stream: SimulationStream.faults.rawValue,
            substream: UInt64(beacon.bucket),
            item: beacon.serial
        )
        let rateIndex = Int(net.regionCode[t])
        let dataRate = net.planDataRates[rateIndex]
        let noiseFloor =
            RadioConstants.thermalNoiseDensityDBmPerHz + 10 * log10(Double(dataRate.bandwidthHz ?? 125_000))
            + configuration.noiseFigureDB

        // Beacon checks P1 and 4 (the others cannot fail here), then the schedule write and reciprocity (§2, §4).
        var beaconReason: InvalidReason?
        if beacon.kind == .ghost {
            beaconReason = .gatewayNotFound
        } else {
            let bucket = PoCRules.beaconBucket(B)
            if lastBeaconBucket[t] != NetworkSimulator.none && bucket <= lastBeaconBucket[t] {
                beaconReason = .irregularInterval
            }
            lastBeaconBucket[t] = bucket
        }
        let witnessChecksRun = beaconReason == nil
        if witnessChecksRun {
            let last = lastWitnessMs[t]
            if last == NetworkSimulator.none || B - last >= PoCRules.reciprocityWindowMs {
                beaconReason = .gatewayNoValidWitnesses
            }
        }
        let pocValid = beaconReason == nil

        // The reports: physics first, then faults.
        var reports: [Report] = []
        reports.reserveCapacity(air.receptions.count + 2)
        let transmitterRole = beacon.kind == .ghost ? HotspotRole.honest : transmitter.role
        var colluderPartner: Int?
        if case .colluder(let partner, _) = transmitterRole { colluderPartner = Int(partner) }
        for (receptionIndex, reception) in air.receptions.enumerated() {
            let r = Int(reception.receiver)
            if r == colluderPartner { continue }  // replaced by its fabricated report below
            var fault: SimulatedFault.Kind?
            if transmitterRole == .spoofer || net.spoofer[r] {
                fault = .locationSpoof
            } else if case .farm(let partner) = transmitterRole, Int(partner) == r, beacon.kind != .ghost {
                fault = .tooClose
            }
            var signal = Int((reception.rssiDBm * 10).rounded(.down))
            if fault == nil {
                // A clean pair must stay within the rules: too close or too far never report; an RSSI above the
                // bound (only possible through the bound's truncated antenna gains) is lowered below it.
                let km = reception.distanceKm
                guard km <= 99, !belowMinimumDistance(t, r, approximateKm: km) else { continue }
                let bound = approximateBound(t, r, km: km, frequencyHz: air.frequencyHz)
                if Double(signal) / 10 > bound - 0.1 {
                    let exact = exactBound(t, r, frequencyHz: air.frequencyHz)
                    if Double(signal) / 10 > exact - 0.05 { signal = Int(((exact - 0.05) * 10).rounded(.down)) }
                }
            }
            reports.append(
                Report(
                    witness: Int64(r),
                    receivedMs: B + Int64(reception.delayMs),
                    signal: signal,
                    snr: Int((reception.snrDB * 10).rounded(.towardZero)),
                    frequencyHz: air.frequencyHz,
                    timestampNs: beacon.airTimeNs + Int64(reception.distanceKm * 3_335.640_952),
                    fault: fault,
                    reception: Int32(receptionIndex),
                    honestKm: fault == .locationSpoof ? 0 : reception.distanceKm
                )
            )
        }
        if let partner = colluderPartner {
            // The partner fabricates a report: plausible signal from another city, or impossibly loud nearby.
            let loud: Bool
            if case .colluder(_, let isLoud) = transmitterRole { loud = isLoud } else { loud = false }
            var signal = Int((random.nextDouble(in: -120 ... -95) * 10).rounded(.down))
            if loud {
                let bound = exactBound(t, partner, frequencyHz: air.frequencyHz)
                signal = Int(((bound + random.nextDouble(in: 5...15)) * 10).rounded(.up))
            }
            let delay = Int64(random.nextDouble(in: 200...3_000))
            reports.append(
                Report(
                    witness: Int64(partner),
                    receivedMs: B + delay,
                    signal: signal,
                    snr: Int((min(Double(signal) / 10 - noiseFloor, 12) * 10).rounded(.towardZero)),
                    frequencyHz: air.frequencyHz,
                    timestampNs: beacon.airTimeNs + delay * 900_000,
                    fault: .colludingPair
                )
            )
        }
        if pocValid && rate > 0 {
            let cleanCount = reports.count
            for index in 0..<cleanCount where reports[index].fault == nil {
                guard random.nextBool(probability: rate / 2) else { continue }
                var report = reports[index]
                switch random.nextIndex(below: 4) {
                case 0:
                    let bound = exactBound(t, Int(report.witness), frequencyHz: report.frequencyHz)
                    report.signal = Int(((bound + random.nextDouble(in: 3...20)) * 10).rounded(.up))
                    report.fault = .rssiInflation
                    reports[index] = report
                case 1:
                    let offset = 120_000 + random.nextIndex(below: 1_080_001)
                    report.frequencyHz += random.nextBool(probability: 0.5) ? offset : -offset
                    report.fault = .offFrequency
                    reports[index] = report
                case 2:
                    report.receivedMs = B + 4_500 + Int64(random.nextIndex(below: 25_501))
                    report.fault = .lateWitness
                    reports[index] = report
                default:
                    report.receivedMs += 50 + Int64(random.nextIndex(below: 1_951))
                    report.signal += random.nextIndex(below: 21) - 10
                    report.fault = .duplicateWitness
                    reports.append(report)
                }
            }
            if beacon.kind != .ghost, random.nextBool(probability: rate / 4) {
                let delay = 30 + Int64(random.nextIndex(below: 2_000))
                reports.append(
                    Report(
                        witness: Int64(t),
                        receivedMs: B + delay,
                        signal: -300 - random.nextIndex(below: 300),
                        snr: 95,
                        frequencyHz: air.frequencyHz,
                        timestampNs: beacon.airTimeNs + 20_000,
                        fault: .selfWitness
                    )
                )
            }
            if random.nextBool(probability: rate / 4) {
                let delay = 30 + Int64(random.nextIndex(below: 3_000))
                let signal = -1_200 + random.nextIndex(below: 300)
                reports.append(
                    Report(
                        witness: -1 - Int64(beacon.serial),
                        receivedMs: B + delay,
                        signal: signal,
                        snr: Int((min(Double(signal) / 10 - noiseFloor, 12) * 10).rounded(.towardZero)),
                        frequencyHz: air.frequencyHz,
                        timestampNs: beacon.airTimeNs + delay * 900_000,
                        fault: .unknownWitnessKey
                    )
                )
            }
        }
        // Received order (ties: creation order); sorting indices keeps the reports themselves in place.
        var sequence = Array(reports.indices)
        sequence.sort {
            let a = reports[$0].receivedMs, b = reports[$1].receivedMs
            return a != b ? a < b : $0 < $1
        }

        // The witness checks in received order (only when the beacon passed checks 1–5), with their state writes.
        var reasons = [InvalidReason?](repeating: nil, count: reports.count)
        if witnessChecksRun {
            pocStamp &+= 1
            if pocStamp == 0 {
                for index in seenStamp.indices { seenStamp[index] = 0 }
                pocStamp = 1
            }
            var unknownSeen: [Int64] = []
            for index in sequence {
                let report = reports[index]
                // Duplicate: a key already evaluated in this PoC (step D).
                var duplicate = false
                if report.witness >= 0 {
                    duplicate = seenStamp[Int(report.witness)] == pocStamp
                    seenStamp[Int(report.witness)] = pocStamp
                } else if unknownSeen.contains(report.witness) {
                    duplicate = true
                } else {
                    unknownSeen.append(report.witness)
                }
                let reason =
                    duplicate
                    ? .duplicate : check(report, beaconer: t, beaconMs: B, beaconFrequencyHz: air.frequencyHz)
                reasons[index] = reason
                if reason == nil, report.witness >= 0 { lastWitnessMs[Int(report.witness)] = report.receivedMs }
            }
        }

        // The beacon and its label.
        beaconLine += 1
        let beaconKey =
            beacon.kind == .ghost
            ? SimulatedNetwork.address(
                seed: configuration.seed,
                index: NetworkSimulator.unknownKeyBase + beacon.serial
            )
            : transmitter.key
        try sink.write(
            beacon: SimulatedBeacon(
                line: beaconLine,
                key: beaconKey,
                receivedTimestampMs: B,
                data: air.data,
                frequencyHz: air.frequencyHz,
                dataRate: dataRate,
                txPowerDBm: transmitter.txPowerDBm,
                timestampNs: beacon.airTimeNs
            )
        )
        summary.beacons += 1
        summary.receiversExamined += air.examined
        summary.receiversPrefiltered += air.prefiltered
        if pocValid { summary.validBeacons += 1 }
        let beaconFault: SimulatedFault.Kind? =
            switch beacon.kind {
            case .ghost: .unknownBeaconKey
            case .extra: beaconReason == .irregularInterval ? .extraBeacon : nil
            case .regular: transmitterRole == .spoofer && !pocValid ? .locationSpoof : nil
            }
        if let kind = beaconFault, let reason = beaconReason {
            try label(SimulatedFault(file: .beacons, line: beaconLine, kind: kind, expectedReason: reason), into: &sink)
        }

        // Queue the witness reports with their labels.
        for index in sequence {
            let report = reports[index]
            var expected: InvalidReason?
            if let reason = beaconReason {
                expected = reason  // every report inherits an invalid beacon's reason
            } else {
                expected = reasons[index]
                if expected == nil { summary.witnessesPassingChecks += 1 }
                if report.fault == nil && expected != nil { cleanReportsRefused += 1 }
            }
            var fault: SimulatedFault? = report.fault.flatMap { kind in
                expected.map { SimulatedFault(file: .witnesses, line: 0, kind: kind, expectedReason: $0) }
            }
            // An honest hotspot hearing a spoofer's invalid beacon did nothing wrong: the beacon's label covers
            // it, and the report merely inherits the beacon's reason.
            if report.fault == .locationSpoof, beaconReason != nil, report.witness >= 0,
                !net.spoofer[Int(report.witness)]
            {
                fault = nil
            }
            let key: HeliumAddress =
                report.reception >= 0
                ? air.receptions[Int(report.reception)].key
                : report.witness >= 0
                    ? net.keys[Int(report.witness)]
                    : SimulatedNetwork.address(
                        seed: configuration.seed,
                        index: NetworkSimulator.unknownKeyBase + UInt64(-1 - report.witness)
                    )
            pending.push(
                SimulatedWitness(
                    line: 0,
                    key: key,
                    receivedTimestampMs: report.receivedMs,
                    data: air.data,
                    signalDeciDBm: report.signal,
                    snrDeciDB: report.snr,
                    frequencyHz: report.frequencyHz,
                    dataRate: dataRate,
                    timestampNs: report.timestampNs
                ),
                fault: fault
            )
        }
    }

    /// The verifier's witness checks after the duplicate check (§3 P1 to 12) for one report of a PoC whose
    /// beacon passed checks 1–5, in order; nil when it passes.
    private func check(_ report: Report, beaconer t: Int, beaconMs: Int64, beaconFrequencyHz: Int) -> InvalidReason? {
        guard report.witness >= 0 else { return .gatewayNotFound }
        let w = Int(report.witness)
        if w == t { return .selfWitness }
        // Every report of a simulated PoC arrives after its beacon, so the lag rule is W − B ≤ 4000 ms.
        if report.receivedMs - beaconMs > PoCRules.maxBeaconToWitnessLagMs { return .tooLate }
        if abs(report.frequencyHz - beaconFrequencyHz) > PoCRules.maxFrequencyOffsetHz { return .invalidFrequency }
        let net = network
        if net.regionCode[w] != net.regionCode[t] { return .invalidRegion }
        let honest = report.honestKm > 0 ? report.honestKm : nil
        if belowMinimumDistance(t, w, approximateKm: honest) { return .belowMinDistance }
        let rssi = Double(report.signal) / 10.0
        // For an honest reception the physical distance equals the verifier's to nanometres: decide from it when
        // the answer is clear by a wide margin, and compute the verifier's exact figures otherwise.
        if let km = honest, km < 99, rssi <= approximateBound(t, w, km: km, frequencyHz: report.frequencyHz) - 0.1 {
            return nil
        }
        guard let meters = exactDistanceMeters(t, w), meters / 1000 <= PoCRules.distanceLimitKilometers else {
            return .maxDistanceExceeded
        }
        let bound = PoCPhysics.expectedRSSIDBm(
            txPowerDBm: Int(net.txPower[t]),
            frequencyHz: report.frequencyHz,
            distanceMeters: meters,
            beaconerGainTenthsDBi: Int(net.gainTenths[t]),
            witnessGainTenthsDBi: Int(net.gainTenths[w])
        )
        if rssi > bound { return .badRssi }
        return nil
    }

    /// The verifier's distance between two asserted cell centres, rounded to whole metres (§3.3).
    private func exactDistanceMeters(_ a: Int, _ b: Int) -> UInt32? {
        let net = network
        return PoCPhysics.roundedDistanceMeters(
            PoCPhysics.distanceMeters(
                from: net.assertedCentre[a],
                cosLatitude: net.assertedCosLatitude[a],
                to: net.assertedCentre[b],
                cosLatitude: net.assertedCosLatitude[b]
            )
        )
    }

    /// The verifier's RSSI bound for a pair (§3.4) at its exact distance; −∞ when the distance is not computable.
    private func exactBound(_ t: Int, _ w: Int, frequencyHz: Int) -> Double {
        guard let meters = exactDistanceMeters(t, w) else { return -.infinity }
        let net = network
        return PoCPhysics.expectedRSSIDBm(
            txPowerDBm: Int(net.txPower[t]),
            frequencyHz: frequencyHz,
            distanceMeters: meters,
            beaconerGainTenthsDBi: Int(net.gainTenths[t]),
            witnessGainTenthsDBi: Int(net.gainTenths[w])
        )
    }

    /// The RSSI bound at a physical distance in km (for honest pairs, equal to the exact bound to 1e-6 dB).
    @inline(__always)
    private func approximateBound(_ t: Int, _ w: Int, km: Double, frequencyHz: Int) -> Double {
        let net = network
        let loss = 20 * log10(km * 1000 * Double(frequencyHz)) + NetworkSimulator.heliumFreeSpaceOffset
        return Double(net.txPower[t]) + Double(net.gainTenths[t] / 10) - loss + Double(net.gainTenths[w] / 10)
    }

    /// 20·log10(4π / C) with the verifier's C = 2.998e8 m/s.
    private static let heliumFreeSpaceOffset = 20 * log10(4 * Double.pi / PoCPhysics.speedOfLight)

    /// Whether the verifier finds the pair's resolution-11 grid distance below 8 or not computable (§3.2).
    /// `approximateKm`, the physical distance of an honest pair, lets the common case skip H3: within one
    /// non-pentagon base cell local IJ always succeeds, and beyond 1.5 km the grid distance (cells about 50 m
    /// apart) is far above 8.
    private func belowMinimumDistance(_ a: Int, _ b: Int, approximateKm: Double?) -> Bool {
        let net = network
        let base = net.assertedBaseCell[a]
        if base >= 0 && base == net.assertedBaseCell[b] {
            let km = approximateKm ?? (Double(exactDistanceMeters(a, b) ?? 0) / 1000)
            if km >= 1.5 { return false }
        }
        let grid = try? H3.gridDistance(
            H3Cell(rawValue: net.assertedParent11[a]),
            H3Cell(rawValue: net.assertedParent11[b])
        )
        return grid.map { $0 < PoCRules.minimumCellDistance } ?? true
    }

    private mutating func label<Sink: SimulationSink>(_ fault: SimulatedFault, into sink: inout Sink) throws(Sink
        .Failure)
    {
        summary.faults[fault.kind, default: 0] += 1
        try sink.write(fault: fault)
    }

    /// Writes the queued witness reports received at or before `limit` (later beacons only bring later reports).
    private mutating func flushWitnesses<Sink: SimulationSink>(through limit: Int64, into sink: inout Sink)
        throws(Sink.Failure)
    {
        while let first = pending.firstReceivedMs, first <= limit {
            witnessLine += 1
            let line = witnessLine
            var labelled: SimulatedFault?
            try pending.popFirst { (record: inout SimulatedWitness, fault: SimulatedFault?) throws(Sink.Failure) in
                record.line = line
                try sink.write(witness: record)
                labelled = fault
            }
            summary.witnesses += 1
            if var fault = labelled {
                fault.line = line
                try label(fault, into: &sink)
            }
        }
    }
}

/// Witness reports waiting for their turn in received order: the records stay in a slot pool and only small
/// (time, sequence, slot) keys move in the binary min-heap.
struct WitnessQueue: Sendable {
    private struct Key: Sendable {
        var receivedMs: Int64
        var sequence: UInt64
        var slot: Int32

        @inline(__always)
        func precedes(_ other: Key) -> Bool {
            receivedMs != other.receivedMs ? receivedMs < other.receivedMs : sequence < other.sequence
        }
    }

    private var heap: [Key] = []
    private var records: [SimulatedWitness] = []
    private var faults: [SimulatedFault?] = []
    private var freeSlots: [Int32] = []
    private var sequence: UInt64 = 0

    /// The received time of the earliest queued report.
    var firstReceivedMs: Int64? { heap.first?.receivedMs }
    var count: Int { heap.count }

    mutating func push(_ record: SimulatedWitness, fault: SimulatedFault?) {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            records[Int(free)] = record
            faults[Int(free)] = fault
        } else {
            slot = Int32(records.count)
            records.append(record)
            faults.append(fault)
        }
        sequence &+= 1
        heap.append(Key(receivedMs: record.receivedTimestampMs, sequence: sequence, slot: slot))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes the earliest report and hands it to `body` in place (no copy of the record); the queue must not be
    /// empty.
    mutating func popFirst<Failure: Error>(
        _ body: (inout SimulatedWitness, SimulatedFault?) throws(Failure) -> Void
    ) throws(Failure) {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < heap.count else { break }
                var smallest = left
                if left + 1 < heap.count && heap[left + 1].precedes(heap[left]) { smallest = left + 1 }
                guard heap[smallest].precedes(heap[parent]) else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        let slot = Int(top.slot)
        freeSlots.append(top.slot)
        try body(&records[slot], faults[slot])
    }
}
