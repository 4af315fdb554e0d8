import Foundation
public import PocMapCore
public import PocMapIO
import PocMapStore

/// The verdicts of a map run reduced to what coverage needs: per-hotspot counts and activity, the witness
/// receptions (observed coverage and calibration) and the witness links (the `links` layer of `coverage.gpkg`).
///
/// Two ways to build one, both through the same per-verdict step: `pocmap map` reads a verdicts file
/// (``MapJob/run(_:progress:)``), and `pocmap run` collects the verdicts one by one while the verify stage makes
/// them (``init(registry:origin:ruleProfile:)`` and ``collect(_:hotspot:beaconer:)``, then ``MapJob/run(_:verdicts:progress:)``),
/// so that it never reads its own `verdicts.ndjson` back.
///
/// ```swift
/// var verdicts = MapVerdicts(registry: registry, origin: "the verify stage")
/// verdicts.collect(record, hotspot: registry.index(of: record.pubKey), beaconer: nil)
/// let report = try MapJob.run(options, verdicts: verdicts)
/// ```
public struct MapVerdicts: Sendable {
    /// The registry the hotspot indices refer to.
    public let registry: HotspotRegistry
    /// Where the verdicts came from: the file read, or a description of the stage that collected them.
    public let origin: String
    /// The rule profile of the verdicts, when known (`summary.json` beside a verdicts file).
    public var ruleProfile: String?
    /// Verdict lines read (decoded and rejected) and lines the reader rejected.
    var verdictLines = 0
    var rejectedLines = 0
    /// Verdict records decoded (or collected).
    var decodedVerdicts = 0
    /// Witness receptions with a known beaconer and an RSSI, in verdict order.
    var receptions: [WitnessReception] = []
    /// By registry index: whether the hotspot has at least one valid verdict (as beaconer or witness).
    var active: [Bool]
    /// By registry index: the verdict counts.
    var tallies: HotspotTallies
    /// The witness links collected for the store (kept only by ``collect(_:hotspot:beaconer:)``).
    var links: [MapLink] = []
    /// The keys that ``MapLink`` refers to by number: the registry's, in order, then keys it does not list.
    private(set) var keys: [String]
    private var unregisteredKeys: [String: Int32] = [:]
    /// By registry index: the EIRP assumed when the hotspot beacons (its region plan's maximum), `nil` when unknown.
    private let eirpOfHotspot: [Double?]

    /// An empty set to collect verdicts into, for the hotspots of `registry`.
    public init(registry: HotspotRegistry, origin: String, ruleProfile: String? = nil) {
        self.registry = registry
        self.origin = origin
        self.ruleProfile = ruleProfile
        active = [Bool](repeating: false, count: registry.count)
        tallies = HotspotTallies(count: registry.count)
        keys = registry.hotspots.map(\.key)
        var eirpOfRegion: [RegionName: Double?] = [:]
        eirpOfHotspot = registry.hotspots.map { hotspot in
            guard let region = hotspot.region else { return nil }
            if let known = eirpOfRegion[region] { return known }
            let value = MapVerdicts.eirp(ofRegion: region)
            eirpOfRegion[region] = value
            return value
        }
    }

    /// Makes room for about `witnesses` witness verdicts (an estimate from the input's size), so collecting does not
    /// copy millions of receptions and links each time the arrays grow.
    public mutating func reserveCapacity(witnesses: Int) {
        receptions.reserveCapacity(witnesses)
        links.reserveCapacity(witnesses)
    }

    /// Adds one verdict and keeps its link for the store. `hotspot` and `beaconer` are the registry indices of the
    /// verdict's `pub_key` and of a witness's beaconer (`nil` when not registered); they must agree with the keys.
    public mutating func collect(_ verdict: VerdictRecord, hotspot: Int?, beaconer: Int?) {
        verdictLines += 1
        if let link = add(verdict, hotspot: hotspot, beaconer: beaconer) { links.append(link) }
    }

    /// Counts one verdict; returns the link of a witness verdict.
    mutating func add(_ verdict: VerdictRecord, hotspot: Int?, beaconer: Int?) -> MapLink? {
        decodedVerdicts += 1
        let valid = verdict.status == .valid
        let share = verdict.earnsShare ? HotspotTallies.share(verdict.hexScale, verdict.rewardUnit) : 0
        if let hotspot {
            if valid { active[hotspot] = true }
            switch verdict.kind {
            case .beacon:
                tallies.addBeacon(hotspot, valid: valid, reason: verdict.invalidReason, share: share)
            case .witness:
                tallies.addWitness(
                    hotspot,
                    valid: valid,
                    selected: verdict.selected,
                    reason: verdict.invalidReason,
                    share: share
                )
            }
        }
        guard verdict.kind == .witness else { return nil }
        if let beaconerKey = verdict.beaconer, let rssi = verdict.rssiDBm {
            if valid, let beaconer { active[beaconer] = true }
            receptions.append(
                WitnessReception(
                    beaconerKey: beaconerKey,
                    beaconerLocation: verdict.beaconerLocation,
                    witnessKey: verdict.pubKey,
                    witnessLocation: verdict.location,
                    rssiDBm: rssi,
                    status: valid ? .valid : .invalid,
                    timestampMs: Int64(verdict.receivedTimestampMs),
                    distanceMeters: verdict.distanceMeters.map(Double.init),
                    transmitterEIRPDBm: beaconer.flatMap { eirpOfHotspot[$0] }
                )
            )
        }
        return MapLink(
            verdict,
            witness: hotspot.map { Int32($0) } ?? keyNumber(verdict.pubKey),
            beaconer: beaconer.map { Int32($0) } ?? verdict.beaconer.map { keyNumber($0) } ?? -1
        )
    }

