import Glibc

/// The random-stream labels of the simulator (see ``SimulationRandom``): one per kind of decision, so adding
/// draws to one kind never shifts another.
enum SimulationStream: UInt64 {
    case city = 1
    case placement = 2
    case role = 3
    case equipment = 4
    case schedule = 5
    case beacon = 6
    case faults = 7
    case keys = 8
    case pairing = 9
}

/// The part a hotspot plays in the injected misbehaviour.
enum HotspotRole: Hashable, Sendable {
    /// An honest hotspot.
    case honest
    /// Asserts a location far from its true position.
    case spoofer
    /// Installed within a few hundred metres of its partner (a "hotspot farm").
    case farm(partner: Int32)
    /// Fabricates witness reports of its partner's beacons; `loud` when the partner is in the same city (the
    /// fabrication then claims an impossible RSSI instead of an impossible distance).
    case colluder(partner: Int32, loud: Bool)

    var partner: Int32? {
        switch self {
        case .honest, .spoofer: nil
        case .farm(let partner), .colluder(let partner, _): partner
        }
    }
}

/// One simulated hotspot: what the registry says about it and what is physically true.
public struct SimulatedHotspot: Hashable, Sendable {
    /// Its address.
    public var key: HeliumAddress
    /// The index of its city in ``SimulationConfiguration/cities``.
    public var cityIndex: Int
    /// Its region plan.
    public var region: RegionName
    /// Where it really is (a resolution-12 cell).
    public var trueLocation: H3Cell
    /// Where the registry says it is (differs from ``trueLocation`` only for location spoofers).
    public var assertedLocation: H3Cell
    /// Antenna gain, tenths of dBi.
    public var gainTenthsDBi: Int
    /// Antenna height above ground, metres.
    public var elevationMeters: Int
    /// Building penetration loss, dB (0 outdoors).
    public var indoorLossDB: Double
    /// Feed-line loss, dB.
    public var cableLossDB: Double
    /// Conducted transmit power, dBm: the radio's limit or the plan's maximum for this gain, whichever is lower.
    public var txPowerDBm: Int
    var role: HotspotRole

    /// Antenna gain minus cable and building losses: what the hotspot adds to a link at either end, dB.
    public var netAntennaDB: Double { Double(gainTenthsDBi) / 10 - cableLossDB - indoorLossDB }
    /// Whether the hotspot is a location spoofer.
    public var isSpoofer: Bool { role == .spoofer }
}

/// A generated network: the hotspots with their equipment, their injected roles, and the spatial index used to
/// find who can hear whom. Deterministic for a configuration.
///
/// Immutable after creation; a class so that the simulator's hot loops share one copy of its many arrays
/// instead of retaining each of them whenever the network is passed around.
public final class SimulatedNetwork: Sendable {
    /// The configuration it was built from (start aligned to a bucket boundary).
    public let configuration: SimulationConfiguration
    /// The hotspots in the simulator's internal order, which is spatial (sorted by latitude/longitude bucket) so
    /// that neighbours have nearby indices and the hot loops read memory in order.
    public let hotspots: [SimulatedHotspot]
    /// The internal index of each registry row: `hotspots[registryOrder[i]]` is line `i + 2` of `hotspots.csv`.
    /// The registry keeps the order in which hotspots were generated, which has no spatial pattern.
    public let registryOrder: [Int]

    // Hot per-hotspot fields, split out of `hotspots` to keep the loops' memory traffic small.
    let keys: [HeliumAddress]
    let gainTenths: [Int32]
    let txPower: [Int32]
    let roles: [HotspotRole]
    /// `roles[i] == .spoofer`, one byte per hotspot (stays in cache).
    let spoofer: [Bool]

