package import PocMapCore

/// One verified PoC held on its own: the pipeline keeps PoCs in batches (``PoCBatch``); this form carries a PoC
/// held back for output order, and tests.
package struct VerifiedPoC: Sendable {
    package var joined: JoinedPoC
    package var result: PoCResult
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
    /// `,"source":"FILE:` of each kind of line, ready to copy (the line number follows).
    private let beaconSource: [UInt8]
    private let witnessSource: [UInt8]
    /// The keys of the directory's hotspots, written for the reports of known hotspots.
    private let keys: HotspotKeyText

    /// - Parameters:
    ///   - beaconFile: the file name the `source` fields of beacon lines give.
    ///   - witnessFile: the file name the `source` fields of witness lines give.
    ///   - keys: the directory's keys: a report whose hotspot is known gets this key, not its own (which may be
    ///     empty, ``JoinedPoC/witnesses``).
    init(beaconFile: String, witnessFile: String, keys: HotspotKeyText = HotspotKeyText(keys: [])) {
        self.keys = keys
        let field = Array(#","source":""#.utf8)
        beaconSource = field + Array(beaconFile.utf8) + [UInt8(ascii: ":")]
        witnessSource = field + Array(witnessFile.utf8) + [UInt8(ascii: ":")]
        var text: [UInt8] = []
        var ends: [Int] = []
        for reason in InvalidReason.allCases {
            text += Array(reason.name.utf8)
            ends.append(text.count)
        }
        reasonText = text
        reasonEnds = ends
    }

    /// The names of the invalid reasons, end to end, by raw value: reason `r` is
    /// `reasonText[reasonEnds[r - 1] ..< reasonEnds[r]]`. (An array of arrays, one per name, was retained and
    /// released around each invalid line's name.)
    private let reasonText: [UInt8]
    private let reasonEnds: [Int]

    /// Appends the name of `reason`.
    @inline(__always)
    private func putName(of reason: InvalidReason, to out: inout LineBuffer) {
        let index = Int(reason.rawValue)
        let start = index == 0 ? 0 : reasonEnds[index - 1]
        reasonText.withUnsafeBufferPointer { out.put(UnsafeBufferPointer(rebasing: $0[start..<reasonEnds[index]])) }
    }

    /// The 64 lowercase hex digits of a digest (SHA-256 words are big-endian, so the hex of each word in order),
    /// 8 digits per step (``LineBuffer/hexDigits(_:)``) rather than one per nibble.
    static func hex(_ digest: SHA256Digest) -> PocIDText {
        let words = digest.words
        var text = PocIDText()
        text.bytes = (
            LineBuffer.hexDigits(words[0]), LineBuffer.hexDigits(words[1]), LineBuffer.hexDigits(words[2]),
            LineBuffer.hexDigits(words[3]), LineBuffer.hexDigits(words[4]), LineBuffer.hexDigits(words[5]),
            LineBuffer.hexDigits(words[6]), LineBuffer.hexDigits(words[7])
        )
        return text
    }

    /// Reads the first and last 8 bytes of every key of a batch, in a tight loop, and returns a digest of them
    /// that means nothing: the keys' cache misses then overlap (a key is read from memory in about 80 ns) and the
    /// lines are formatted from the cache.
    func readKeys(of batch: PoCBatch.View, _ range: Range<Int>) -> UInt64 {
        var digest: UInt64 = 0
        func ends(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
            guard key.count >= 8, let start = key.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(start)
            return raw.loadUnaligned(as: UInt64.self)
                ^ raw.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self)
        }
        guard let first = range.first, let last = range.last else { return 0 }
        for report in batch.pocs[first].witnesses.lowerBound..<batch.pocs[last].witnesses.upperBound {
            if let id = keys.known(batch.hotspots[report]) {
                digest &+= keys.withText(id, ends)
            } else {
                digest &+= batch.reports[report].pubKey.utf8.withContiguousStorageIfAvailable(ends) ?? 0
            }
        }
        return digest
    }

    /// Room for one line besides its key, denylist tag and source file name: the longest fixed text with every
    /// number at its longest is about 630 bytes, and a cell index's 16-byte store may run past its digits
    /// (``LineBuffer/put(hex:)``).
    private static let lineBound = 1024

    /// Appends the beacon line and its witness lines.
    ///
    /// The PoC, its reports and verdicts are read in place through pointers: passing them as values, even
    /// `borrowing` ones read from an array, copies them, which retains and releases every key, payload and source
    /// string of every report. The witness lines of a PoC share their first 104 bytes (kind, `poc_id` and the
    /// `pub_key` label), built once here.
    ///
    /// - Returns: the PoC id the lines carry (the SHA-256 of the payload), for observers.
    @discardableResult
    func append(_ poc: PoCView, to out: inout LineBuffer) -> SHA256Digest {
        let digest = SHA256Hasher.hash(poc.head.pointee.beacon.data)
        let pocID = VerdictFormatter.hex(digest)
        appendBeacon(poc.head, pocID: pocID, to: &out)
        let head = WitnessLineHead(pocID: pocID)
        assert(poc.reports.count == poc.verdicts.count, "one verdict per witness report")
        guard let report = poc.reports.baseAddress, let verdict = poc.verdicts.baseAddress else { return digest }
        for index in 0..<min(poc.reports.count, poc.verdicts.count) {
            appendWitness(
                report + index,
                verdict + index,
                hotspot: index < poc.hotspots.count ? poc.hotspots[index] : nil,
                head: head,
                denylistTag: verdict[index].matchedDenylist ? poc.head.pointee.denylistTag : nil,
                to: &out
            )
        }
        return digest
    }

    /// ``append(_:to:)`` for a PoC held on its own (copied into a batch of one).
    @discardableResult
    func append(_ poc: VerifiedPoC, to out: inout LineBuffer) -> SHA256Digest {
        var batch = PoCBatch()
        batch.append(poc)
        return batch.withView { append($0.poc(0), to: &out) }
    }

    private func appendBeacon(_ poc: UnsafePointer<PoCBatch.PoC>, pocID: PocIDText, to out: inout LineBuffer) {
        // (The verdict's fields are read through the pointer: bound to a constant, the verdict was copied, its
        // denylist tag retained and released.)
        let verdict = UnsafePointer(poc.pointer(to: \.verdict).unsafelyUnwrapped)
        out.reserve(
            VerdictFormatter.lineBound + beaconSource.count + 6 * poc.pointee.beacon.pubKey.utf8.count
                + 6 * (verdict.pointee.denylistTag?.utf8.count ?? 0)
        )
        out.put(#"{"kind":"beacon","poc_id":""#)
        pocID.put(into: &out)
        out.put(#"","pub_key":"#)
        out.put(jsonString: poc.pointee.beacon.pubKey)
        out.put(#","received_timestamp":"#)
        out.put(signed: Int64(poc.pointee.beacon.receivedTimestampMs))
        out.put(beaconSource)
        out.put(unsigned: UInt64(max(0, poc.pointee.beacon.source?.line ?? 0)))
        appendStatus(
            verdict.pointee.status,
            verdict.pointee.invalidReason,
            denylistTag: verdict.pointee.denylistTag,
            to: &out
        )
        appendCommon(
            location: verdict.pointee.location,
            hexScale: verdict.pointee.hexScale,
            rewardUnit: verdict.pointee.rewardUnit,
            to: &out
        )
        out.put("}\n")
    }

    /// Appends the line of a witness report that joined no beacon (`no_matching_beacon`); its `poc_id` is the
    /// SHA-256 of its own payload, which it returns.
    @discardableResult
    func appendUnmatched(
        _ report: UnsafePointer<WitnessReport>,
        _ verdict: UnsafePointer<WitnessVerdict>,
        to out: inout LineBuffer
    ) -> SHA256Digest {
        let digest = SHA256Hasher.hash(report.pointee.data)
        appendWitness(
            report,
            verdict,
            hotspot: nil,
            head: WitnessLineHead(pocID: VerdictFormatter.hex(digest)),
            denylistTag: nil,
            to: &out
        )
        return digest
    }

    @inline(__always)
    private func appendWitness(
        _ report: UnsafePointer<WitnessReport>,
        _ verdict: UnsafePointer<WitnessVerdict>,
        hotspot: HotspotID?,
        head: WitnessLineHead,
        denylistTag: String?,
        to out: inout LineBuffer
    ) {
        let known = keys.known(hotspot)
        let keyRoom = known.map { keys.withText($0) { $0.count } } ?? 6 * report.pointee.pubKey.utf8.count
        out.reserve(VerdictFormatter.lineBound + witnessSource.count + keyRoom + 6 * (denylistTag?.utf8.count ?? 0))
        head.put(into: &out)
        if let known {
            keys.withText(known) { out.put($0) }
        } else {
            let written: Void? = report.pointee.pubKey.utf8.withContiguousStorageIfAvailable { out.put(jsonString: $0) }
            if written == nil { out.put(jsonString: report.pointee.pubKey) }
        }
        out.put(#","received_timestamp":"#)
        out.put(signed: Int64(report.pointee.receivedTimestampMs))
        out.put(witnessSource)
        out.put(unsigned: UInt64(max(0, report.pointee.source?.line ?? 0)))
        let verdict = verdict.pointee
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
        out.put(fixed: Int64(report.pointee.signalDeciDBm), decimals: 1)
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
        putName(of: reason ?? .malformed, to: &out)
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

/// The first 104 bytes of every witness line of one PoC, `{"kind":"witness","poc_id":"<64 hex digits>","pub_key":`,
/// inline: built once per PoC, copied into each of its witness lines as one fixed-size block.
struct WitnessLineHead: Sendable {
    static let byteCount = 104
    private typealias Words = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )
    private var bytes: Words = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    init(pocID: PocIDText) {
        let opening: StaticString = #"{"kind":"witness","poc_id":""#
        let closing: StaticString = #"","pub_key":"#
        assert(opening.utf8CodeUnitCount + 64 + closing.utf8CodeUnitCount == WitnessLineHead.byteCount)
        var id = pocID.bytes
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(start: opening.utf8Start, count: opening.utf8CodeUnitCount))
            withUnsafeBytes(of: &id) { digits in
                UnsafeMutableRawBufferPointer(rebasing: raw[opening.utf8CodeUnitCount...]).copyMemory(from: digits)
            }
            UnsafeMutableRawBufferPointer(rebasing: raw[(opening.utf8CodeUnitCount + 64)...]).copyMemory(
                from: UnsafeRawBufferPointer(start: closing.utf8Start, count: closing.utf8CodeUnitCount)
            )
        }
    }

    @inline(__always)
    func put(into out: inout LineBuffer) {
        var copy = bytes
        withUnsafeBytes(of: &copy) { raw in
            let start = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
            out.put(UnsafeBufferPointer(start: start, count: WitnessLineHead.byteCount))
        }
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
