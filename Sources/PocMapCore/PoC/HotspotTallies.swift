/// Verdict counts per hotspot, indexed by the hotspot's position in the registry: the per-hotspot columns of
/// `hotspots.csv` (`FORMATS.md` §2.3) and of the `hotspots` layer of `coverage.gpkg`.
///
/// Every count is a sum, so it does not depend on the order verdicts are added in. Shares are exact: each is
/// hex scale × reward unit, two 4-decimal numbers, kept in units of 10⁻⁸.
public struct HotspotTallies: Sendable {
    /// One hotspot's counts (kept together: counting a verdict touches one cache line, not seven arrays).
    public struct Counts: Hashable, Sendable {
        /// Beacon verdicts.
        public var beacons: UInt32 = 0
        /// Valid beacon verdicts.
        public var beaconsValid: UInt32 = 0
        /// Witness verdicts.
        public var witnesses: UInt32 = 0
        /// Valid witness verdicts.
        public var witnessesValid: UInt32 = 0
        /// Selected (rewarded) witness verdicts.
        public var witnessesSelected: UInt32 = 0
        /// Σ hex scale × reward unit of the share-earning beacons, × 10⁸.
        public var beaconShares: UInt64 = 0
        /// Σ hex scale × reward unit of the share-earning witnesses, × 10⁸.
        public var witnessShares: UInt64 = 0
    }

    /// The number of hotspots counted.
    public let count: Int
    private var counts: [Counts]
    /// Invalid verdicts per hotspot and reason, row-major.
    private var reasons: [UInt32]
    private static let reasonCount = InvalidReason.allCases.count

    /// Zero counts for `count` hotspots.
    public init(count: Int) {
        self.count = count
        counts = [Counts](repeating: Counts(), count: count)
        reasons = [UInt32](repeating: 0, count: count * HotspotTallies.reasonCount)
    }

    /// The counts of hotspot `index`.
    public subscript(index: Int) -> Counts { counts[index] }

    /// Counts a beacon verdict of hotspot `index`; `share` is ``share(_:_:)`` of an earning verdict, else 0.
    @inline(__always)
    public mutating func addBeacon(_ index: Int, valid: Bool, reason: InvalidReason?, share: UInt64) {
        counts[index].beacons += 1
        if valid {
            counts[index].beaconsValid += 1
            counts[index].beaconShares += share
        } else if let reason {
            reasons[index * HotspotTallies.reasonCount + Int(reason.rawValue)] += 1
        }
    }

    /// Counts a witness verdict of hotspot `index`; `share` is ``share(_:_:)`` of an earning verdict, else 0.
    @inline(__always)
    public mutating func addWitness(_ index: Int, valid: Bool, selected: Bool, reason: InvalidReason?, share: UInt64) {
        counts[index].witnesses += 1
        if valid {
            counts[index].witnessesValid += 1
            if selected {
                counts[index].witnessesSelected += 1
                counts[index].witnessShares += share
            }
        } else if let reason {
            reasons[index * HotspotTallies.reasonCount + Int(reason.rawValue)] += 1
        }
    }

    /// The most frequent invalid reason of a hotspot's verdicts (ties: the earlier reason in pocmap's code order),
    /// `nil` when it has none.
    public func topReason(of index: Int) -> InvalidReason? {
        var best: InvalidReason?
        var bestCount: UInt32 = 0
        for reason in InvalidReason.allCases {
            let count = reasons[index * HotspotTallies.reasonCount + Int(reason.rawValue)]
            if count > bestCount {
                best = reason
                bestCount = count
            }
        }
        return best
    }

    /// scale × unit in units of 10⁻⁸, 0 unless both are positive (`POC-RULES.md` §7).
    @inline(__always)
    public static func share(_ scale: Decimal4, _ unit: Decimal4) -> UInt64 {
        guard scale.tenThousandths > 0, unit.tenThousandths > 0 else { return 0 }
        return UInt64(scale.tenThousandths) * UInt64(unit.tenThousandths)
    }
}
