import PocMapCore
import PocMapIO

/// `summary.json` (`FORMATS.md` §2.7). Every field is a function of the inputs and options except `wall_time_s`,
/// the only one that changes from run to run.
struct VerifySummary {
    var options: VerifyOptions
    var names: (hotspots: String, beacons: String, witnesses: String)
    var counts: VerifyCounts
    var tally: VerifyTally
    var density: DensitySchedule
    var directory: HotspotDirectory
    var registry: HotspotRegistry
    var stateKeys: Int
    /// Directory hotspots active in the last density map (``DensitySchedule/activeAtLastMap(directory:verifier:)``).
    var activeHotspots: Int
    var payouts: [EpochPayout]
    var accounting: VerifyCounts.Accounting
    var orderViolation: JoinOrderViolation?
    var wallSeconds: Double

    func rendered() -> String {
        document().rendered()
    }

    private func file(_ counters: FileCounters, _ extra: [(String, JSONDocument)]) -> JSONDocument {
        var members: [(String, JSONDocument)] = [
            ("file", .string(counters.file)),
            ("gzip", .bool(counters.isGzip)),
            ("lines", .int(counters.lines)),
            ("read", .int(counters.recordsRead)),
        ]
        members += extra
        members.append(("rejected", .int(counters.rejected)))
        return .object(members)
    }

    private func reasons(_ counts: [Int]) -> JSONDocument {
        var members: [(String, JSONDocument)] = []
        for reason in InvalidReason.allCases.sorted(by: { $0.name < $1.name }) where counts[Int(reason.rawValue)] > 0 {
            members.append((reason.name, .int(counts[Int(reason.rawValue)])))
        }
        return .object(members)
    }

    private func optionalCheck(checked: Int, notChecked: Int, missing: String) -> JSONDocument {
        let status = notChecked == 0 && checked > 0 ? "checked" : checked == 0 ? "not checked" : "partly checked"
        var members: [(String, JSONDocument)] = [
            ("status", .string(status)),
            ("beacons_checked", .int(checked)),
            ("beacons_not_checked", .int(notChecked)),
        ]
        if notChecked > 0 { members.append(("why_not", .string(missing))) }
        return .object(members)
    }

    private func shares(_ hundredMillionths: UInt64) -> JSONDocument {
        var bytes: [UInt8] = []
        JSONBytes.appendFixed(Int64(hundredMillionths), decimals: 8, to: &bytes)
        return .number(String(decoding: bytes, as: UTF8.self))
    }