    // Struct-of-arrays views for the hot loops, indexed by hotspot.
    let trueX: [Double], trueY: [Double], trueZ: [Double]
    let trueLatitudeDegrees: [Double], trueLongitudeDegrees: [Double]
    let sqrtHeight: [Double]
    let netAntennaDB: [Double]
    /// 10^(netAntenna / (5·n)): the factor a receiver's antenna applies to the squared reach of a beacon.
    let reachFactor: [Double]
    let regionCode: [Int16]
    // Asserted geometry for the rule checks.
    let assertedCentre: [LatLng]
    let assertedCosLatitude: [Double]
    let assertedParent11: [UInt64]
    /// The asserted base cell, or −1 when it is a pentagon (grid distances there must always be computed).
    let assertedBaseCell: [Int16]

    /// Region plans by code, and their derived beacon parameters.
    let plans: [RegionPlan]
    let planDataRates: [DataRate]
    /// Each hotspot's candidate-loop data packed together (one memory stream in the loop).
    let receivers: [ReceiverData]

    struct ReceiverData: Sendable {
        var x: Double, y: Double, z: Double
        /// 10^(netAntenna / (5·n)).
        var reachFactor: Double
        var sqrtHeight: Double
        var netAntennaDB: Float
        var regionCode: Int16
    }

    /// The spatial index over the internal order: its slots are the internal indices, and within each bucket
    /// the hotspots come by decreasing reach, so a search stops in a bucket at the first receiver that cannot
    /// reach the beacon from the bucket's nearest edge.
    let grid: SpatialGrid
    let maximumReachFactor: Double
    let maximumSqrtHeight: Double

