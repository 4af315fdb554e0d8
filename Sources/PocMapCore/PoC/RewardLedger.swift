/// Which proof-of-coverage share a hotspot earned.
public enum RewardShareKind: String, Hashable, Sendable, CaseIterable {
    /// The beaconer's share of a PoC.
    case beacon
    /// A selected witness's share of a PoC.
    case witness
}

/// One hotspot's shares in one epoch, exact: each share is hex_scale × reward_unit, a product of two
/// four-decimal numbers, so shares are counted in units of 10⁻⁸.
public struct HotspotShares: Hashable, Sendable {
    /// The hotspot key.
    public var key: String
    /// Σ beacon shares × 10⁸.
    public var beaconHundredMillionths: UInt64
    /// Σ witness shares × 10⁸.
    public var witnessHundredMillionths: UInt64

    /// Creates a record.
    public init(key: String, beaconHundredMillionths: UInt64 = 0, witnessHundredMillionths: UInt64 = 0) {
        self.key = key
        self.beaconHundredMillionths = beaconHundredMillionths
        self.witnessHundredMillionths = witnessHundredMillionths
    }

    /// The beacon shares as a decimal.
    public var beaconShares: Decimal15 { Decimal15(raw: UInt128(beaconHundredMillionths) * 10_000_000) }
    /// The witness shares as a decimal.
    public var witnessShares: Decimal15 { Decimal15(raw: UInt128(witnessHundredMillionths) * 10_000_000) }
}

/// Data transfer during an epoch, to size the unused data-transfer pool (POC-RULES §7).
public struct DataTransferUsage: Hashable, Sendable {
    /// Data credits spent on packet transfer in the epoch (1 DC = $0.00001).
    public var dataCredits: UInt64
    /// The HNT price in USD (one HNT = 10⁸ bones).
    public var hntPriceUSD: Decimal15

    /// Creates a usage record.
    public init(dataCredits: UInt64, hntPriceUSD: Decimal15) {
        self.dataCredits = dataCredits
        self.hntPriceUSD = hntPriceUSD
    }
}

/// Why an epoch's payout could not be computed.
public enum RewardComputationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The HNT price is zero.
    case zeroPrice
    /// An intermediate value left the 128-bit range (absurd inputs).
    case overflow

    /// One line that says what is wrong.
    public var description: String {
        switch self {
        case .zeroPrice: "the HNT price must be greater than zero to convert data credits to bones"
        case .overflow: "reward arithmetic overflowed 128 bits; check the emissions and price inputs"
        }
    }
}

/// One hotspot's reward in one epoch.
public struct HotspotReward: Hashable, Sendable {
    /// The hotspot key.
    public var key: String
    /// Its shares.
    public var shares: HotspotShares
    /// ⌊beacon per-share × beacon shares⌋ bones.
    public var beaconBones: UInt64
    /// ⌊witness per-share × witness shares⌋ bones.
    public var witnessBones: UInt64
}

/// The pools and rewards of one epoch (POC-RULES §7).
public struct EpochPayout: Hashable, Sendable {
    /// The epoch number (UTC day since 1970-01-01).
    public var epoch: Int64
    /// E, the epoch's IoT emissions in bones.
    public var emissionsBones: UInt64
    /// Data-transfer pool (50 % of E).
    public var dataTransferPool: Decimal15
    /// What the data-transfer pool pays out: the used bones, capped at the pool.
    public var dataTransferPaid: Decimal15
    /// The unused part of the data-transfer pool, redistributed 20 % to beacons and 80 % to witnesses.
    public var dataTransferUnused: Decimal15
    /// Beacon pool: 6 % of E + 20 % of the unused data-transfer pool (shown truncated to 15 decimals; the
    /// per-share amount is computed from the exact value, which may have a 16th decimal).
    public var beaconPool: Decimal15
    /// Witness pool: 24 % of E + 80 % of the unused data-transfer pool (truncated like ``beaconPool``).
    public var witnessPool: Decimal15
    /// Operations (7 % of E).
    public var operationsPool: Decimal15
    /// Oracles (7 % of E).
    public var oraclesPool: Decimal15
    /// Σ beacon shares of all hotspots.
    public var totalBeaconShares: Decimal15
    /// Σ witness shares of all hotspots.
    public var totalWitnessShares: Decimal15
    /// Beacon pool / total beacon shares, rounded half-even to 15 decimals (0 without shares).
    public var beaconPerShare: Decimal15
    /// Witness pool / total witness shares, rounded half-even to 15 decimals (0 without shares).
    public var witnessPerShare: Decimal15
    /// Every hotspot with a non-zero amount, sorted by key (UTF-8 byte order).
    public var rewards: [HotspotReward]
}

