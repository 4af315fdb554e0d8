import Foundation
import PocMapCore
import PocMapIO
import PocMapStore

/// The verdicts of a map run, reduced to what coverage needs.
struct MapInputs {
    /// The verdicts file actually read.
    var verdictsFile: String
    /// Lines read and lines the reader rejected.
    var verdictLines = 0
    var rejectedLines = 0
    /// Verdict records decoded.
    var decodedVerdicts = 0
    /// Witness receptions with a known beaconer and an RSSI, in file order.
    var receptions: [WitnessReception] = []
    /// Keys of hotspots with at least one valid verdict (as beaconer or witness).
    var activeKeys: Set<String> = []
    /// The rule profile from `summary.json` beside the verdicts, when present.
    var ruleProfile: String?
    /// Verdict counts per hotspot key (the columns of `hotspots.csv`).
    var tallies: [String: HotspotTally] = [:]

    /// The verdicts file of `path`: the file itself, or `verdicts.ndjson(.gz)` inside a directory.
    static func verdictsFile(_ path: String) throws(MapJobError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MapJobError(
                "the verdicts path '\(path)' does not exist; give verdicts.ndjson or its directory",
                badInput: true
            )
        }
        guard isDirectory.boolValue else { return path }
        for name in ["verdicts.ndjson", "verdicts.ndjson.gz"] {
            let candidate = (path as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        throw MapJobError(
            "the directory '\(path)' holds no verdicts.ndjson (or .gz); run `pocmap verify --out \(path)` first",
            badInput: true
        )
    }

    /// Reads the verdicts, handing one ``LinkRow`` per witness verdict to `link` as it goes (the `links` layer is
    /// streamed into the store rather than held). The beaconer's EIRP is taken as its region plan's maximum EIRP (Helium beaconers transmit
    /// at the plan's maximum conducted power for their antenna gain).
    static func read(
        verdictsPath: String,
        registry: HotspotRegistry,
        link: (LinkRow) throws(StoreError) -> Void
    ) throws(MapJobError) -> MapInputs {
        let file = try verdictsFile(verdictsPath)
        var inputs = MapInputs(verdictsFile: file)
        let reader: VerdictReader
        do { reader = try VerdictReader(path: file) } catch {
            throw MapJobError("cannot read the verdicts: \(error)", badInput: true)
        }
        var eirpOfRegion: [RegionName: Double?] = [:]
        func eirp(of key: String) -> Double? {
            guard let region = registry[key]?.region else { return nil }
            if let known = eirpOfRegion[region] { return known }
            let plan = RegionPlan.defaultPlans[region] ?? SimulationRegionPlans.plans[region]
            let value = plan?.maxEIRPTenthsDBm.map { Double($0) / 10 }
            eirpOfRegion[region] = value
            return value
        }
        do {
            while let chunk = try reader.nextChunk() {
                for item in chunk.items {
                    switch item {
                    case .reject: inputs.rejectedLines += 1
                    case .record(let verdict):
                        inputs.decodedVerdicts += 1
                        if verdict.status == .valid { inputs.activeKeys.insert(verdict.pubKey) }
                        inputs.tallies[verdict.pubKey, default: HotspotTally()].add(verdict)
                        if verdict.kind == .witness {
                            try link(
                                LinkRow(
                                    pocID: verdict.pocID.hexString,
                                    beaconer: verdict.beaconer ?? "",
                                    witness: verdict.pubKey,
                                    beaconerLocation: verdict.beaconerLocation.flatMap { try? H3.cellToLatLng($0) },
                                    witnessLocation: verdict.location.flatMap { try? H3.cellToLatLng($0) },
                                    status: verdict.status.description,
                                    invalidReason: verdict.invalidReason?.name,
                                    rssidBm: verdict.rssiDBm,
                                    maxRSSIdBm: verdict.maxRSSIDBm,
                                    distanceMeters: verdict.distanceMeters,
                                    selected: verdict.selected,
                                    receivedTimestamp: Int64(verdict.receivedTimestampMs)
                                )
                            )
                        }
                        guard verdict.kind == .witness, let beaconer = verdict.beaconer, let rssi = verdict.rssiDBm
                        else { continue }
                        if verdict.status == .valid { inputs.activeKeys.insert(beaconer) }
                        inputs.receptions.append(
                            WitnessReception(
                                beaconerKey: beaconer,
                                beaconerLocation: verdict.beaconerLocation,
                                witnessKey: verdict.pubKey,
                                witnessLocation: verdict.location,
                                rssiDBm: rssi,
                                status: verdict.status == .valid ? .valid : .invalid,
                                timestampMs: Int64(verdict.receivedTimestampMs),
                                distanceMeters: verdict.distanceMeters.map(Double.init),
                                transmitterEIRPDBm: eirp(of: beaconer)
                            )
                        )
                    }
                }
            }
        } catch let error as StoreError {
            throw MapJobError("writing coverage.gpkg failed: \(error)", badInput: error.isBadInput)
        } catch {
            throw MapJobError("cannot read the verdicts: \(error)", badInput: true)
        }
        inputs.verdictLines = reader.counters.recordsRead
        inputs.ruleProfile = ruleProfile(besides: file)
        return inputs
    }

    /// `profile` from `summary.json` in the verdicts' directory, if readable.
    private static func ruleProfile(besides file: String) -> String? {
        let summary = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("summary.json")
        guard let data = FileManager.default.contents(atPath: summary),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return (object["profile"] as? String) ?? (object["rule_profile"] as? String)
    }
}

/// The verdict counts of one hotspot, as `hotspots.csv` (`FORMATS.md` §2.3) lists them.
struct HotspotTally {
    var beacons = 0
    var beaconsValid = 0
    var witnesses = 0
    var witnessesValid = 0
    var witnessesSelected = 0
    /// Σ reward units of the verdicts that earn a share (valid, scaled, and a beacon or a selected witness).
    var beaconShares = 0.0
    var witnessShares = 0.0
    var reasons: [String: Int] = [:]

    mutating func add(_ verdict: VerdictRecord) {
        let valid = verdict.status == .valid
        switch verdict.kind {
        case .beacon:
            beacons += 1
            if valid { beaconsValid += 1 }
            if verdict.earnsShare { beaconShares += verdict.rewardUnit.doubleValue }
        case .witness:
            witnesses += 1
            if valid { witnessesValid += 1 }
            if verdict.selected { witnessesSelected += 1 }
            if verdict.earnsShare { witnessShares += verdict.rewardUnit.doubleValue }
        }
        if let reason = verdict.invalidReason?.name { reasons[reason, default: 0] += 1 }
    }

    /// The most frequent invalid reason (ties: the alphabetically first), `nil` when none.
    var topInvalidReason: String? {
        reasons.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }
}