    /// Generates the network of `configuration`.
    ///
    /// - Parameters:
    ///   - configuration: the network's settings.
    ///   - regionIndex: Helium's region index (`--regions`), optional. With it every hotspot, and every spoofed
    ///     location, is placed where the index gives its city's region plan: on land and inside the plan's
    ///     borders (up to 64 draws each; the last draw is kept when none fits). Without it, hotspots scatter
    ///     freely around their city, sea included.
    public init(configuration input: SimulationConfiguration, regionIndex: RegionIndex? = nil)
        throws(SimulationError)
    {
        try input.validate()
        var configuration = input
        configuration.startMs -= configuration.startMs % PoCRules.beaconIntervalMs
        self.configuration = configuration
        let count = configuration.hotspotCount
        let cities = configuration.cities
        let seed = configuration.seed
        let rate = configuration.faultRate

        // Region codes and plans.
        var codes: [RegionName: Int16] = [:]
        var plans: [RegionPlan] = []
        var rates: [DataRate] = []
        for city in cities where codes[city.region] == nil {
            guard let plan = SimulationRegionPlans.plans[city.region] else {
                throw .invalidConfiguration("no region plan for \(city.region)")
            }
            let rate: DataRate
            do { rate = try plan.dataRate(forPacketSize: NetworkSimulator.payloadSize) } catch {
                throw .invalidConfiguration("plan \(city.region) carries no 51-byte beacon: \(error)")
            }
            codes[city.region] = Int16(plans.count)
            plans.append(plan)
            rates.append(rate)
        }
        self.plans = plans
        planDataRates = rates

        // 1. City of every hotspot (weighted), then each city's spread.
        let totalWeight = cities.reduce(0) { $0 + max($1.weight, 0) }
        var cumulative: [Double] = []
        var running = 0.0
        for city in cities {
            running += max(city.weight, 0) / (totalWeight > 0 ? totalWeight : 1)
            cumulative.append(running)
        }
        var cityOf = [Int](repeating: 0, count: count)
        var perCity = [Int](repeating: 0, count: cities.count)
        for index in 0..<count {
            var random = SimulationRandom(seed: seed, stream: SimulationStream.city.rawValue, item: UInt64(index))
            let u = random.nextUnit()
            var chosen = cumulative.firstIndex { u < $0 } ?? (cities.count - 1)
            if totalWeight <= 0 { chosen = index % cities.count }
            cityOf[index] = chosen
            perCity[chosen] += 1
        }
        let spreads = cities.indices.map { c -> Double in
            let natural = (Double(perCity[c]) / (2 * Double.pi * configuration.peakDensityPerSquareKm)).squareRoot()
            return min(max(natural, 2.0), max(cities[c].maximumSpreadKm, 2.0))
        }

        // 2. Roles (sequential: farms and colluders need partners).
        var roles = [HotspotRole](repeating: .honest, count: count)
        var farmHosts: [[Int]] = Array(repeating: [], count: cities.count)
        var waitingColluders: [Int16: [Int]] = [:]
        for index in 0..<count {
            var random = SimulationRandom(seed: seed, stream: SimulationStream.role.rawValue, item: UInt64(index))
            let u = random.nextUnit()
            let city = cityOf[index]
            let region = codes[cities[city].region] ?? 0
            if u < rate / 8 {
                roles[index] = .spoofer
            } else if u < 3 * rate / 8, !farmHosts[city].isEmpty {
                let pick = random.nextIndex(below: farmHosts[city].count)
                let host = farmHosts[city].remove(at: pick)
                roles[index] = .farm(partner: Int32(host))
                roles[host] = .farm(partner: Int32(index))
            } else if u < 5 * rate / 8 {
                var waiting = waitingColluders[region] ?? []
                if let partnerSlot = waiting.firstIndex(where: { cityOf[$0] != city }) {
                    let partner = waiting.remove(at: partnerSlot)
                    roles[index] = .colluder(partner: Int32(partner), loud: false)
                    roles[partner] = .colluder(partner: Int32(index), loud: false)
                } else {
                    waiting.append(index)
                }
                waitingColluders[region] = waiting
            } else {
                farmHosts[city].append(index)
            }
        }
        // Colluders left without a partner in another city pair up within their own city (loud fabrications).
        for region in waitingColluders.keys.sorted() {
            var waiting = waitingColluders[region] ?? []
            while waiting.count >= 2 {
                let a = waiting.removeFirst()
                let b = waiting.removeFirst()
                let loud = cityOf[a] == cityOf[b]
                roles[a] = .colluder(partner: Int32(b), loud: loud)
                roles[b] = .colluder(partner: Int32(a), loud: loud)
            }
        }

        // 3. Positions, equipment and keys.
        var hotspots: [SimulatedHotspot] = []
        hotspots.reserveCapacity(count)
        var trueLatitudes = [Double](repeating: 0, count: count)
        var trueLongitudes = [Double](repeating: 0, count: count)
        var trueCells = [H3Cell](repeating: H3Cell(rawValue: 0), count: count)
        for index in 0..<count {
            var random = SimulationRandom(seed: seed, stream: SimulationStream.placement.rawValue, item: UInt64(index))
            let city = cities[cityOf[index]]
            var point: LatLng
            var cell: H3Cell
            if case .farm(let host) = roles[index], Int(host) < index {
                // A farm twin stands 20–250 m from its host (which was placed earlier).
                let hostCell = trueCells[Int(host)]
                (cell, point) = try SimulatedNetwork.placeNear(hostCell, random: &random)
            } else {
                point = SimulatedNetwork.scatter(around: city, spreadKm: spreads[cityOf[index]], random: &random)
                if let regionIndex {
                    var attempt = 1
                    while attempt < 64 && !SimulatedNetwork.lies(point, in: city.region, of: regionIndex) {
                        point = SimulatedNetwork.scatter(
                            around: city,
                            spreadKm: spreads[cityOf[index]],
                            random: &random
                        )
                        attempt += 1
                    }
                }
                do {
                    cell = try H3.latLngToCell(point, resolution: 12)
                    point = try H3.cellToLatLng(cell)
                } catch {
                    throw .placement("hotspot \(index) near \(city.name): \(error)")
                }
            }
            trueCells[index] = cell
            trueLatitudes[index] = point.latitudeDegrees
            trueLongitudes[index] = point.longitudeDegrees

            var asserted = cell
            if roles[index] == .spoofer {
                var target = point
                for attempt in 0..<64 {
                    let bearing = random.nextDouble(in: 0...(2 * Double.pi))
                    let distanceKm = random.nextDouble(in: 150...400)
                    target = SimulatedNetwork.destination(from: point, bearingRadians: bearing, distanceKm: distanceKm)
                    guard let regionIndex, attempt < 63 else { break }
                    if SimulatedNetwork.lies(target, in: city.region, of: regionIndex) { break }
                }
                do { asserted = try H3.latLngToCell(target, resolution: 12) } catch {
                    throw .placement("spoofed location of hotspot \(index): \(error)")
                }
            }

            var gear = SimulationRandom(seed: seed, stream: SimulationStream.equipment.rawValue, item: UInt64(index))
            let gain = SimulatedNetwork.drawGain(&gear)
            let outdoorsShare = gain >= 50 ? 0.9 : 1 - configuration.indoorShare
            let indoors = !gear.nextBool(probability: outdoorsShare)
            let height: Double
            let indoorLoss: Double
            if indoors {
                height = min(max(gear.nextLogNormal(mu: log(6.0), sigma: 0.5), 1), 40)
                indoorLoss = gear.nextDouble(in: configuration.indoorLossRangeDB)
            } else {
                height = min(max(gear.nextLogNormal(mu: log(gain >= 50 ? 15.0 : 9.0), sigma: 0.6), 2), 90)
                indoorLoss = 0
            }
            let cable = gain >= 40 ? 1.0 : 0.3
            let radioLimit = SimulatedNetwork.drawRadioLimit(&gear)
            let region = cities[cityOf[index]].region
            let code = Int(codes[region] ?? 0)
            let planLimit = (try? plans[code].maxConductedPowerDBm(gainTenthsDBi: gain)) ?? 0
            hotspots.append(
                SimulatedHotspot(
                    key: SimulatedNetwork.address(seed: seed, index: UInt64(index)),
                    cityIndex: cityOf[index],
                    region: region,
                    trueLocation: cell,
                    assertedLocation: asserted,
                    gainTenthsDBi: gain,
                    elevationMeters: Int(height.rounded()),
                    indoorLossDB: indoorLoss,
                    cableLossDB: cable,
                    txPowerDBm: min(radioLimit, planLimit),
                    role: roles[index]
                )
            )
        }
        // 4. Internal order: spatial (by grid bucket), and by decreasing reach inside a bucket, so that a
        // beacon's candidate receivers are neighbours in memory and a bucket's scan can stop early.
        let exponent = configuration.pathLoss.exponent
        let reachOf = hotspots.map { pow(10, $0.netAntennaDB / (5 * exponent)) }
        let bucketKeys = (0..<count).map {
            SpatialGrid.bucketKey(latitudeDegrees: trueLatitudes[$0], longitudeDegrees: trueLongitudes[$0])
        }
        let order = (0..<count).sorted {
            if bucketKeys[$0] != bucketKeys[$1] { return bucketKeys[$0] < bucketKeys[$1] }
            if reachOf[$0] != reachOf[$1] { return reachOf[$0] > reachOf[$1] }
            return $0 < $1
        }  // internal index → generation index
        var internalIndex = [Int](repeating: 0, count: count)
        for (position, generated) in order.enumerated() { internalIndex[generated] = position }
        func remapped(_ role: HotspotRole) -> HotspotRole {
            switch role {
            case .honest, .spoofer: role
            case .farm(let partner): .farm(partner: Int32(internalIndex[Int(partner)]))
            case .colluder(let partner, let loud): .colluder(partner: Int32(internalIndex[Int(partner)]), loud: loud)
            }
        }
        var sorted: [SimulatedHotspot] = []
        sorted.reserveCapacity(count)
        for generated in order {
            var hotspot = hotspots[generated]
            hotspot.role = remapped(hotspot.role)
            sorted.append(hotspot)
        }
        self.hotspots = sorted
        registryOrder = internalIndex
        keys = sorted.map(\.key)
        gainTenths = sorted.map { Int32($0.gainTenthsDBi) }
        txPower = sorted.map { Int32($0.txPowerDBm) }
        self.roles = sorted.map(\.role)
        spoofer = sorted.map { $0.role == .spoofer }
        let latitudes = order.map { trueLatitudes[$0] }
        let longitudes = order.map { trueLongitudes[$0] }

        // 5. Hot-loop arrays.
        var x = [Double](), y = [Double](), z = [Double](), roots = [Double](), nets = [Double](), reach = [Double]()
        var regionCodes = [Int16](), centres = [LatLng](), cosines = [Double](), parents = [UInt64](), bases = [Int16]()
        for index in 0..<count {
            let hotspot = sorted[index]
            let lat = latitudes[index] * Double.pi / 180
            let lng = longitudes[index] * Double.pi / 180
            x.append(cos(lat) * cos(lng))
            y.append(cos(lat) * sin(lng))
            z.append(sin(lat))
            roots.append(Double(hotspot.elevationMeters).squareRoot())
            nets.append(hotspot.netAntennaDB)
            reach.append(pow(10, hotspot.netAntennaDB / (5 * exponent)))
            regionCodes.append(codes[hotspot.region] ?? 0)
            do {
                let centre = try H3.cellToLatLng(hotspot.assertedLocation)
                centres.append(centre)
                cosines.append(cos(centre.lat))
                let parent = try H3.cellToParent(hotspot.assertedLocation, resolution: PoCRules.cellParentResolution)
                parents.append(parent.rawValue)
                bases.append(isBaseCellPentagon(parent.baseCellNumber) ? -1 : Int16(parent.baseCellNumber))
            } catch {
                throw .placement("asserted location of hotspot \(index): \(error)")
            }
        }
        trueX = x
        trueY = y
        trueZ = z
        trueLatitudeDegrees = latitudes
        trueLongitudeDegrees = longitudes
        sqrtHeight = roots
        netAntennaDB = nets
        reachFactor = reach
        regionCode = regionCodes
        assertedCentre = centres
        assertedCosLatitude = cosines
        assertedParent11 = parents
        assertedBaseCell = bases
        receivers = (0..<count).map {
            ReceiverData(
                x: x[$0],
                y: y[$0],
                z: z[$0],
                reachFactor: reach[$0],
                sqrtHeight: roots[$0],
                netAntennaDB: Float(nets[$0]),
                regionCode: regionCodes[$0]
            )
        }
        maximumReachFactor = reach.max() ?? 1
        maximumSqrtHeight = roots.max() ?? 0
        // Rebuilt over the internal order, the index's slots are the internal indices themselves (the sort by
        // key then index keeps the reach order inside buckets).
        grid = SpatialGrid(latitudesDegrees: latitudes, longitudesDegrees: longitudes)
    }

