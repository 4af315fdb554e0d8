/// The rule profile of the verifier (POC-RULES "Status, profiles and sources").
public enum RuleProfile: String, Hashable, Sendable, CaseIterable {
    /// The off-chain verifier as last deployed (helium/oracles at 824f772), the default.
    case helium2024 = "helium-2024"
    /// blockchain-core's on-chain witness rules in place of §3 steps 8–12 (POC-RULES §10); see
    /// ``LegacyWitnessRules``.
    case legacy
}

/// The settings of a ``PoCVerifier`` besides its registry, denylist, density map and state.
public struct PoCVerifierConfiguration: Hashable, Sendable {
    /// The rule profile.
    public var profile: RuleProfile
    /// Region plans by name, used by the payload derivation (§9). Defaults to ``RegionPlan/defaultPlans``;
    /// `--regions` files should replace entries.
    public var regionPlans: [RegionName: RegionPlan]
    /// Whether the beacon payload derivation check (§2 step 5, §9) runs for beacons that carry their entropy.
    /// When on, a beacon with entropy whose region has no plan is `stale` (§1.4 rule 4).
    public var payloadDerivation: Bool
    /// The witness rules used by the `legacy` profile (ignored by `helium-2024`).
    public var legacyRules: LegacyWitnessRules
    /// Whether the HIP-106 reciprocity checks (§4.2 steps 3–4) run. When false they are *not checked*: no beacon
    /// fails `gateway_no_valid_witnesses` and no witness `gateway_no_valid_beacons`, but the state writes of §4.1
    /// still happen, so the state stays correct for a later batch that checks reciprocity.
    public var checksReciprocity: Bool

    /// The default configuration: `helium-2024`, the default plans, derivation on, reciprocity checked.
    public init(
        profile: RuleProfile = .helium2024,
        regionPlans: [RegionName: RegionPlan] = RegionPlan.defaultPlans,
        payloadDerivation: Bool = true,
        legacyRules: LegacyWitnessRules = LegacyWitnessRules(),
        checksReciprocity: Bool = true
    ) {
        self.profile = profile
        self.regionPlans = regionPlans
        self.payloadDerivation = payloadDerivation
        self.legacyRules = legacyRules
        self.checksReciprocity = checksReciprocity
    }
}

/// Where the verifier takes each beaconer's HIP-17 hex scale from (POC-RULES §6.4 "use").
public enum DensityScales: Sendable {
    /// No map: every beaconer gets the 0.2 default.
    case none
    /// A scale per asserted cell.
    case table([H3Cell: Decimal4])
    /// The density engine's result (`HexDensity.compute`), looked up by binary search.
    case result(DensityResult)

    /// The scale of an asserted cell, or nil when the cell is not in the map.
    @inline(__always)
    public func scale(at location: H3Cell) -> Decimal4? {
        switch self {
        case .none: nil
        case .table(let table): table[location]
        case .result(let result): result.scale(at: location)
        }
    }
}

/// The proof-of-coverage verification engine (POC-RULES §2–§5): a pure, deterministic function of its inputs and
/// its ``VerifierState``, with no I/O.
///
/// Feed it one PoC at a time — a beacon report and the witness reports joined to it — **in ascending beacon
/// received time** (ties in input order; §1.4), or hand a whole batch to ``verifyBatch(_:)``. Each call applies
/// the PoC's reciprocity and schedule writes before returning, so the next PoC sees them. Carry ``state`` to the
/// next batch to continue a run.
///
/// ```swift
/// var verifier = PoCVerifier(hotspots: HotspotDirectory(hotspots), densityScales: .result(density))
/// let result = verifier.verify(beacon: beacon, witnesses: witnesses)
/// print(result.beacon.status, result.witnesses.map(\.invalidReason))
/// ```
public struct PoCVerifier: Sendable {
    /// The registry the verifier was built for.
    public let directory: HotspotDirectory
    /// The settings.
    public let configuration: PoCVerifierConfiguration
    /// The denylist.
    public let denylist: Denylist
    /// The HIP-17 scale per asserted cell (the density engine's output). Replace it whenever the density map is
    /// rebuilt (§6.2: at each 30-minute boundary); a beaconer whose cell is absent gets 0.2.
    public var densityScales: DensityScales {
        didSet { beaconerScales = nil }
    }

    /// What the verifier tracks of one directory hotspot, kept together in one 32-byte record: a witness check
    /// reads or writes all of it, and with hundreds of thousands of hotspots each separate array cost a cache miss
    /// per witness report (four arrays were ≈ half of `verify`'s own time, measured with perf).
    private struct HotspotState {
        /// Timestamps of §4.1 in ms; `none` marks an absent timestamp.
        var lastBeacon = PoCVerifier.none
        var lastBeaconReciprocity = PoCVerifier.none
        var lastWitness = PoCVerifier.none
        /// Duplicate detection: the PoC serial in which the hotspot last reported.
        var seenInPoC: UInt32 = 0
        /// Whether the denylist names the key.
        var denied = false
    }

    private static let none = Int64.min
    /// Per-hotspot state, indexed by HotspotID.
    private var hotspotState: [HotspotState]
    /// State of keys that are not in the directory (kept untouched and handed back by ``state``).
    private var foreignState: [String: VerifierState.Timestamps]
    private var pocSerial: UInt32 = 0