/// Collects PoC reward shares per UTC-day epoch and splits an epoch's pools among them (POC-RULES §7; helium/oracles
/// `reward_share.rs`).
///
/// Feed it every verified PoC (``record(_:beacon:witnesses:)``); then ask for ``shares(in:)`` or
/// ``payout(epoch:emissionsBones:dataTransfer:)``.
public struct RewardLedger: Sendable {
    private struct Key: Hashable, Sendable {
        var epoch: Int64
        var hotspot: String
    }

    private var table: [Key: HotspotShares] = [:]

    /// An empty ledger.
    public init() {}

    /// The epoch of a reward time: epoch e covers (e·86 400 s, (e+1)·86 400 s], start excluded, end included
    /// (HIP-138).
    public static func epoch(ofRewardTimeMs milliseconds: Int64) -> Int64 {
        PoCRules.floorDivide(milliseconds - 1, 86_400_000)
    }

    /// Adds one share: hex scale × reward unit, recorded only when both are positive.
    public mutating func add(
        _ kind: RewardShareKind,
        hotspotKey: String,
        rewardTimeMs: Int64,
        hexScale: Decimal4,
        rewardUnit: Decimal4
    ) {
        guard hexScale.tenThousandths > 0, rewardUnit.tenThousandths > 0 else { return }
        let share = UInt64(hexScale.tenThousandths) * UInt64(rewardUnit.tenThousandths)
        let key = Key(epoch: RewardLedger.epoch(ofRewardTimeMs: rewardTimeMs), hotspot: hotspotKey)
        switch kind {  // one lookup, the entry updated in place
        case .beacon: table[key, default: HotspotShares(key: hotspotKey)].beaconHundredMillionths += share
        case .witness: table[key, default: HotspotShares(key: hotspotKey)].witnessHundredMillionths += share
        }
    }

    /// Records the shares of one verified PoC: the beacon's at the beacon's received time and each selected valid
    /// witness's at **its own** received time (so one PoC can straddle two epochs).
    public mutating func record(_ result: PoCResult, beacon: BeaconReport, witnesses: [WitnessReport]) {
        record(result, beacon: beacon, witnesses: witnesses) { witnesses[$0].pubKey }
    }

    /// ``record(_:beacon:witnesses:)`` with each witness's hotspot key given by `witnessKey` (called with the
    /// report's index, only for the witnesses that earn a share) instead of read from the report.
    public mutating func record(
        _ result: PoCResult,
        beacon: BeaconReport,
        witnesses: [WitnessReport],
        witnessKey: (Int) -> String
    ) {
        result.witnesses.withUnsafeBufferPointer { verdicts in
            witnesses.withUnsafeBufferPointer { reports in
                record(result.beacon, verdicts, beacon: beacon, witnesses: reports, witnessKey: witnessKey)
            }
        }
    }

