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

    /// The 64 lowercase hex digits of a digest (SHA-256 words are big-endian, so the hex of each word in order).
    private static func hex(_ digest: SHA256Digest) -> PocIDText {
        var text = PocIDText()
        withUnsafeMutableBytes(of: &text.bytes) { raw in
            for word in 0..<8 {
                let value = digest.words[word]
                for nibble in 0..<8 {
                    raw[word * 8 + nibble] = LineBuffer.hexDigit(UInt8((value >> UInt32(28 - nibble * 4)) & 0xF))
                }
            }
        }
        return text
    }

    /// Room for one line besides its variable strings.
    private static let lineBound = 640

    /// Appends the beacon line and its witness lines.
    func append(_ poc: VerifiedPoC, to out: inout LineBuffer) {
        let pocID = VerdictFormatter.hex(poc.result.pocID)
        let beacon = poc.joined.beacon
        let verdict = poc.result.beacon
        out.reserve(
            VerdictFormatter.lineBound + 6 * beacon.pubKey.utf8.count + 6 * (verdict.denylistTag?.utf8.count ?? 0)
        )
        out.put(#"{"kind":"beacon","poc_id":""#)
        pocID.put(into: &out)
        out.put(#"","pub_key":"#)
        out.put(jsonString: beacon.pubKey)
        out.put(#","received_timestamp":"#)
        out.put(signed: Int64(beacon.receivedTimestampMs))
        out.put(#","source":""#)
        out.put(beaconSource)
        out.put(unsigned: UInt64(max(0, beacon.source?.line ?? 0)))
        appendStatus(verdict.status, verdict.invalidReason, denylistTag: verdict.denylistTag, to: &out)
        appendCommon(location: verdict.location, hexScale: verdict.hexScale, rewardUnit: verdict.rewardUnit, to: &out)
        out.put("}\n")
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
    func appendUnmatched(_ report: WitnessReport, _ verdict: WitnessVerdict, to out: inout LineBuffer) {
        appendWitness(
            report,
            verdict,
            pocID: VerdictFormatter.hex(SHA256Hasher.hash(report.data)),
            denylistTag: nil,
            to: &out
        )
    }

    private func appendWitness(
        _ report: WitnessReport,
        _ verdict: WitnessVerdict,
        pocID: PocIDText,
        denylistTag: String?,
        to out: inout LineBuffer
    ) {
        out.reserve(VerdictFormatter.lineBound + 6 * report.pubKey.utf8.count + 6 * (denylistTag?.utf8.count ?? 0))
        out.put(#"{"kind":"witness","poc_id":""#)
        pocID.put(into: &out)
        out.put(#"","pub_key":"#)
        out.put(jsonString: report.pubKey)
        out.put(#","received_timestamp":"#)
        out.put(signed: Int64(report.receivedTimestampMs))
        out.put(#","source":""#)
        out.put(witnessSource)
        out.put(unsigned: UInt64(max(0, report.source?.line ?? 0)))
        appendStatus(verdict.status, verdict.invalidReason, denylistTag: denylistTag, to: &out)
        appendCommon(location: verdict.location, hexScale: verdict.hexScale, rewardUnit: verdict.rewardUnit, to: &out)
        switch verdict.participantSide {
        case .none: out.put(#","participant_side":"none""#)
        case .beaconer: out.put(#","participant_side":"beaconer""#)
        case .witness: out.put(#","participant_side":"witness""#)
        }
        out.put(verdict.selected ? #","selected":true,"distance_m":"# : #","selected":false,"distance_m":"#)
        if let meters = verdict.distanceMeters { out.put(unsigned: UInt64(meters)) } else { out.put("null") }
        out.put(#","rssi_dbm":"#)
        out.put(fixed: Int64(report.signalDeciDBm), decimals: 1)
        out.put(#","max_rssi_dbm":"#)
        if let bound = verdict.maxRSSIDBm { out.put(milli: bound) } else { out.put("null") }
        out.put(#","rssi_margin_db":"#)
        if let margin = verdict.rssiMarginDB { out.put(milli: margin) } else { out.put("null") }
        out.put(#","frequency_offset_hz":"#)
        if let offset = verdict.frequencyOffsetHz { out.put(signed: Int64(offset)) } else { out.put("null") }
        out.put(#","grid_distance_res11":"#)
        if let grid = verdict.gridDistanceRes11 { out.put(signed: Int64(grid)) } else { out.put("null") }
        out.put("}\n")
    }

    @inline(__always)
    private func appendStatus(
        _ status: VerificationStatus,
        _ reason: InvalidReason?,
        denylistTag: String?,
        to out: inout LineBuffer
    ) {
        if status == .valid {
            out.put(#"","status":"valid""#)
            return
        }
        out.put(#"","status":"invalid","invalid_reason":""#)
        out.put(VerdictFormatter.reasonNames[Int((reason ?? .malformed).rawValue)])
        out.put(UInt8(ascii: "\""))
        if let denylistTag {
            out.put(#","denylist_tag":"#)
            out.put(jsonString: denylistTag)
        }
    }

    @inline(__always)
    private func appendCommon(location: H3Cell?, hexScale: Decimal4, rewardUnit: Decimal4, to out: inout LineBuffer) {
        if let location {
            out.put(#","location":""#)
            out.put(hex: location.rawValue)
            out.put(#"","hex_scale":"#)
        } else {
            out.put(#","location":null,"hex_scale":"#)
        }
        out.put(fixed: hexScale.tenThousandths, decimals: 4)
        out.put(#","reward_unit":"#)
        out.put(fixed: rewardUnit.tenThousandths, decimals: 4)
    }
}

/// The 64 hex digits of a `poc_id`, inline.
struct PocIDText: Sendable {
    var bytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    @inline(__always)
    func put(into out: inout LineBuffer) {
        var copy = bytes
        withUnsafeBytes(of: &copy) { raw in
            out.put(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: 64))
        }
    }
}