    /// The directory hotspots that have a location, ordered by cell index (ties by directory index): the order the
    /// density engine works in, and the order in which a map's scales can be handed to hotspots in one merge.
    private let locationOrder: [Int32]
    /// The raw cell of each hotspot of ``locationOrder`` (ascending), so that the merges below read one array
    /// instead of missing the cache on each hotspot record.
    private let locationOrderCells: [UInt64]
    /// `lastBeaconReciprocity` of each hotspot of ``locationOrder``, kept in step with ``hotspotState``: the
    /// activity filter of every density map then reads one array in order instead of one hotspot record per
    /// located hotspot in random order (a cache miss each, ≈ 4 % of a verify run's verifying thread).
    private var locationOrderReciprocity: [Int64]
    /// Each directory hotspot's position in ``locationOrder`` (−1: no location).
    private let locationRank: [Int32]
    /// The beaconer scale of each directory hotspot under the current ``densityScales`` map (ten-thousandths; −1:
    /// not in the map), built on first use after the map changes. A beacon then reads its scale with one load
    /// instead of a binary search of the map (≈ 3 % of a verify run's verifying thread).
    private var beaconerScales: [Int32]?

    private let deniedEdges: Set<UInt64>
    /// Plan per directory region code.
    private let plansByRegionCode: [RegionPlan?]
    /// Reward units for w = 0 … 14.
    private let unitTable: [RewardUnits]
    /// Per-witness scratch of `verify`, by received rank: the directory entry (nil when unregistered) and whether
    /// the report is a duplicate. Kept between calls so that a PoC allocates only its verdicts: each array
    /// allocation of these element types also looks up the array's generic metadata in the runtime (together
    /// ≈ 5 % of the verifying thread).
    private var scratchEntries: [HotspotDirectory.Entry?] = []
    private var scratchDuplicates: [Bool] = []

    /// Prepares a verifier.
    ///
    /// - Parameters:
    ///   - configuration: profile, plans, derivation switch.
    ///   - hotspots: the prepared registry.
    ///   - denylist: denied keys and edges (default: empty).
    ///   - densityScales: the HIP-17 scales (default: none, so every beaconer gets 0.2).
    ///   - state: the reciprocity and schedule state to continue from (default: empty).
    public init(
        configuration: PoCVerifierConfiguration = PoCVerifierConfiguration(),
        hotspots: HotspotDirectory,
        denylist: Denylist = .empty,
        densityScales: DensityScales = .none,
        state: VerifierState = VerifierState()
    ) {
        self.directory = hotspots
        self.configuration = configuration
        self.denylist = denylist
        self.densityScales = densityScales
        let count = hotspots.count
        var hotspotState = [HotspotState](repeating: HotspotState(), count: count)
        foreignState = [:]
        for (key, timestamps) in state.hotspots {
            if let id = hotspots.id(forKey: key) {
                hotspotState[id.index].lastBeacon = timestamps.lastBeaconMs ?? PoCVerifier.none
                hotspotState[id.index].lastBeaconReciprocity =
                    timestamps.lastBeaconReciprocityMs ?? PoCVerifier.none
                hotspotState[id.index].lastWitness = timestamps.lastWitnessMs ?? PoCVerifier.none
            } else {
                foreignState[key] = timestamps
            }
        }
        for key in denylist.keys {
            if let id = hotspots.id(forKey: key) { hotspotState[id.index].denied = true }
        }
        self.hotspotState = hotspotState
        var located: [(raw: UInt64, index: Int32)] = []
        located.reserveCapacity(count)
        for (index, hotspot) in hotspots.hotspots.enumerated() {
            if let location = hotspot.location { located.append((location.rawValue, Int32(index))) }
        }
        located.sort { $0.raw != $1.raw ? $0.raw < $1.raw : $0.index < $1.index }
        locationOrder = located.map(\.index)
        locationOrderCells = located.map(\.raw)
        locationOrderReciprocity = located.map { hotspotState[Int($0.index)].lastBeaconReciprocity }
        var locationRank = [Int32](repeating: -1, count: count)
        for (rank, hotspot) in located.enumerated() { locationRank[Int(hotspot.index)] = Int32(rank) }
        self.locationRank = locationRank
        var edges = Set<UInt64>()
        for edge in denylist.edges {
            if let a = hotspots.id(forKey: edge.first), let b = hotspots.id(forKey: edge.second) {
                edges.insert(PoCVerifier.edgeKey(a.index, b.index))
            }
        }
        deniedEdges = edges
        plansByRegionCode = hotspots.regionNames.map { configuration.regionPlans[$0] }
        unitTable = (0...PoCRules.maxWitnessesPerPoC).map { RewardUnits(selectedWitnesses: $0) }
    }

    @inline(__always)
    private static func edgeKey(_ a: Int, _ b: Int) -> UInt64 {
        let low = UInt64(min(a, b))
        let high = UInt64(max(a, b))
        return high << 32 | low
    }

    @inline(__always)
    private static func optional(_ value: Int64) -> Int64? { value == none ? nil : value }

    // MARK: State