    /// ``record(_:beacon:witnesses:witnessKey:)`` with the PoC's verdicts and reports read in place (the verify
    /// pipeline keeps those of many PoCs end to end in one array).
    package mutating func record(
        _ beaconVerdict: BeaconVerdict,
        _ verdicts: UnsafeBufferPointer<WitnessVerdict>,
        beacon: BeaconReport,
        witnesses: UnsafeBufferPointer<WitnessReport>,
        witnessKey: (Int) -> String
    ) {
        guard beaconVerdict.status == .valid else { return }
        add(
            .beacon,
            hotspotKey: beacon.pubKey,
            rewardTimeMs: Int64(beacon.receivedTimestampMs),
            hexScale: beaconVerdict.hexScale,
            rewardUnit: beaconVerdict.rewardUnit
        )
        for (index, verdict) in verdicts.enumerated() where verdict.selected && verdict.status == .valid {
            add(
                .witness,
                hotspotKey: witnessKey(index),
                rewardTimeMs: Int64(witnesses[index].receivedTimestampMs),
                hexScale: verdict.hexScale,
                rewardUnit: verdict.rewardUnit
            )
        }
    }

    /// The epochs holding at least one share, ascending.
    public var epochs: [Int64] { Set(table.keys.map(\.epoch)).sorted() }