    /// The number of a key the registry does not list (added on first sight).
    private mutating func keyNumber(_ key: String) -> Int32 {
        if let known = unregisteredKeys[key] { return known }
        let number = Int32(keys.count)
        keys.append(key)
        unregisteredKeys[key] = number
        return number
    }

    /// A beaconer's EIRP: its region plan's maximum EIRP (Helium beaconers transmit at the plan's maximum
    /// conducted power for their antenna gain).
    private static func eirp(ofRegion region: RegionName) -> Double? {
        let plan = RegionPlan.defaultPlans[region] ?? SimulationRegionPlans.plans[region]
        return plan?.maxEIRPTenthsDBm.map { Double($0) / 10 }
    }

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

    /// Reads a verdicts file, handing one ``LinkRow`` per witness verdict to `link` as it goes (the `links` layer
    /// is streamed into the store rather than held).
    static func read(
        verdictsPath: String,
        registry: HotspotRegistry,
        link: (LinkRow) throws(StoreError) -> Void
    ) throws(MapJobError) -> MapVerdicts {
        let file = try verdictsFile(verdictsPath)
        var verdicts = MapVerdicts(registry: registry, origin: file, ruleProfile: ruleProfile(besides: file))
        let reader: VerdictReader
        do { reader = try VerdictReader(path: file) } catch {
            throw MapJobError("cannot read the verdicts: \(error)", badInput: true)
        }
        do {
            while let chunk = try reader.nextChunk() {
                for item in chunk.items {
                    switch item {
                    case .reject: verdicts.rejectedLines += 1
                    case .record(let verdict):
                        let hotspot = registry.index(of: verdict.pubKey)
                        let beaconer = verdict.beaconer.flatMap { registry.index(of: $0) }
                        if let row = verdicts.add(verdict, hotspot: hotspot, beaconer: beaconer) {
                            try link(row.linkRow(keys: verdicts.keys))
                        }
                    }
                }
            }
        } catch let error as StoreError {
            throw MapJobError("writing coverage.gpkg failed: \(error)", badInput: error.isBadInput)
        } catch {
            throw MapJobError("cannot read the verdicts: \(error)", badInput: true)
        }
        verdicts.verdictLines = reader.counters.recordsRead
        return verdicts
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

/// One witness verdict as the `links` layer stores it, compact (keys by number, no reference counted field) until
/// the store's side turns it into a ``LinkRow`` (hex `poc_id`, coordinates, status and reason names).
struct MapLink: Sendable {
    var pocID: SHA256Digest
    var receivedTimestampMs: Int64
    /// `rssi_dbm` and `max_rssi_dbm`; NaN when absent.
    var rssiDBm: Double
    var maxRSSIDBm: Double
    /// Raw H3 indices, 0 when unknown.
    var beaconerLocation: UInt64
    var witnessLocation: UInt64
    /// Numbers into ``MapVerdicts/keys``; −1: no beaconer (a witness that joined no beacon).
    var witness: Int32
    var beaconer: Int32
    /// Whole metres, −1 when unknown.
    var distanceMeters: Int32
    var status: VerificationStatus
    var invalidReason: InvalidReason?
    var selected: Bool

    init(_ verdict: VerdictRecord, witness: Int32, beaconer: Int32) {
        pocID = verdict.pocID
        receivedTimestampMs = Int64(verdict.receivedTimestampMs)
        rssiDBm = verdict.rssiDBm ?? .nan
        maxRSSIDBm = verdict.maxRSSIDBm ?? .nan
        beaconerLocation = verdict.beaconerLocation?.rawValue ?? 0
        witnessLocation = verdict.location?.rawValue ?? 0
        self.witness = witness
        self.beaconer = beaconer
        distanceMeters = verdict.distanceMeters.flatMap { Int32(exactly: $0) } ?? -1
        status = verdict.status
        invalidReason = verdict.invalidReason
        selected = verdict.selected
    }

    /// The row, with key numbers looked up in `keys`.
    func linkRow(keys: [String]) -> LinkRow {
        LinkRow(
            pocID: pocID.hexString,
            beaconer: beaconer >= 0 ? keys[Int(beaconer)] : "",
            witness: keys[Int(witness)],
            beaconerLocation: MapLink.centre(beaconerLocation),
            witnessLocation: MapLink.centre(witnessLocation),
            status: status.description,
            invalidReason: invalidReason?.name,
            rssidBm: rssiDBm.isNaN ? nil : rssiDBm,
            maxRSSIdBm: maxRSSIDBm.isNaN ? nil : maxRSSIDBm,
            distanceMeters: distanceMeters >= 0 ? Int(distanceMeters) : nil,
            selected: selected,
            receivedTimestamp: receivedTimestampMs
        )
    }

    private static func centre(_ raw: UInt64) -> LatLng? {
        guard raw != 0 else { return nil }
        return try? H3.cellToLatLng(H3Cell(rawValue: raw))
    }
}
