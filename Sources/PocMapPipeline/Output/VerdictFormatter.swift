import PocMapCore

/// One verified PoC on its way to `verdicts.ndjson`.
struct VerifiedPoC: Sendable {
    var joined: JoinedPoC
    var result: PoCResult
}

/// Writes the lines of `verdicts.ndjson` (`FORMATS.md` §2.1) as bytes, field by field, in the documented order:
/// `kind, poc_id, pub_key, received_timestamp, source, status, invalid_reason (absent when valid), denylist_tag
/// (only for denylist matches), location, hex_scale, reward_unit`, then for witnesses `participant_side, selected,
/// distance_m, rssi_dbm, max_rssi_dbm, rssi_margin_db, frequency_offset_hz, grid_distance_res11`.
///
/// Numbers: times, distances, offsets and grid distances are integers; `hex_scale` and `reward_unit` have 4
/// decimals; `rssi_dbm` is `signal / 10` exactly (one decimal); `max_rssi_dbm` and `rssi_margin_db` are rounded to
/// 3 decimals, the margin keeping its sign when it rounds to zero (`-0.000` is too loud by less than 0.0005 dB).
struct VerdictFormatter: Sendable {
    private let beaconSource: [UInt8]
    private let witnessSource: [UInt8]

    init(beaconFile: String, witnessFile: String) {
        beaconSource = Array(beaconFile.utf8) + [UInt8(ascii: ":")]
        witnessSource = Array(witnessFile.utf8) + [UInt8(ascii: ":")]
    }

    private static let reasonNames: [[UInt8]] = InvalidReason.allCases.map { Array($0.name.utf8) }

    /// Appends the beacon line and its witness lines.
    func append(_ poc: VerifiedPoC, to out: inout [UInt8]) {
        var pocID: [UInt8] = []
        pocID.reserveCapacity(64)
        JSONBytes.appendHexBytes(poc.result.pocID.bytes, to: &pocID)
        let beacon = poc.joined.beacon
        let verdict = poc.result.beacon
        out.append(contentsOf: #"{"kind":"beacon","poc_id":""#.utf8)
        out.append(contentsOf: pocID)
        out.append(contentsOf: #"","pub_key":"#.utf8)
        JSONBytes.appendString(beacon.pubKey, to: &out)
        out.append(contentsOf: #","received_timestamp":"#.utf8)
        JSONBytes.appendInt(beacon.receivedTimestampMs, to: &out)
        out.append(contentsOf: #","source":""#.utf8)
        out.append(contentsOf: beaconSource)
        JSONBytes.appendInt(beacon.source?.line ?? 0, to: &out)
        appendStatus(verdict.status, verdict.invalidReason, denylistTag: verdict.denylistTag, to: &out)
        appendCommon(location: verdict.location, hexScale: verdict.hexScale, rewardUnit: verdict.rewardUnit, to: &out)
        out.append(contentsOf: "}\n".utf8)
        for index in poc.joined.witnesses.indices {
            appendWitness(
                poc.joined.witnesses[index],
                poc.result.witnesses[index],
                pocID: pocID,
                denylistTag: poc.result.denylistTag(ofWitness: index),
                to: &out
            )
        }
    }

    /// Appends the line of a witness report that joined no beacon (`no_matching_beacon`); its `poc_id` is the
    /// SHA-256 of its own payload.
    func appendUnmatched(_ report: WitnessReport, _ verdict: WitnessVerdict, to out: inout [UInt8]) {
        var pocID: [UInt8] = []
        JSONBytes.appendHexBytes(SHA256Hasher.hash(report.data).bytes, to: &pocID)
        appendWitness(report, verdict, pocID: pocID, denylistTag: nil, to: &out)
    }

    private func appendWitness(
        _ report: WitnessReport,
        _ verdict: WitnessVerdict,
        pocID: [UInt8],
        denylistTag: String?,
        to out: inout [UInt8]
    ) {
        out.append(contentsOf: #"{"kind":"witness","poc_id":""#.utf8)
        out.append(contentsOf: pocID)
        out.append(contentsOf: #"","pub_key":"#.utf8)
        JSONBytes.appendString(report.pubKey, to: &out)
        out.append(contentsOf: #","received_timestamp":"#.utf8)
        JSONBytes.appendInt(report.receivedTimestampMs, to: &out)
        out.append(contentsOf: #","source":""#.utf8)
        out.append(contentsOf: witnessSource)
        JSONBytes.appendInt(report.source?.line ?? 0, to: &out)
        appendStatus(verdict.status, verdict.invalidReason, denylistTag: denylistTag, to: &out)
        appendCommon(location: verdict.location, hexScale: verdict.hexScale, rewardUnit: verdict.rewardUnit, to: &out)
        out.append(contentsOf: #","participant_side":""#.utf8)
        switch verdict.participantSide {
        case .none: out.append(contentsOf: "none".utf8)
        case .beaconer: out.append(contentsOf: "beaconer".utf8)
        case .witness: out.append(contentsOf: "witness".utf8)
        }
        out.append(contentsOf: verdict.selected ? #"","selected":true"#.utf8 : #"","selected":false"#.utf8)
        out.append(contentsOf: #","distance_m":"#.utf8)
        if let meters = verdict.distanceMeters {
            JSONBytes.appendUnsigned(UInt64(meters), to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: #","rssi_dbm":"#.utf8)
        JSONBytes.appendFixed(Int64(report.signalDeciDBm), decimals: 1, to: &out)
        out.append(contentsOf: #","max_rssi_dbm":"#.utf8)
        if let bound = verdict.maxRSSIDBm {
            JSONBytes.appendMilli(bound, to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: #","rssi_margin_db":"#.utf8)
        if let margin = verdict.rssiMarginDB {
            JSONBytes.appendMilli(margin, to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: #","frequency_offset_hz":"#.utf8)
        if let offset = verdict.frequencyOffsetHz {
            JSONBytes.appendInt(offset, to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: #","grid_distance_res11":"#.utf8)
        if let grid = verdict.gridDistanceRes11 {
            JSONBytes.appendInt(grid, to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: "}\n".utf8)
    }

    @inline(__always)
    private func appendStatus(
        _ status: VerificationStatus,
        _ reason: InvalidReason?,
        denylistTag: String?,
        to out: inout [UInt8]
    ) {
        if status == .valid {
            out.append(contentsOf: #"","status":"valid""#.utf8)
            return
        }
        out.append(contentsOf: #"","status":"invalid","invalid_reason":""#.utf8)
        out.append(contentsOf: VerdictFormatter.reasonNames[Int((reason ?? .malformed).rawValue)])
        out.append(UInt8(ascii: "\""))
        if let denylistTag {
            out.append(contentsOf: #","denylist_tag":"#.utf8)
            JSONBytes.appendString(denylistTag, to: &out)
        }
    }

    @inline(__always)
    private func appendCommon(location: H3Cell?, hexScale: Decimal4, rewardUnit: Decimal4, to out: inout [UInt8]) {
        out.append(contentsOf: #","location":"#.utf8)
        if let location {
            out.append(UInt8(ascii: "\""))
            JSONBytes.appendHex(location.rawValue, to: &out)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: #","hex_scale":"#.utf8)
        JSONBytes.appendFixed(hexScale.tenThousandths, decimals: 4, to: &out)
        out.append(contentsOf: #","reward_unit":"#.utf8)
        JSONBytes.appendFixed(rewardUnit.tenThousandths, decimals: 4, to: &out)
    }
}
