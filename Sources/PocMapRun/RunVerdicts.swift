import PocMapCore
import PocMapIO
import PocMapMaps
import PocMapPipeline

/// What `pocmap run` keeps of the verify stage's verdicts for the later stages: the reward shares
/// (``VerdictRewards``) and the map's inputs (``MapVerdicts``), collected as the verdicts are written, so the run
/// never reads its own `verdicts.ndjson` back.
///
/// Each verdict is handed on as the ``VerdictRecord`` that its line in `verdicts.ndjson` decodes to (numbers
/// rounded as the line writes them), so a run's rewards and map equal those of `pocmap rewards` and `pocmap map`
/// on its output directory.
final class RunVerdicts: VerdictObserver, @unchecked Sendable {
    // @unchecked Sendable: written only from the verify stage's formatter thread, read after that thread ended.
    private let registry: HotspotRegistry
    private(set) var rewards = VerdictRewards()
    private var map: MapVerdicts?

    /// An empty collection for the hotspots of `registry` (the registry the verify stage reads), with room for
    /// about `expectedWitnesses` witness verdicts when that estimate is known.
    init(registry: HotspotRegistry, profile: RuleProfile, expectedWitnesses: Int?) {
        self.registry = registry
        self.expectedWitnesses = expectedWitnesses
        map = MapVerdicts(registry: registry, origin: "the verify stage", ruleProfile: profile.rawValue)
        if let expectedWitnesses { map?.reserveCapacity(witnesses: expectedWitnesses) }
    }

    private let expectedWitnesses: Int?

    /// The map inputs, handed over once (the collection lets go of them).
    func takeMapVerdicts() -> MapVerdicts? {
        map.take()
    }

    func restart() {
        rewards = VerdictRewards()
        map = MapVerdicts(registry: registry, origin: "the verify stage", ruleProfile: map?.ruleProfile)
        if let expectedWitnesses { map?.reserveCapacity(witnesses: expectedWitnesses) }
    }

    /// The registry's copy of a registered hotspot's key, else the report's: the collected receptions and links
    /// then share one string per hotspot instead of keeping every report's own copy alive.
    private func key(_ hotspot: HotspotID?, or reported: String) -> String {
        guard let hotspot else { return reported }
        return registry.hotspots[hotspot.index].key
    }

    func observe(_ poc: PoCView, pocID: SHA256Digest) {
        let beacon = poc.head.pointee.beacon
        let beaconVerdict = poc.head.pointee.verdict
        let beaconer = poc.head.pointee.beaconer
        let beaconerKey = key(beaconer, or: beacon.pubKey)
        let record = VerdictRecord(
            kind: .beacon,
            pocID: pocID,
            pubKey: key(beaconVerdict.hotspot, or: beacon.pubKey),
            receivedTimestampMs: beacon.receivedTimestampMs,
            source: "",
            status: beaconVerdict.status,
            invalidReason: beaconVerdict.invalidReason,
            location: beaconVerdict.location,
            hexScale: beaconVerdict.hexScale,
            rewardUnit: beaconVerdict.rewardUnit
        )
        add(record, hotspot: beaconVerdict.hotspot, beaconer: nil)
        for index in poc.reports.indices {
            let witness = RunVerdicts.record(
                poc.reports[index],
                poc.verdicts[index],
                key: key(poc.hotspots[index], or: poc.reports[index].pubKey),
                pocID: pocID,
                beaconer: beaconerKey,
                beaconerLocation: beaconVerdict.location
            )
            add(witness, hotspot: poc.verdicts[index].hotspot, beaconer: beaconer)
        }
    }

    func observeUnmatched(_ report: WitnessReport, _ verdict: WitnessVerdict, pocID: SHA256Digest) {
        let record = RunVerdicts.record(
            report,
            verdict,
            key: key(verdict.hotspot, or: report.pubKey),
            pocID: pocID,
            beaconer: nil,
            beaconerLocation: nil
        )
        add(record, hotspot: verdict.hotspot, beaconer: nil)
    }

    private func add(_ record: VerdictRecord, hotspot: HotspotID?, beaconer: HotspotID?) {
        rewards.add(record)
        map?.collect(record, hotspot: hotspot?.index, beaconer: beaconer?.index)
    }

    /// The record a witness line decodes to (``VerdictFormatter`` writes the same values).
    private static func record(
        _ report: WitnessReport,
        _ verdict: WitnessVerdict,
        key: String,
        pocID: SHA256Digest,
        beaconer: String?,
        beaconerLocation: H3Cell?
    ) -> VerdictRecord {
        VerdictRecord(
            kind: .witness,
            pocID: pocID,
            pubKey: key,
            receivedTimestampMs: report.receivedTimestampMs,
            source: "",
            status: verdict.status,
            invalidReason: verdict.invalidReason,
            location: verdict.location,
            hexScale: verdict.hexScale,
            rewardUnit: verdict.rewardUnit,
            participantSide: verdict.participantSide,
            selected: verdict.selected,
            distanceMeters: verdict.distanceMeters.map(Int.init),
            rssiDBm: Double(report.signalDeciDBm) / 10,
            maxRSSIDBm: verdict.maxRSSIDBm.flatMap(milli),
            rssiMarginDB: verdict.rssiMarginDB.flatMap(milli),
            frequencyOffsetHz: verdict.frequencyOffsetHz,
            gridDistanceRes11: verdict.gridDistanceRes11,
            beaconer: beaconer,
            beaconerLocation: beaconerLocation
        )
    }

    /// A number as a line's 3-decimal field reads back (``LineBuffer/put(milli:)``): `nil` where it writes null.
    private static func milli(_ value: Double) -> Double? {
        guard value.isFinite, abs(value) < 9e15 else { return nil }
        let thousandths = (value * 1000).rounded()
        if thousandths == 0 && value < 0 { return -0.0 }
        return thousandths / 1000
    }
}
