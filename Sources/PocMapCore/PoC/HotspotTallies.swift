import Glibc

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
        counts.withUnsafeMutableBytes { HotspotTallies.preferHugePages($0) }
        reasons.withUnsafeMutableBytes { HotspotTallies.preferHugePages($0) }
    }

    /// Asks the kernel to back the 2 MiB-aligned part of a large buffer with huge pages. Counting a verdict
    /// touches a random hotspot's counters: with 4 KiB pages the counters of 100,000 hotspots (14 MB) span more
    /// pages than the TLB holds, so most counts also paid a page walk (a long one in a virtual machine). Only a
    /// hint: where huge pages are unavailable nothing changes.
    private static func preferHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        let hugePage = 2 << 20
        guard let base = buffer.baseAddress, buffer.count >= 2 * hugePage else { return }
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(hugePage - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // MADV_HUGEPAGE for memory faulted in later; MADV_COLLAPSE (25, Linux 6.1; not in every libc's headers)
        // turns the pages already written (the zeros above) into huge pages now.
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        _ = madvise(aligned, end - start, 25)
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

    /// Counts the witness verdicts that name a hotspot, as ``addWitness(_:valid:selected:reason:share:)`` would
    /// one by one (the share of a valid selected verdict is ``share(_:_:)`` of its scale and unit).
    ///
    /// Why a batch: the counters of 100,000 hotspots (14 MB) are mostly out of the cache, so each verdict costs a
    /// memory access. This loop is short and its iterations independent, so the processor overlaps the accesses of
    /// several verdicts; one at a time, between the formatting of two lines, each waited alone.
    public mutating func addWitnesses(_ verdicts: UnsafeBufferPointer<WitnessVerdict>) {
        let reasonCount = HotspotTallies.reasonCount
        counts.withUnsafeMutableBufferPointer { counts in
            reasons.withUnsafeMutableBufferPointer { reasons in
                for verdict in verdicts {
                    guard let index = verdict.hotspot?.index else { continue }
                    counts[index].witnesses += 1
                    if verdict.status == .valid {
                        counts[index].witnessesValid += 1
                        if verdict.selected {
                            counts[index].witnessesSelected += 1
                            counts[index].witnessShares += HotspotTallies.share(verdict.hexScale, verdict.rewardUnit)
                        }
                    } else if let reason = verdict.invalidReason {
                        reasons[index * reasonCount + Int(reason.rawValue)] += 1
                    }
                }
            }
        }
    }

    /// Reads the counters that ``addWitnesses(_:)`` will change for these verdicts and returns a sum of them that
    /// means nothing. Called on many verdicts ahead of counting them, in a loop without branches, it brings their
    /// counters into the cache with many memory accesses in flight at once (Swift has no prefetch instruction).
    ///
    /// Only what will change is read: the reason counter of an invalid verdict (a valid one, 85% of them in a
    /// typical day, reads entry 0 of the reasons instead, always cached: reading its row as well was a miss for
    /// nothing), and both ends of the counts, whose 40-byte records straddle two cache lines in 3 of 8 hotspots.
    public func touchCounters(_ verdicts: UnsafeBufferPointer<WitnessVerdict>) -> UInt32 {
        let reasonCount = HotspotTallies.reasonCount
        return counts.withUnsafeBufferPointer { counts in
            reasons.withUnsafeBufferPointer { reasons in
                var sum: UInt32 = 0
                for verdict in verdicts {
                    guard let index = verdict.hotspot?.index, index < counts.count else { continue }
                    let reason = verdict.invalidReason.map { index &* reasonCount &+ Int($0.rawValue) } ?? 0
                    sum &+=
                        counts[index].witnesses &+ UInt32(truncatingIfNeeded: counts[index].witnessShares)
                        &+ reasons[reason]
                }
                return sum
            }
        }
    }

    /// Reads the counters that ``addBeacon(_:valid:reason:share:)`` will change for hotspot `index` and reason
    /// `reason` (see ``touchCounters(_:)``).
    public func touchCounters(beacon index: Int, reason: InvalidReason?) -> UInt32 {
        guard index >= 0 && index < count else { return 0 }
        let counter = reason.map { index &* HotspotTallies.reasonCount &+ Int($0.rawValue) } ?? 0
        return counts[index].beacons &+ UInt32(truncatingIfNeeded: counts[index].beaconShares) &+ reasons[counter]
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
