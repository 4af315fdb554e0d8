import PocMapCore

/// `hotspots.csv` (`FORMATS.md` §2.3): one row per registered hotspot, in registry order.
///
/// `lat,lng` are the asserted cell's centre (degrees, 7 decimals); `region` the plan used (empty when unknown,
/// `unresolved` when a region index has none); `active` and `density_scale` come from the density map in force at
/// the end of the batch (the last 30-minute boundary at or before the last beacon): `density_scale` is the map's
/// scale, `0.2000` for an asserted hotspot outside the map, empty when unasserted; `beacon_shares` and
/// `witness_shares` are the hotspot's shares summed over the batch's epochs (scale × unit, 8 decimals);
/// `top_invalid_reason` is its most frequent invalid reason over its beacon and witness verdicts.
enum HotspotsCSV {
    static let header =
        "key,location,lat,lng,region,gain,elevation,active,density_scale,beacons,beacons_valid,witnesses,"
        + "witnesses_valid,witnesses_selected,beacon_shares,witness_shares,top_invalid_reason\n"

    /// The file's bytes; `active[i]` is directory hotspot `i`'s `active` column
    /// (``DensitySchedule/activeAtLastMap(directory:verifier:)``).
    static func render(
        directory: HotspotDirectory,
        tally: VerifyTally,
        density: DensitySchedule,
        active: [Bool]
    ) -> [UInt8] {
        precondition(active.count == directory.count, "one activity flag per directory hotspot")
        var out: [UInt8] = Array(header.utf8)
        out.reserveCapacity(directory.count * 180)
        // Rows are read in place (a copied `Hotspot` retains and releases its strings) and cell centres come
        // from the directory, which computed them once.
        directory.hotspots.withUnsafeBufferPointer { hotspots in
            for index in hotspots.indices {
                HotspotsCSV.appendRow(
                    index,
                    hotspots[index],
                    directory: directory,
                    tally: tally,
                    density: density,
                    isActive: active[index],
                    to: &out
                )
            }
        }
        return out
    }

    @inline(__always)
    private static func appendRow(
        _ index: Int,
        _ hotspot: borrowing Hotspot,
        directory: HotspotDirectory,
        tally: VerifyTally,
        density: DensitySchedule,
        isActive: Bool,
        to out: inout [UInt8]
    ) {
        JSONBytes.appendCSVField(hotspot.key, to: &out)
        out.append(UInt8(ascii: ","))
        let id = directory.id(ofRecordAt: index)
        if let location = hotspot.location {
            JSONBytes.appendHex(location.rawValue, to: &out)
            out.append(UInt8(ascii: ","))
            if let centre = id.flatMap({ directory.centre(of: $0) }) ?? (try? H3.cellToLatLng(location)) {
                JSONBytes.appendFixed(Int64((centre.latitudeDegrees * 1e7).rounded()), decimals: 7, to: &out)
                out.append(UInt8(ascii: ","))
                JSONBytes.appendFixed(Int64((centre.longitudeDegrees * 1e7).rounded()), decimals: 7, to: &out)
            } else {
                out.append(UInt8(ascii: ","))
            }
        } else {
            out.append(contentsOf: ",,".utf8)
        }
        out.append(UInt8(ascii: ","))
        switch directory.regions[index] {
        case .plan(let name): out.append(contentsOf: name.rawValue.utf8)
        case .unknown: break
        case .unresolved: out.append(contentsOf: "unresolved".utf8)
        }
        out.append(UInt8(ascii: ","))
        JSONBytes.appendInt(hotspot.gainTenthsDBi, to: &out)
        out.append(UInt8(ascii: ","))
        JSONBytes.appendInt(hotspot.elevationMeters, to: &out)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: (isActive ? "true" : "false").utf8)
        out.append(UInt8(ascii: ","))
        if let location = hotspot.location {
            let scale = density.result?.scale(at: location) ?? PoCRules.defaultTransmitScale
            JSONBytes.appendFixed(scale.tenThousandths, decimals: 4, to: &out)
        }
        let counts = tally.hotspots[index]
        func appendCount(_ count: UInt32) {
            out.append(UInt8(ascii: ","))
            JSONBytes.appendUnsigned(UInt64(count), to: &out)
        }
        appendCount(counts.beacons)
        appendCount(counts.beaconsValid)
        appendCount(counts.witnesses)
        appendCount(counts.witnessesValid)
        appendCount(counts.witnessesSelected)
        out.append(UInt8(ascii: ","))
        JSONBytes.appendFixed(Int64(counts.beaconShares), decimals: 8, to: &out)
        out.append(UInt8(ascii: ","))
        JSONBytes.appendFixed(Int64(counts.witnessShares), decimals: 8, to: &out)
        out.append(UInt8(ascii: ","))
        if let reason = tally.hotspots.topReason(of: index) { out.append(contentsOf: reason.name.utf8) }
        out.append(UInt8(ascii: "\n"))
    }
}

/// `rewards.csv` (with `--emissions`): one row per hotspot and epoch with a non-zero amount, by epoch then key:
/// `epoch,epoch_start,key,beacon_shares,witness_shares,beacon_bones,witness_bones` (`POC-RULES.md` §7).
enum RewardsCSV {
    static func render(_ payouts: [EpochPayout]) -> String {
        var text = "epoch,epoch_start,key,beacon_shares,witness_shares,beacon_bones,witness_bones\n"
        for payout in payouts {
            let start = JSONBytes.rfc3339(milliseconds: payout.epoch * 86_400_000)
            for reward in payout.rewards {
                var key: [UInt8] = []
                JSONBytes.appendCSVField(reward.key, to: &key)
                text += "\(payout.epoch),\(start),\(String(decoding: key, as: UTF8.self)),"
                text += "\(reward.shares.beaconShares),\(reward.shares.witnessShares),"
                text += "\(reward.beaconBones),\(reward.witnessBones)\n"
            }
        }
        return text
    }
}