    /// The number of hotspots.
    public var count: Int { hotspots.count }

    // MARK: Generation helpers

    /// Whether the region index puts `point` in `region` (`-` and `_` spellings are the same plan).
    static func lies(_ point: LatLng, in region: RegionName, of index: RegionIndex) -> Bool {
        guard let name = try? index.regionName(at: point), let found = RegionName(name) else { return false }
        return found == region
    }

    /// A point scattered around a city: 80 % from a Gaussian cloud of the city's spread, 20 % from one 2.5 times
    /// wider (suburbs and outlying towns), cut at four spreads.
    static func scatter(around city: SimulationCity, spreadKm: Double, random: inout SimulationRandom) -> LatLng {
        let scale = random.nextBool(probability: 0.8) ? spreadKm : 2.5 * spreadKm
        var east = 0.0, north = 0.0
        repeat {
            east = scale * random.nextStandardNormal()
            north = scale * random.nextStandardNormal()
        } while east * east + north * north > 16 * scale * scale
        let bearing = atan2(east, north)
        let distance = (east * east + north * north).squareRoot()
        return destination(from: city.centre, bearingRadians: bearing, distanceKm: distance)
    }

    /// The point `distanceKm` from `start` along the initial bearing (spherical Earth, H3's authalic radius).
    static func destination(from start: LatLng, bearingRadians: Double, distanceKm: Double) -> LatLng {
        let angular = distanceKm / 6371.007180918475
        let lat = asin(sin(start.lat) * cos(angular) + cos(start.lat) * sin(angular) * cos(bearingRadians))
        var lng =
            start.lng
            + atan2(sin(bearingRadians) * sin(angular) * cos(start.lat), cos(angular) - sin(start.lat) * sin(lat))
        if lng > Double.pi { lng -= 2 * Double.pi }
        if lng < -Double.pi { lng += 2 * Double.pi }
        return LatLng(lat: lat, lng: lng)
    }