    /// The current state of every key (directory hotspots with a timestamp plus keys carried from the initial
    /// state that are not in the directory).
    public var state: VerifierState {
        var result = VerifierState()
        result.reserveCapacity(foreignState.count + directory.count)
        for (key, timestamps) in foreignState { result[key] = timestamps }
        for index in 0..<directory.count {
            let timestamps = VerifierState.Timestamps(
                lastBeaconMs: PoCVerifier.optional(hotspotState[index].lastBeacon),
                lastBeaconReciprocityMs: PoCVerifier.optional(hotspotState[index].lastBeaconReciprocity),
                lastWitnessMs: PoCVerifier.optional(hotspotState[index].lastWitness)
            )
            if !timestamps.isEmpty, directory.id(ofRecordAt: index) != nil {
                result[directory.hotspots[index].key] = timestamps
            }
        }
        return result
    }

    /// The current timestamps of one hotspot.
    public func timestamps(of id: HotspotID) -> VerifierState.Timestamps {
        VerifierState.Timestamps(
            lastBeaconMs: PoCVerifier.optional(hotspotState[id.index].lastBeacon),
            lastBeaconReciprocityMs: PoCVerifier.optional(hotspotState[id.index].lastBeaconReciprocity),
            lastWitnessMs: PoCVerifier.optional(hotspotState[id.index].lastWitness)
        )
    }

    /// `last_beacon_reciprocity` of every directory hotspot, by ``HotspotID/index`` (for density activity, §6.2).
    public var lastBeaconReciprocityByHotspot: [Int64?] {
        hotspotState.map { PoCVerifier.optional($0.lastBeaconReciprocity) }
    }

    /// The density population at a map build time T (§6.2): the asserted locations of the directory's hotspots
    /// whose `last_beacon_reciprocity` is at least T − 60 min − 60 h, in directory order. Feed it to
    /// `HexDensity.compute` and assign `.result(…)` to ``densityScales``.
    public func activeLocations(atBuildTimeMs buildTimeMs: Int64) -> [H3Cell] {
        HexDensity.activeLocations(
            directory.hotspots.indices.map { index in
                DensityCandidate(
                    location: directory.hotspots[index].location,
                    lastBeaconReciprocityMilliseconds: PoCVerifier.optional(
                        hotspotState[index].lastBeaconReciprocity
                    )
                )
            },
            buildTimeMilliseconds: buildTimeMs
        )
    }

    /// ``activeLocations(atBuildTimeMs:)`` in ascending cell order instead of directory order: the same locations
    /// (so the same density map), already in the order the density engine sorts them into, which makes its sorts
    /// single linear passes.
    public func activeLocationsByCell(atBuildTimeMs buildTimeMs: Int64) -> [H3Cell] {
        var active: [H3Cell] = []
        active.reserveCapacity(locationOrder.count)
        for (reciprocity, raw) in zip(locationOrderReciprocity, locationOrderCells) {
            let last = PoCVerifier.optional(reciprocity)
            if DensityActivity.isActive(lastBeaconReciprocityMilliseconds: last, buildTimeMilliseconds: buildTimeMs) {
                active.append(H3Cell(rawValue: raw))
            }
        }
        return active
    }

    /// The beaconer's density scale: the map's value for its asserted cell, else 0.2.
    public func transmitScale(forBeaconerAt location: H3Cell) -> (scale: Decimal4, isDefault: Bool) {
        if let scale = densityScales.scale(at: location) { return (scale, false) }
        return (PoCRules.defaultTransmitScale, true)
    }

    /// ``transmitScale(forBeaconerAt:)`` of a directory hotspot's asserted cell, through the per-hotspot table
    /// when the map is a density result.
    private mutating func transmitScale(ofAsserted id: HotspotID, at location: H3Cell) -> (
        scale: Decimal4, isDefault: Bool
    ) {
        guard case .result(let map) = densityScales else { return transmitScale(forBeaconerAt: location) }
        if beaconerScales == nil { beaconerScales = scalesByHotspot(map) }
        let value = beaconerScales.unsafelyUnwrapped[id.index]
        if value < 0 { return (PoCRules.defaultTransmitScale, true) }
        return (Decimal4(tenThousandths: Int64(value)), false)
    }

    /// Every directory hotspot's scale in `map` (−1 when absent), by one merge of the hotspots in cell order with
    /// the map's sorted locations.
    private func scalesByHotspot(_ map: DensityResult) -> [Int32] {
        var scales = [Int32](repeating: -1, count: directory.count)
        let locations = map.locations
        var position = 0
        for (index, raw) in zip(locationOrder, locationOrderCells) {
            while position < locations.count && locations[position] < raw { position += 1 }
            if position < locations.count && locations[position] == raw {
                scales[Int(index)] = Int32(map.locationScales[position].tenThousandths)
            }
        }
        return scales
    }

    // MARK: Verification

    /// How many leading bytes of a witness report `verify` reads (through `frequencyHz`; the fields after it
    /// are not checked), so that ``prefetch(beaconer:witnesses:witnessHotspots:)`` skips the report's last line.
    private static let reportBytesRead: Int = {
        let fields: [PartialKeyPath<WitnessReport>] = [
            \.pubKey, \.receivedTimestampMs, \.data, \.signalDeciDBm, \.snrDeciDB, \.frequencyHz,
        ]
        var end = 0
        for field in fields {
            guard let offset = MemoryLayout<WitnessReport>.offset(of: field) else {
                return MemoryLayout<WitnessReport>.size
            }
            end = max(end, offset + 8)
        }
        return min(end, MemoryLayout<WitnessReport>.size)
    }()

