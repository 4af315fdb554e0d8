/// Verdict counts per hotspot, indexed by the hotspot's position in the registry: the per-hotspot columns of
/// `hotspots.csv` (`FORMATS.md` §2.3) and of the `hotspots` layer of `coverage.gpkg`.
///
/// Every count is a sum, so it does not depend on the order verdicts are added in. Shares are exact: each is
/// hex scale × reward unit, two 4-decimal numbers, kept in units of 10⁻⁸.
public struct HotspotTallies: Sendable {
    /// The number of hotspots counted.
    public let count: Int
    /// Beacon verdicts per hotspot.
    public private(set) var beacons: [UInt32]
    /// Valid beacon verdicts per hotspot.
    public private(set) var beaconsValid: [UInt32]
    /// Witness verdicts per hotspot.
    public private(set) var witnesses: [UInt32]
    /// Valid witness verdicts per hotspot.
    public private(set) var witnessesValid: [UInt32]
    /// Selected (rewarded) witness verdicts per hotspot.
    public private(set) var witnessesSelected: [UInt32]
    /// Σ hex scale × reward unit of the hotspot's share-earning beacons, × 10⁸.
    public private(set) var beaconShares: [UInt64]
    /// Σ hex scale × reward unit of the hotspot's share-earning witnesses, × 10⁸.
    public private(set) var witnessShares: [UInt64]
    /// Invalid verdicts per hotspot and reason, row-major.
    private var reasons: [UInt32]
    private static let reasonCount = InvalidReason.allCases.count

    /// Zero counts for `count` hotspots.
    public init(count: Int) {
        self.count = count
        beacons = [UInt32](repeating: 0, count: count)
        beaconsValid = beacons
        witnesses = beacons
        witnessesValid = beacons
        witnessesSelected = beacons
        beaconShares = [UInt64](repeating: 0, count: count)
        witnessShares = beaconShares
        reasons = [UInt32](repeating: 0, count: count * HotspotTallies.reasonCount)
    }

    /// Counts a beacon verdict of hotspot `index`; `share` is ``share(_:_:)`` of an earning verdict, else 0.
    @inline(__always)
    public mutating func addBeacon(_ index: Int, valid: Bool, reason: InvalidReason?, share: UInt64) {
        beacons[index] += 1
        if valid {
            beaconsValid[index] += 1
            beaconShares[index] += share
        } else if let reason {
            reasons[index * HotspotTallies.reasonCount + Int(reason.rawValue)] += 1
        }
    }

    /// Counts a witness verdict of hotspot `index`; `share` is ``share(_:_:)`` of an earning verdict, else 0.
    @inline(__always)
    public mutating func addWitness(_ index: Int, valid: Bool, selected: Bool, reason: InvalidReason?, share: UInt64) {
        witnesses[index] += 1
        if valid {
            witnessesValid[index] += 1
            if selected {
                witnessesSelected[index] += 1
                witnessShares[index] += share
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