    /// A cell 20–250 m from `host` whose resolution-11 parent is within grid distance 7 of the host's (so the
    /// pair is `below_min_distance`); the host's own cell when no such draw succeeds.
    static func placeNear(_ host: H3Cell, random: inout SimulationRandom) throws(SimulationError) -> (H3Cell, LatLng) {
        do {
            let hostCentre = try H3.cellToLatLng(host)
            let hostParent = try H3.cellToParent(host, resolution: PoCRules.cellParentResolution)
            var limit = 0.25
            for _ in 0..<8 {
                let point = destination(
                    from: hostCentre,
                    bearingRadians: random.nextDouble(in: 0...(2 * Double.pi)),
                    distanceKm: random.nextDouble(in: 0.02...limit)
                )
                let cell = try H3.latLngToCell(point, resolution: 12)
                let parent = try H3.cellToParent(cell, resolution: PoCRules.cellParentResolution)
                if let grid = try? H3.gridDistance(hostParent, parent), grid < PoCRules.minimumCellDistance {
                    return (cell, try H3.cellToLatLng(cell))
                }
                limit = max(limit / 2, 0.03)
            }
            return (host, hostCentre)
        } catch {
            throw .placement("farm twin next to \(host): \(error)")
        }
    }

    /// Antenna gains in tenths of dBi: mostly 1.2–3 dBi stock antennas, some 4, 5.8, 8 and 9 dBi upgrades.
    static func drawGain(_ random: inout SimulationRandom) -> Int {
        let table: [(Int, Double)] = [
            (12, 0.30), (20, 0.08), (23, 0.12), (30, 0.20), (40, 0.08), (58, 0.12), (80, 0.07), (90, 0.03),
        ]
        var u = random.nextUnit()
        for (gain, share) in table {
            if u < share { return gain }
            u -= share
        }
        return 12
    }

    /// The radio's own power limit, dBm (the Feb 2023 beacon sample shows 27 dBm mostly, then 29, 28 and 26).
    static func drawRadioLimit(_ random: inout SimulationRandom) -> Int {
        let u = random.nextUnit()
        if u < 0.65 { return 27 }
        if u < 0.85 { return 29 }
        if u < 0.93 { return 28 }
        return 26
    }

    /// The address of hotspot `index` (registered keys) or of an unregistered device (`index` ≥ 2⁴⁰): the first
    /// eight key bytes are a bijection of the index, so no two indices share an address.
    static func address(seed: UInt64, index: UInt64) -> HeliumAddress {
        var random = SimulationRandom(seed: seed, stream: SimulationStream.keys.rawValue, item: index)
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        let unique = SimulationRandom.mix(index ^ 0x6A09_E667_F3BC_C908)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: unique >> UInt64(shift)))
        }
        for _ in 0..<3 {
            let word = random.next()
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return HeliumAddress(publicKey: bytes)
    }
}