    /// Starts loading what ``verify(beacon:beaconer:witnesses:witnessHotspots:)`` will read for a PoC — the
    /// beaconer's entry, state record, scale and location rank, each witness report and each witness's entry and state record —
    /// without waiting for it. Call it for the next PoC before verifying the current one: the cache misses then
    /// overlap with the current PoC's work. It changes nothing.
    public func prefetch(beaconer: HotspotID?, witnesses: [WitnessReport], witnessHotspots: [HotspotID?]) {
        witnesses.withUnsafeBufferPointer { reports in
            witnessHotspots.withUnsafeBufferPointer { hotspots in
                prefetch(beaconer: beaconer, witnesses: reports, witnessHotspots: hotspots)
            }
        }
    }

    /// ``prefetch(beaconer:witnesses:witnessHotspots:)`` for reports and ids read in place.
    package func prefetch(
        beaconer: HotspotID?,
        witnesses reports: UnsafeBufferPointer<WitnessReport>,
        witnessHotspots: UnsafeBufferPointer<HotspotID?>
    ) {
        if let base = reports.baseAddress {
            let used = PoCVerifier.reportBytesRead
            for index in reports.indices { CachePrefetch.bytes(UnsafeRawPointer(base + index), count: used) }
        }
        directory.entries.withUnsafeBufferPointer { entries in
            hotspotState.withUnsafeBufferPointer { states in
                guard let entryBase = entries.baseAddress, let stateBase = states.baseAddress else { return }
                if let beaconer, beaconer.index < entries.count, beaconer.index < states.count {
                    CachePrefetch.element(entryBase, beaconer.index)
                    CachePrefetch.element(stateBase, beaconer.index)
                    beaconerScales?.withUnsafeBufferPointer { scales in
                        if let base = scales.baseAddress, beaconer.index < scales.count {
                            CachePrefetch.element(base, beaconer.index)
                        }
                    }
                    locationRank.withUnsafeBufferPointer { ranks in
                        if let base = ranks.baseAddress, beaconer.index < ranks.count {
                            CachePrefetch.element(base, beaconer.index)
                        }
                    }
                }
                for case let id? in witnessHotspots where id.index < entries.count && id.index < states.count {
                    CachePrefetch.element(entryBase, id.index)
                    CachePrefetch.element(stateBase, id.index)
                }
            }
        }
    }

    /// Records a hotspot's last beacon that counts for reciprocity, in its state record and in
    /// ``locationOrderReciprocity``, which must stay in step (the only write after `init`).
    private mutating func setLastBeaconReciprocity(_ milliseconds: Int64, ofHotspotAt index: Int) {
        hotspotState[index].lastBeaconReciprocity = milliseconds
        let rank = locationRank[index]
        if rank >= 0 { locationOrderReciprocity[Int(rank)] = milliseconds }
    }

    /// The regular witness checks in Helium's order (§3): the first one in a report's failure set is its reason.
    private static let witnessCheckOrder: [InvalidReason] = [
        .duplicate, .gatewayNotFound, .notAsserted, .denied, .deniedEdge, .selfWitness, .entropyExpired, .tooLate,
        .invalidPacket, .invalidCapability, .invalidFrequency, .invalidRegion, .belowMinDistance,
        .maxDistanceExceeded, .badRssi,
    ]

    /// The `legacy` order (§10): `helium-2024` steps D, P1, P2, 1–7, then blockchain-core's checks.
    private static let legacyCheckOrder: [InvalidReason] = [
        .duplicate, .gatewayNotFound, .notAsserted, .denied, .deniedEdge, .selfWitness, .entropyExpired, .tooLate,
        .invalidPacket, .invalidCapability, .witnessZeroFreq, .invalidRegion, .maxDistanceExceeded, .belowMinDistance,
        .pentagonalDistortion, .badRssi, .invalidFrequency, .witnessRSSIBelowLowerBound,
    ]

    /// Verifies one PoC and applies its state writes (§4.2).
    ///
    /// - Parameters:
    ///   - beacon: the beacon report.
    ///   - witnesses: the witness reports joined to it, in any order (they are evaluated stably sorted by received
    ///     time; verdicts come back in the given order).
    /// - Returns: the PoC id, the beacon verdict and one witness verdict per report.
    public mutating func verify(beacon: BeaconReport, witnesses: [WitnessReport]) -> PoCResult {
        verify(
            beacon: beacon,
            beaconer: directory.id(forKey: beacon.pubKey),
            witnesses: witnesses,
            witnessHotspots: witnesses.map { directory.id(forKey: $0.pubKey) }
        )
    }

    /// ``verify(beacon:witnesses:)`` with the keys already looked up in ``directory``, so that the lookups — a
    /// hash and one or two cache misses per report — can run on another thread (the verify pipeline resolves them
    /// on its parser threads, which run in parallel with the verifying thread).
    ///
    /// - Parameters:
    ///   - beacon: the beacon report.
    ///   - beaconer: `directory.id(forKey: beacon.pubKey)`.
    ///   - witnesses: the witness reports joined to it, in any order.
    ///   - witnessHotspots: `directory.id(forKey: witnesses[i].pubKey)` for every i (same count as `witnesses`).
    /// - Returns: the same result as ``verify(beacon:witnesses:)``.
    public mutating func verify(
        beacon: BeaconReport,
        beaconer beaconerID: HotspotID?,
        witnesses: [WitnessReport],
        witnessHotspots: [HotspotID?]
    ) -> PoCResult {
        precondition(witnessHotspots.count == witnesses.count, "one resolved hotspot per witness report")
        var verdicts: [WitnessVerdict] = []
        verdicts.reserveCapacity(witnesses.count)
        let outcome = witnesses.withUnsafeBufferPointer { reports in
            witnessHotspots.withUnsafeBufferPointer { hotspots in
                verify(
                    beacon: beacon,
                    beaconer: beaconerID,
                    witnesses: reports,
                    witnessHotspots: hotspots,
                    into: &verdicts
                )
            }
        }
        return PoCResult(
            payload: beacon.data,
            beacon: outcome.beacon,
            witnesses: verdicts,
            denylistTag: outcome.denylistTag
        )
    }