    /// The shares of every hotspot in `epoch`, sorted by key (UTF-8 byte order).
    public func shares(in epoch: Int64) -> [HotspotShares] {
        table.filter { $0.key.epoch == epoch }.map(\.value)
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// Splits one epoch's pools (POC-RULES §7).
    ///
    /// - Parameters:
    ///   - epoch: the epoch.
    ///   - emissionsBones: E, the epoch's IoT emissions in bones.
    ///   - dataTransfer: the epoch's data-credit spend and HNT price; nil means no data transfer was paid, so the
    ///     whole data-transfer pool is unused and flows to the PoC pools.
    public func payout(epoch: Int64, emissionsBones: UInt64, dataTransfer: DataTransferUsage? = nil)
        throws(RewardComputationError) -> EpochPayout
    {
        let e = UInt128(emissionsBones) * Decimal15.scale
        let dataTransferPool = Decimal15(raw: e / 100 * 50)
        let used: Decimal15
        if let usage = dataTransfer {
            used = try Self.dataCreditsToBones(usage.dataCredits, hntPriceUSD: usage.hntPriceUSD)
        } else {
            used = .zero
        }
        let paid: Decimal15
        let unused: Decimal15
        if used.raw <= dataTransferPool.raw {
            paid = used
            unused = Decimal15(raw: dataTransferPool.raw - used.raw)
        } else {
            paid = dataTransferPool
            unused = .zero
        }
        // Exact pools in units of 10⁻¹⁶: 6 % / 24 % of a whole E and 20 % / 80 % of a 15-decimal unused pool
        // all have at most 16 decimals.
        let e16 = UInt128(emissionsBones) * Decimal15.scale * 10
        let beaconPool16 = e16 / 100 * 6 + unused.raw * 2
        let witnessPool16 = e16 / 100 * 24 + unused.raw * 8

        let hotspots = shares(in: epoch)
        let totalBeacon = hotspots.reduce(UInt128(0)) { $0 + UInt128($1.beaconHundredMillionths) }
        let totalWitness = hotspots.reduce(UInt128(0)) { $0 + UInt128($1.witnessHundredMillionths) }
        let beaconPerShare = try Self.perShare(pool16: beaconPool16, sharesHundredMillionths: totalBeacon)
        let witnessPerShare = try Self.perShare(pool16: witnessPool16, sharesHundredMillionths: totalWitness)
        let beaconPool = Decimal15(raw: beaconPool16 / 10)
        let witnessPool = Decimal15(raw: witnessPool16 / 10)

        var rewards: [HotspotReward] = []
        for entry in hotspots {
            let beacon = try Self.amount(
                perShare: beaconPerShare,
                sharesHundredMillionths: UInt128(entry.beaconHundredMillionths)
            )
            let witness = try Self.amount(
                perShare: witnessPerShare,
                sharesHundredMillionths: UInt128(entry.witnessHundredMillionths)
            )
            if beacon > 0 || witness > 0 {
                rewards.append(HotspotReward(key: entry.key, shares: entry, beaconBones: beacon, witnessBones: witness))
            }
        }
        return EpochPayout(
            epoch: epoch,
            emissionsBones: emissionsBones,
            dataTransferPool: dataTransferPool,
            dataTransferPaid: paid,
            dataTransferUnused: unused,
            beaconPool: beaconPool,
            witnessPool: witnessPool,
            operationsPool: Decimal15(raw: e / 100 * 7),
            oraclesPool: Decimal15(raw: e / 100 * 7),
            totalBeaconShares: Decimal15(raw: totalBeacon * 10_000_000),
            totalWitnessShares: Decimal15(raw: totalWitness * 10_000_000),
            beaconPerShare: beaconPerShare,
            witnessPerShare: witnessPerShare,
            rewards: rewards
        )
    }

    /// Bones bought by `dataCredits` at an HNT price: DC × $0.00001 / (price per bone), rounded **up** at 15
    /// decimals (`dc_to_iot_bones`). With the price P in USD per HNT and 10⁸ bones per HNT this is DC·1000 / P.
    public static func dataCreditsToBones(_ dataCredits: UInt64, hntPriceUSD: Decimal15)
        throws(RewardComputationError) -> Decimal15
    {
        guard hntPriceUSD.raw > 0 else { throw .zeroPrice }
        // raw = ⌈DC · 1000 · 10¹⁵ · 10¹⁵ / P_raw⌉ = ⌈DC · 10³³ / P_raw⌉, with a 256-bit intermediate.
        let product = UInt128(dataCredits).multipliedFullWidth(by: 1_000_000_000_000_000_000_000_000_000_000_000)
        guard product.high < hntPriceUSD.raw else { throw .overflow }
        let (quotient, remainder) = hntPriceUSD.raw.dividingFullWidth(product)
        if remainder == 0 { return Decimal15(raw: quotient) }
        guard quotient < UInt128.max else { throw .overflow }
        return Decimal15(raw: quotient + 1)
    }

    /// pool / shares rounded half to even at 15 decimals; 0 when there are no shares (`rewards_per_share`).
    /// `pool16` is the pool × 10¹⁶, `shares` the shares × 10⁸.
    static func perShare(pool16: UInt128, sharesHundredMillionths shares: UInt128)
        throws(RewardComputationError) -> Decimal15
    {
        guard shares > 0 else { return .zero }
        // pool16·10⁻¹⁶ / (shares·10⁻⁸) in units of 10⁻¹⁵ is pool16·10⁷ / shares.
        let product = pool16.multipliedFullWidth(by: 10_000_000)
        guard product.high < shares else { throw .overflow }
        let (quotient, remainder) = shares.dividingFullWidth(product)
        let twiceRemainder = remainder.multipliedReportingOverflow(by: 2)
        let roundUp: Bool
        if twiceRemainder.overflow || twiceRemainder.partialValue > shares {
            roundUp = true
        } else if twiceRemainder.partialValue < shares {
            roundUp = false
        } else {
            roundUp = quotient % 2 == 1
        }
        if roundUp {
            guard quotient < UInt128.max else { throw .overflow }
            return Decimal15(raw: quotient + 1)
        }
        return Decimal15(raw: quotient)
    }

    /// ⌊perShare × shares⌋ in whole bones (`compute_rewards`, rounding toward zero).
    static func amount(perShare: Decimal15, sharesHundredMillionths shares: UInt128)
        throws(RewardComputationError) -> UInt64
    {
        // perShare_raw·10⁻¹⁵ × shares·10⁻⁸ = perShare_raw·shares / 10²³.
        let divisor: UInt128 = 100_000_000_000_000_000_000_000
        let product = perShare.raw.multipliedFullWidth(by: shares)
        guard product.high < divisor else { throw .overflow }
        let (quotient, _) = divisor.dividingFullWidth(product)
        guard quotient <= UInt128(UInt64.max) else { throw .overflow }
        return UInt64(quotient)
    }
}
