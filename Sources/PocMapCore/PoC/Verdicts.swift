/// The verdict on one beacon report (FORMATS §2.1, beacon lines).
public struct BeaconVerdict: Hashable, Sendable {
    /// `valid` or `invalid`.
    public var status: VerificationStatus
    /// Helium's first failure (nil when valid).
    public var invalidReason: InvalidReason?
    /// The denylist tag when the reason is `denied`.
    public var denylistTag: String?
    /// The beaconer, when its key is registered.
    public var hotspot: HotspotID?
    /// The beaconer's asserted cell, when known.
    public var location: H3Cell?
    /// The applied hex scale: the beaconer's scale for a valid beacon, otherwise 0.
    public var hexScale: Decimal4
    /// The beaconer's reward unit (HIP-15 TX unit for the selected witness count; 0 when invalid).
    public var rewardUnit: Decimal4
    /// The beaconer's density scale looked up for this PoC (whatever the verdict), when the beaconer is asserted.
    public var beaconerScale: Decimal4?
    /// Whether ``beaconerScale`` is the 0.2 default because the location is absent from the density map.
    public var usedDefaultScale: Bool
    /// Whether the entropy window (§2 step 2) was evaluated; false when `entropy_timestamp` is absent.
    public var entropyWindowChecked: Bool
    /// Whether the payload derivation (§9) was evaluated; false when entropy is absent or derivation is off.
    public var payloadChecked: Bool
    /// The number of selected witnesses (w).
    public var selectedWitnessCount: Int
    /// `last_beacon` as the schedule check read it.
    public var previousLastBeaconMs: Int64?
    /// `last_witness` of the beaconer as beacon reciprocity read it (nil when not reached or never written).
    public var lastWitnessMs: Int64?

    /// An invalid verdict with no numbers.
    package init(invalid reason: InvalidReason) {
        status = .invalid
        invalidReason = reason
        denylistTag = nil
        hotspot = nil
        location = nil
        hexScale = .zero
        rewardUnit = .zero
        beaconerScale = nil
        usedDefaultScale = false
        entropyWindowChecked = false
        payloadChecked = false
        selectedWitnessCount = 0
        previousLastBeaconMs = nil
        lastWitnessMs = nil
    }
}

/// The verdict on one witness report, with every number behind it (FORMATS §2.1, witness lines;
/// POC-RULES §11).
public struct WitnessVerdict: Hashable, Sendable {
    // Stored in an order that packs the value: the eight-byte fields first, then each optional (nine bytes)
    // followed by what fits in its padding. One verdict is written per witness report and read twice more.

    /// Every regular witness check (§3 steps D, P1, P2, 1–12) that failed, not only the first; empty when the
    /// witness checks did not run (invalid beacon).
    public var failedChecks: InvalidReasonSet
    /// 0-based position in the PoC's received order (stable for equal times).
    public var receivedRank: Int
    /// The reported RSSI, signal/10.0 dBm.
    public var rssiDBm: Double
    /// W − F: this report's received time minus the PoC's earliest witness report.
    public var lagFromFirstWitnessMs: Int64
    /// The applied hex scale: **the beaconer's** scale when the witness passed the regular checks (1–12) of a
    /// valid PoC, otherwise 0.
    public var hexScale: Decimal4
    /// The HIP-15 RX unit when selected, otherwise 0.
    public var rewardUnit: Decimal4

    /// The witness, when its key is registered.
    public var hotspot: HotspotID?
    /// `valid` or `invalid`.
    public var status: VerificationStatus
    /// Helium's first failure (nil when valid).
    public var invalidReason: InvalidReason?
    /// The side blamed: `beaconer` when inherited from the beacon, `witness` for the witness's own failure,
    /// `none` when valid or when there is no beacon.
    public var participantSide: ParticipantSide
    /// Whether the reason came from the denylist (`denied`, `denied_edge`, or an inherited `denied`); the tag is
    /// ``PoCResult/denylistTag``. (A flag rather than the string keeps this verdict a plain value: copying it
    /// touches no reference count.)
    public var matchedDenylist: Bool
    /// One of the first 14 valid witnesses by received time (rewarded).
    public var selected: Bool
    /// A `self_witness` report, dropped from the PoC's witness lists (§5.1; listed only in diagnostics).
    public var dropped: Bool
    /// Whether the entropy window was evaluated for this report.
    public var entropyWindowChecked: Bool