    /// ``verify(beacon:beaconer:witnesses:witnessHotspots:)`` on reports and ids read in place, appending the
    /// witness verdicts (index for index with `witnesses`) to `verdicts` instead of returning an array of their
    /// own: the verify pipeline keeps the verdicts of many PoCs end to end in one array (one allocation per batch
    /// of PoCs, not one per PoC).
    ///
    /// - Returns: the beacon verdict and the PoC's denylist tag (``PoCResult/denylistTag``).
    package mutating func verify(
        beacon: BeaconReport,
        beaconer beaconerID: HotspotID?,
        witnesses: UnsafeBufferPointer<WitnessReport>,
        witnessHotspots: UnsafeBufferPointer<HotspotID?>,
        into verdicts: inout [WitnessVerdict]
    ) -> (beacon: BeaconVerdict, denylistTag: String?) {
        precondition(witnessHotspots.count == witnesses.count, "one resolved hotspot per witness report")
        let base = verdicts.count
        pocSerial &+= 1
        if pocSerial == 0 {  // wrapped: forget the old serials
            for index in hotspotState.indices { hotspotState[index].seenInPoC = 0 }
            pocSerial = 1
        }
        let count = witnesses.count
        let order = PoCVerifier.receivedOrder(witnesses)
        let beaconMs = Int64(beacon.receivedTimestampMs)
        let firstWitnessMs = count == 0 ? beaconMs : Int64(witnesses[order?[0] ?? 0].receivedTimestampMs)

        var verdict = BeaconVerdict(invalid: .gatewayNotFound)
        var entry: HotspotDirectory.Entry?
        if let beaconerID {
            let found = directory.entries[beaconerID.index]
            entry = found
            verdict.hotspot = beaconerID
            if found.isAsserted {
                let location = H3Cell(rawValue: found.location)
                verdict.location = location
                let (scale, isDefault) = transmitScale(ofAsserted: beaconerID, at: location)
                verdict.beaconerScale = scale
                verdict.usedDefaultScale = isDefault
            }
        }
        let entropyStart = beacon.entropyTimestampSeconds.map(Int64.init)
        let payloadOn =
            configuration.payloadDerivation && entropyStart != nil && beacon.remoteEntropy != nil
            && beacon.localEntropy != nil

        // P1–P3.
        var beaconFailure: InvalidReason?
        var beaconFailureSide = ParticipantSide.beaconer
        if let entry, let beaconerID {
            if !entry.isAsserted || entry.regionCode == HotspotDirectory.unresolvedRegion {
                beaconFailure = .notAsserted
            } else if payloadOn && plan(forRegionCode: entry.regionCode) == nil {
                beaconFailure = .stale
                beaconFailureSide = .witness
            } else {
                // Checks 1–5, then the state writes of §4.1.
                let index = beaconerID.index
                verdict.entropyWindowChecked = entropyStart != nil
                verdict.payloadChecked = payloadOn
                verdict.previousLastBeaconMs = PoCVerifier.optional(hotspotState[index].lastBeacon)
                if hotspotState[index].denied {
                    beaconFailure = .denied
                    verdict.denylistTag = denylist.tag
                } else if let start = entropyStart,
                    !PoCRules.isWithinEntropyWindow(receivedMs: beaconMs, entropyStartSeconds: start)
                {
                    beaconFailure = .entropyExpired
                } else if !entry.isFullHotspot {
                    beaconFailure = .invalidCapability
                } else if hotspotState[index].lastBeacon != PoCVerifier.none,
                    PoCRules.beaconBucket(beaconMs) <= PoCRules.beaconBucket(hotspotState[index].lastBeacon)
                {
                    beaconFailure = .irregularInterval
                } else if payloadOn && !payloadMatches(beacon, entry: entry) {
                    beaconFailure = .invalidPacket
                }
                hotspotState[index].lastBeacon = beaconMs
                if beaconFailure == nil && count > 0 { setLastBeaconReciprocity(beaconMs, ofHotspotAt: index) }
            }
        }
        if beaconerID == nil { beaconFailure = .gatewayNotFound }

        // Witness checks (only for a beacon valid so far), in received order.
        let checksRun = beaconFailure == nil
        let beaconerScale = verdict.beaconerScale ?? PoCRules.defaultTransmitScale
        // Reports already in received order (the usual case) get their verdicts appended as they are made; only a
        // permutation needs placeholders to assign into (each ~230-byte verdict written once, not twice).
        // (No `reserveCapacity` here: reserving base + count each PoC would grow the shared array one PoC at a
        // time, copying it every time; the caller reserves for the whole batch.)
        if order != nil {
            let placeholder = WitnessVerdict(invalid: .duplicate, side: .witness, rssiDBm: 0)
            for _ in 0..<count { verdicts.append(placeholder) }
        }
        // A first pass, in received order, gathers each witness's directory entry and finds the duplicates (a key
        // already evaluated in this PoC). Its loads of the entries and state records of different witnesses do
        // not depend on each other, so their cache misses overlap; the check loop below then finds them in cache
        // (one loop stalled on one miss after another: the entry loads were over half of this function's time).
        let entries = directory.entries  // one reference for the loops
        var witnessEntries = scratchEntries
        var duplicates = scratchDuplicates
        scratchEntries = []
        scratchDuplicates = []
        witnessEntries.removeAll(keepingCapacity: true)
        duplicates.removeAll(keepingCapacity: true)
        var unknownKeysSeen: [String] = []
        for rank in 0..<count {
            let inputIndex = order?[rank] ?? rank
            if let witnessID = witnessHotspots[inputIndex] {
                witnessEntries.append(entries[witnessID.index])
                duplicates.append(hotspotState[witnessID.index].seenInPoC == pocSerial)
                hotspotState[witnessID.index].seenInPoC = pocSerial
            } else {
                witnessEntries.append(nil)
                duplicates.append(unknownKeysSeen.contains(witnesses[inputIndex].pubKey))
                if !duplicates[rank] { unknownKeysSeen.append(witnesses[inputIndex].pubKey) }
            }
        }
        defer {
            scratchEntries = witnessEntries
            scratchDuplicates = duplicates
        }
        for rank in 0..<count {
            let inputIndex = order?[rank] ?? rank
            // Fields are read from the array element directly: binding the whole report would retain its key and
            // payload storage for every witness.
            let witnessMs = Int64(witnesses[inputIndex].receivedTimestampMs)
            let witnessFrequency = witnesses[inputIndex].frequencyHz
            let witnessID = witnessHotspots[inputIndex]
            var witness = WitnessVerdict(
                invalid: .duplicate,
                side: .witness,
                rssiDBm: Double(witnesses[inputIndex].signalDeciDBm) / 10.0
            )
            witness.receivedRank = rank
            witness.hotspot = witnessID
            witness.frequencyOffsetHz = witnessFrequency - beacon.frequencyHz
            witness.lagFromBeaconMs = witnessMs - beaconMs
            witness.lagFromFirstWitnessMs = witnessMs - firstWitnessMs

            let isDuplicate = duplicates[rank]

            let witnessEntry = witnessEntries[rank]
            if let found = witnessEntry {
                if found.isAsserted { witness.location = H3Cell(rawValue: found.location) }
                if let entry, entry.isAsserted, found.isAsserted {
                    measure(
                        &witness,
                        txPowerDBm: beacon.txPowerDBm,
                        frequencyHz: witnessFrequency,
                        beaconer: entry,
                        witness: found
                    )
                }
            }

            if checksRun, let entry, let beaconerID {
                var failed = InvalidReasonSet()
                if isDuplicate { failed.insert(.duplicate) }
                if let start = entropyStart {
                    witness.entropyWindowChecked = true
                    if !PoCRules.isWithinEntropyWindow(receivedMs: witnessMs, entropyStartSeconds: start) {
                        failed.insert(.entropyExpired)
                    }
                }
                if PoCVerifier.isTooLate(beaconMs: beaconMs, firstWitnessMs: firstWitnessMs, witnessMs: witnessMs) {
                    failed.insert(.tooLate)
                }
                if witnesses[inputIndex].data != beacon.data { failed.insert(.invalidPacket) }
                let legacy = configuration.profile == .legacy
                if !legacy && abs(witnessFrequency - beacon.frequencyHz) > PoCRules.maxFrequencyOffsetHz {
                    failed.insert(.invalidFrequency)
                }
                if let witnessID, let found = witnessEntry {
                    let index = witnessID.index
                    if !found.isAsserted || found.regionCode == HotspotDirectory.unresolvedRegion {
                        failed.insert(.notAsserted)
                    }
                    if hotspotState[index].denied { failed.insert(.denied) }
                    if !deniedEdges.isEmpty, deniedEdges.contains(PoCVerifier.edgeKey(beaconerID.index, index)) {
                        failed.insert(.deniedEdge)
                    }
                    if index == beaconerID.index { failed.insert(.selfWitness) }
                    if !found.isFullHotspot { failed.insert(.invalidCapability) }
                    if legacy {
                        legacyChecks(
                            &witness,
                            &failed,
                            beacon: beacon,
                            beaconer: entry,
                            witness: found,
                            witnessFrequencyHz: witnessFrequency,
                            snrDeciDB: witnesses[inputIndex].snrDeciDB
                        )
                    } else if found.isAsserted {
                        if found.regionCode >= 0, entry.regionCode >= 0, found.regionCode != entry.regionCode {
                            failed.insert(.invalidRegion)
                        }
                        if let grid = witness.gridDistanceRes11 {
                            if grid < PoCRules.minimumCellDistance { failed.insert(.belowMinDistance) }
                        } else {
                            failed.insert(.belowMinDistance)
                        }
                        if let meters = witness.distanceMeters {
                            if meters / 1000 > PoCRules.distanceLimitKilometers { failed.insert(.maxDistanceExceeded) }
                        } else {
                            failed.insert(.maxDistanceExceeded)
                        }
                        if let bound = witness.maxRSSIDBm {
                            if PoCRules.isTooLoud(rssiDBm: witness.rssiDBm, boundDBm: bound) { failed.insert(.badRssi) }
                        } else {
                            failed.insert(.badRssi)
                        }
                    }
                } else {
                    failed.insert(.gatewayNotFound)
                }
                witness.failedChecks = failed
                if failed.isEmpty {
                    witness.status = .valid
                    witness.invalidReason = nil
                    witness.participantSide = .none
                    witness.hexScale = beaconerScale
                    if let witnessID { hotspotState[witnessID.index].lastWitness = witnessMs }
                } else {
                    var first = InvalidReason.duplicate
                    let order = legacy ? PoCVerifier.legacyCheckOrder : PoCVerifier.witnessCheckOrder
                    for reason in order where failed.contains(reason) {
                        first = reason
                        break
                    }
                    witness.invalidReason = first
                    witness.participantSide = .witness
                    if first == .denied || first == .deniedEdge { witness.matchedDenylist = true }
                    witness.dropped = first == .selfWitness
                }
            }
            if order == nil { verdicts.append(witness) } else { verdicts[base + inputIndex] = witness }
        }

        // Beacon reciprocity (after the witness checks; the writes above stand whatever happens).
        if beaconFailure == nil, let beaconerID {
            let last = hotspotState[beaconerID.index].lastWitness
            verdict.lastWitnessMs = PoCVerifier.optional(last)
            if configuration.checksReciprocity,
                last == PoCVerifier.none || beaconMs - last >= PoCRules.reciprocityWindowMs
            {
                beaconFailure = .gatewayNoValidWitnesses
            }
        }

        if let reason = beaconFailure {
            // An invalid beacon invalidates every witness report with its reason and details.
            verdict.status = .invalid
            verdict.invalidReason = reason
            if reason != .denied { verdict.denylistTag = nil }
            for index in 0..<count {
                verdicts[base + index].status = .invalid
                verdicts[base + index].invalidReason = reason
                verdicts[base + index].participantSide = beaconFailureSide
                verdicts[base + index].matchedDenylist = verdict.denylistTag != nil
                verdicts[base + index].dropped = false
                verdicts[base + index].hexScale = .zero
            }
            return (verdict, verdict.denylistTag)
        }

        // Witness reciprocity, for the witnesses that passed the regular checks (the only valid ones so far).
        for index in 0..<count where verdicts[base + index].status == .valid {
            guard let id = verdicts[base + index].hotspot else { continue }
            let last = hotspotState[id.index].lastBeaconReciprocity
            verdicts[base + index].lastBeaconReciprocityMs = PoCVerifier.optional(last)
            let witnessMs = Int64(witnesses[index].receivedTimestampMs)
            guard configuration.checksReciprocity else { continue }
            if last == PoCVerifier.none || witnessMs - last >= PoCRules.reciprocityWindowMs {
                verdicts[base + index].status = .invalid
                verdicts[base + index].invalidReason = .gatewayNoValidBeacons
                verdicts[base + index].participantSide = .witness
            }
        }

        // Selection (§5.1): the first 14 valid witnesses by received time; self witnesses are already dropped
        // (they are invalid).
        var validCount = 0
        for rank in 0..<count {
            let index = order?[rank] ?? rank
            guard verdicts[base + index].status == .valid else { continue }
            validCount += 1
            verdicts[base + index].validRank = validCount
            verdicts[base + index].selected = validCount <= PoCRules.maxWitnessesPerPoC
        }
        let selectedCount = min(validCount, PoCRules.maxWitnessesPerPoC)
        let units = unitTable[selectedCount]
        for index in 0..<count where verdicts[base + index].selected {
            verdicts[base + index].rewardUnit = units.perWitness
        }
        verdict.status = .valid
        verdict.invalidReason = nil
        verdict.denylistTag = nil
        verdict.hexScale = beaconerScale
        verdict.rewardUnit = units.beaconer
        verdict.selectedWitnessCount = selectedCount
        let matched = verdicts[base...].contains { $0.matchedDenylist }
        return (verdict, matched ? denylist.tag : nil)
    }