    private func document() -> JSONDocument {
        let beaconInvalid = tally.beaconTotal - tally.beaconValid
        let witnessInvalid = tally.witnessTotal - tally.witnessValid
        let reciprocity: JSONDocument
        switch options.reciprocity {
        case .notChecked:
            reciprocity = .object([
                ("status", .string("not checked")),
                ("why_not", .string("no history: give --state FILE or --reciprocity batch")),
            ])
        case .batch:
            reciprocity = .object([("status", .string("checked")), ("history", .string("built from this batch"))])
        case .state:
            reciprocity = .object([
                ("status", .string("checked")),
                (
                    "history",
                    .string(options.initialState == nil ? "state file absent: built from this batch" : "state file")
                ),
            ])
        }
        let denylist: JSONDocument =
            options.denylistPath == nil
            ? .null
            : .object([
                ("file", .string(options.denylistPath.map(FileText.baseName) ?? "")),
                ("tag", .string(options.denylist.tag)),
                ("keys", .int(options.denylist.keys.count)),
                ("edges", .int(options.denylist.edges.count)),
            ])
        var epochs: [JSONDocument] = []
        for value in tally.epochs.sorted(by: { $0.epoch < $1.epoch }) {
            let epoch = value.epoch
            var members: [(String, JSONDocument)] = [
                ("epoch", .int(epoch)),
                ("start", .string(JSONBytes.rfc3339(milliseconds: epoch * 86_400_000))),
                ("beacon_shares", shares(value.beacon)),
                ("witness_shares", shares(value.witness)),
            ]
            if let payout = payouts.first(where: { $0.epoch == epoch }) {
                members += [
                    ("emissions_bones", .int(Int64(clamping: payout.emissionsBones))),
                    ("beacon_pool_bones", .number(payout.beaconPool.description)),
                    ("witness_pool_bones", .number(payout.witnessPool.description)),
                    ("data_transfer_pool_bones", .number(payout.dataTransferPool.description)),
                    ("data_transfer_unused_bones", .number(payout.dataTransferUnused.description)),
                    ("operations_pool_bones", .number(payout.operationsPool.description)),
                    ("oracles_pool_bones", .number(payout.oraclesPool.description)),
                    ("beacon_per_share_bones", .number(payout.beaconPerShare.description)),
                    ("witness_per_share_bones", .number(payout.witnessPerShare.description)),
                    ("hotspots_paid", .int(payout.rewards.count)),
                ]
            }
            epochs.append(.object(members))
        }
        let timeRange: JSONDocument
        if let first = tally.firstMs, let last = tally.lastMs {
            timeRange = .object([
                ("first_ms", .int(first)),
                ("last_ms", .int(last)),
                ("first", .string(JSONBytes.rfc3339(milliseconds: first))),
                ("last", .string(JSONBytes.rfc3339(milliseconds: last))),
            ])
        } else {
            timeRange = .null
        }
        let accountingFiles: [(String, JSONDocument)] = accounting.files.map { file in
            (
                file.role,
                .object([
                    ("read", .int(file.read)),
                    (file.role == "hotspots" ? "registry_rows" : "verdict_lines", .int(file.outputLines)),
                    ("reject_lines", .int(file.rejectLines)),
                    ("holds", .bool(file.holds)),
                ])
            )
        }
        var wall: [UInt8] = []
        JSONBytes.appendFixed(Int64((wallSeconds * 1000).rounded()), decimals: 3, to: &wall)

        return .object([
            ("pocmap_version", .string(PocMapVersion.string)),
            ("command", .string("verify")),
            ("profile", .string(options.profile.rawValue)),
            ("density", .string(options.density.name)),
            ("join_window_ms", .int(options.joinWindowMs)),
            (
                "join",
                .object([
                    ("mode", .string(orderViolation == nil && !options.assumeUnordered ? "streaming" : "unbounded")),
                    ("reason", orderViolation.map { .string("input out of order: \($0)") } ?? .null),
                ])
            ),
            (
                "inputs",
                .object([
                    (
                        "hotspots",
                        file(
                            counts.hotspots,
                            [
                                ("registered", .int(counts.hotspotRows)),
                                ("replaced_duplicate_keys", .int(counts.duplicateHotspots)),
                            ]
                        )
                    ),
                    (
                        "beacons",
                        file(counts.beacons, [("valid", .int(tally.beaconValid)), ("invalid", .int(beaconInvalid))])
                    ),
                    (
                        "witnesses",
                        file(
                            counts.witnesses,
                            [
                                ("valid", .int(tally.witnessValid)),
                                ("invalid", .int(witnessInvalid)),
                                ("unmatched", .int(tally.unmatchedWitnesses)),
                            ]
                        )
                    ),
                ])
            ),
            ("accounting", .object([("holds", .bool(accounting.holds))] + accountingFiles)),
            (
                "totals",
                .object([
                    ("hotspots", .int(directory.count)),
                    ("active_hotspots", .int(activeHotspots)),
                    ("beacons", .int(tally.beaconTotal)),
                    ("beacons_valid", .int(tally.beaconValid)),
                    ("beacons_with_witnesses", .int(tally.pocsWithWitnesses)),
                    ("duplicate_beacons", .int(tally.duplicateBeacons)),
                    ("witnesses", .int(tally.witnessTotal)),
                    ("witnesses_valid", .int(tally.witnessValid)),
                    ("witnesses_selected", .int(tally.witnessSelected)),
                    ("witnesses_unmatched", .int(tally.unmatchedWitnesses)),
                ])
            ),
            (
                "reasons",
                .object([("beacons", reasons(tally.beaconReasons)), ("witnesses", reasons(tally.witnessReasons))])
            ),
            (
                "checks",
                .object([
                    ("reciprocity", reciprocity),
                    (
                        "schedule",
                        .object([
                            ("status", .string("checked")),
                            (
                                "history",
                                .string(options.initialState == nil ? "this batch" : "state file and this batch")
                            ),
                        ])
                    ),
                    (
                        "entropy_window",
                        optionalCheck(
                            checked: tally.entropyChecked,
                            notChecked: tally.entropyNotChecked,
                            missing: "beacon reports without entropy_timestamp"
                        )
                    ),
                    (
                        "payload_derivation",
                        optionalCheck(
                            checked: tally.payloadChecked,
                            notChecked: tally.payloadNotChecked,
                            missing: "beacon reports without local_entropy, remote_entropy and entropy_timestamp"
                        )
                    ),
                    ("denylist", denylist),
                ])
            ),
            (
                "density",
                .object([
                    ("parameter_set", .string(options.density.name)),
                    ("maps_built", .int(density.mapsBuilt)),
                    ("last_map_ms", density.buildTimeMs.map { .int($0) } ?? .null),
                    ("valid_beacons_with_default_scale", .int(tally.defaultScaleBeacons)),
                ])
            ),
            (
                "state",
                .object([
                    ("input", options.statePath.map { .string(FileText.baseName($0)) } ?? .null),
                    ("input_keys", .int(options.initialState?.count ?? 0)),
                    ("output", .string(options.stateOutputPath ?? "state.txt")),
                    ("output_keys", .int(stateKeys)),
                ])
            ),
            ("rewards", .object([("epochs", .array(epochs))])),
            ("time_range", timeRange),
            ("wall_time_s", .number(String(decoding: wall, as: UTF8.self))),
        ])
    }
}