    /// The witness's asserted cell, when known.
    public var location: H3Cell?
    /// Haversine distance between the two asserted cell centres, whole metres; nil when unknown.
    public var distanceMeters: UInt32?

    /// 1-based rank among the valid witnesses (after reciprocity), nil when invalid; > 14 means "valid, not
    /// selected".
    public var validRank: Int?
    /// Grid distance between the res-11 parents; nil when it cannot be computed (which is `below_min_distance`).
    public var gridDistanceRes11: Int?
    /// The RSSI bound, nil when not computed: `helium-2024`'s free-space bound (§3.4; valid when RSSI ≤ it), or
    /// under `legacy` MinRcvSig (§10; valid when RSSI < it).
    public var maxRSSIDBm: Double?
    /// Under `legacy`: blockchain-core's distance in km (Vincenty between the cell centres minus a hex
    /// adjustment per end), nil otherwise.
    public var legacyDistanceKilometers: Double?
    /// maxRSSIDBm − rssiDBm; negative means too loud.
    public var rssiMarginDB: Double?
    /// f_witness − f_beacon in Hz (nil when there is no beacon).
    public var frequencyOffsetHz: Int?
    /// W − B: this report's received time minus the beacon's (nil when there is no beacon).
    public var lagFromBeaconMs: Int64?
    /// `last_beacon_reciprocity` of the witness as witness reciprocity read it.
    public var lastBeaconReciprocityMs: Int64?

    /// An invalid verdict with no numbers (`rssiDBm` from the report).
    init(invalid reason: InvalidReason, side: ParticipantSide, rssiDBm: Double) {
        status = .invalid
        invalidReason = reason
        participantSide = side
        failedChecks = InvalidReasonSet()
        matchedDenylist = false
        hotspot = nil
        location = nil
        selected = false
        dropped = false
        receivedRank = 0
        validRank = nil
        distanceMeters = nil
        gridDistanceRes11 = nil
        self.rssiDBm = rssiDBm
        maxRSSIDBm = nil
        legacyDistanceKilometers = nil
        rssiMarginDB = nil
        frequencyOffsetHz = nil
        lagFromBeaconMs = nil
        lagFromFirstWitnessMs = 0
        entropyWindowChecked = false
        lastBeaconReciprocityMs = nil
        hexScale = .zero
        rewardUnit = .zero
    }
}

/// The outcome of one PoC: its beacon verdict and one verdict per witness report, in the order the reports were
/// given.
public struct PoCResult: Hashable, Sendable {
    /// The beacon payload (the join key of the PoC).
    public var payload: PayloadBytes

    /// The PoC id: SHA-256 of the beacon payload (`poc_id`, FORMATS §2.1). Computed on demand (≈ 0.5 µs), so the
    /// hashing happens wherever the id is needed — typically in parallel output formatting — and not on the
    /// verifier's sequential path.
    public var pocID: SHA256Digest { SHA256Hasher.hash(payload) }
    /// The beacon's verdict.
    public var beacon: BeaconVerdict
    /// The witnesses' verdicts, index for index with the input reports.
    public var witnesses: [WitnessVerdict]
    /// The denylist's tag when the beacon or any witness verdict of this PoC matched the denylist.
    public var denylistTag: String?

    package init(payload: PayloadBytes, beacon: BeaconVerdict, witnesses: [WitnessVerdict], denylistTag: String?) {
        self.payload = payload
        self.beacon = beacon
        self.witnesses = witnesses
        self.denylistTag = denylistTag
    }

    /// The denylist tag of one witness verdict (`invalid_details.denylist_tag`), or nil.
    public func denylistTag(ofWitness index: Int) -> String? {
        witnesses[index].matchedDenylist ? denylistTag : nil
    }
}