    /// The `legacy` replacement for steps 8–12 (POC-RULES §10, blockchain-core `tagged_witnesses`): records every
    /// failing check and replaces the verdict's bound with MinRcvSig. Checks that need a region plan the verifier
    /// does not have (the frequency check; the TxPower estimate for a report with tx_power 0) are skipped, where
    /// blockchain-core would have crashed.
    private func legacyChecks(
        _ witness: inout WitnessVerdict,
        _ failed: inout InvalidReasonSet,
        beacon: BeaconReport,
        beaconer: HotspotDirectory.Entry,
        witness other: HotspotDirectory.Entry,
        witnessFrequencyHz: Int,
        snrDeciDB: Int?
    ) {
        let rules = configuration.legacyRules
        witness.maxRSSIDBm = nil
        witness.rssiMarginDB = nil
        if rules.discardZeroFrequency && witnessFrequencyHz == 0 { failed.insert(.witnessZeroFreq) }
        guard other.isAsserted else { return }
        if other.regionCode >= 0, beaconer.regionCode >= 0, other.regionCode != beaconer.regionCode {
            failed.insert(.invalidRegion)
        }
        let distance = LegacyPhysics.distanceKilometers(
            H3Cell(rawValue: beaconer.location),
            H3Cell(rawValue: other.location)
        )
        witness.legacyDistanceKilometers = distance
        if let limit = rules.distanceLimitKilometers, let distance, distance > limit {
            failed.insert(.maxDistanceExceeded)
        }
        if let grid = witness.gridDistanceRes11 {
            if grid < rules.exclusionCells { failed.insert(.belowMinDistance) }
        } else {
            failed.insert(.pentagonalDistortion)
        }
        let plan = plan(forRegionCode: beaconer.regionCode)
        let frequency = Double(witnessFrequencyHz)
        var txPower: Double? = beacon.txPowerDBm != 0 ? Double(beacon.txPowerDBm) : nil
        if txPower == nil, let plan {
            txPower = LegacyPhysics.estimatedTxPowerDBm(
                frequencyHz: frequency,
                channels: plan.channels.map { (Double($0.frequencyHz), $0.maxEIRPTenthsDBm) }
            )
        }
        if let distance, let txPower {
            let fspl = LegacyPhysics.freeSpacePathLossDB(
                frequencyHz: frequency,
                distanceKilometers: distance,
                witnessGainTenthsDBi: other.gainTenthsDBi
            )
            let minimumSignal = (txPower - fspl) * (rules.fsplLoss ?? 1)
            witness.maxRSSIDBm = minimumSignal
            witness.rssiMarginDB = minimumSignal - witness.rssiDBm
            if PoCRules.isTooLoudLegacy(rssiDBm: witness.rssiDBm, minimumReceivedSignalDBm: minimumSignal) {
                failed.insert(.badRssi)
            }
        }
        if let plan, !plan.channels.contains(where: { abs(Double($0.frequencyHz) - frequency) <= 1000 }) {
            failed.insert(.invalidFrequency)
        }
        if rules.pocVersion < 11, let snr = snrDeciDB {
            if witness.rssiDBm < LegacyPhysics.rssiLowerBoundDBm(snrDB: Double(snr) / 10.0) {
                failed.insert(.witnessRSSIBelowLowerBound)
            }
        }
    }

    /// The lag rule (§3.1): with B ≤ F, invalid when W − B > 4000 ms; otherwise invalid when W − F > 1500 ms.
    @inline(__always)
    static func isTooLate(beaconMs: Int64, firstWitnessMs: Int64, witnessMs: Int64) -> Bool {
        if beaconMs <= firstWitnessMs {
            return witnessMs - beaconMs > PoCRules.maxBeaconToWitnessLagMs
        }
        return witnessMs - firstWitnessMs > PoCRules.maxWitnessLagMs
    }

    /// Distance, grid distance and RSSI bound of one beaconer–witness pair.
    @inline(__always)
    private func measure(
        _ witness: inout WitnessVerdict,
        txPowerDBm: Int,
        frequencyHz: Int,
        beaconer: HotspotDirectory.Entry,
        witness other: HotspotDirectory.Entry
    ) {
        witness.gridDistanceRes11 = HotspotDirectory.gridDistance(beaconer, other)
        guard beaconer.hasCentre && other.hasCentre else { return }
        let meters = PoCPhysics.distanceMeters(
            from: beaconer.centre,
            cosLatitude: beaconer.cosLatitude,
            to: other.centre,
            cosLatitude: other.cosLatitude
        )
        guard let rounded = PoCPhysics.roundedDistanceMeters(meters) else { return }
        witness.distanceMeters = rounded
        let bound = PoCPhysics.expectedRSSIDBm(
            txPowerDBm: txPowerDBm,
            frequencyHz: frequencyHz,
            distanceMeters: rounded,
            beaconerGainTenthsDBi: beaconer.gainTenthsDBi,
            witnessGainTenthsDBi: other.gainTenthsDBi
        )
        witness.maxRSSIDBm = bound
        witness.rssiMarginDB = bound - witness.rssiDBm
    }

    private func plan(forRegionCode code: Int32) -> RegionPlan? {
        code >= 0 ? plansByRegionCode[Int(code)] : nil
    }

    /// §2 step 5: rebuild the beacon and compare data, frequency and (when reported) data rate.
    private func payloadMatches(_ beacon: BeaconReport, entry: HotspotDirectory.Entry) -> Bool {
        guard let plan = plan(forRegionCode: entry.regionCode), let remote = beacon.remoteEntropy,
            let local = beacon.localEntropy, let start = beacon.entropyTimestampSeconds
        else { return false }
        guard
            let derived = try? DerivedBeacon.derive(
                remoteEntropy: remote,
                entropyStartSeconds: Int64(start),
                entropyVersion: beacon.entropyVersion ?? 0,
                localEntropy: local,
                plan: plan,
                gainTenthsDBi: entry.gainTenthsDBi
            )
        else { return false }
        guard PayloadBytes(derived.data) == beacon.data, derived.frequencyHz == beacon.frequencyHz else { return false }
        if let rate = beacon.dataRate, rate != derived.dataRate { return false }
        return true
    }

    /// The stable received-time order of the reports, or nil when they are already in order.
    private static func receivedOrder(_ witnesses: UnsafeBufferPointer<WitnessReport>) -> [Int]? {
        var sorted = true
        var index = 1
        while index < witnesses.count {
            if witnesses[index].receivedTimestampMs < witnesses[index - 1].receivedTimestampMs {
                sorted = false
                break
            }
            index += 1
        }
        if sorted { return nil }
        return witnesses.indices.sorted {
            let a = witnesses[$0].receivedTimestampMs
            let b = witnesses[$1].receivedTimestampMs
            return a != b ? a < b : $0 < $1
        }
    }
}
