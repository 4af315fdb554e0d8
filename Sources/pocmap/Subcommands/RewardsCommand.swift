import ArgumentParser
import PocMapCore
import PocMapIO
import PocMapPipeline
import PocMapVerifyCLI

/// `pocmap rewards`: per-hotspot reward shares per UTC-day epoch from verdict files, and with emissions the
/// pools and amounts (POC-RULES §7).
struct RewardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewards",
        abstract: "Sum per-hotspot proof-of-coverage reward shares per UTC day from verdicts (rewards.csv).",
        discussion: """
            Reads the verdicts that `pocmap verify` or `pocmap run` wrote and adds up,
            for every hotspot and every epoch (a UTC day; a reward time of exactly
            midnight belongs to the day that ends there, as in Helium's HIP-138),
              beacon share  = hex_scale x reward_unit of each valid beacon it sent
              witness share = hex_scale x reward_unit of each valid, selected
                              witness report it made
            hex_scale is the beaconer's HIP-17 density scale and reward_unit the
            HIP-15 unit for the number of selected witnesses; both are already in
            the verdicts (4 decimals), so shares are exact to 8 decimals. Each
            share falls in the epoch of its own report's received time.

            INPUT
              --verdicts   verdicts.ndjson (optionally .gz) or the output
                           directory holding it; repeatable
              --hotspots   optional registry (CSV/NDJSON): rewarded keys missing
                           from it are listed on standard error

            OUTPUT (in --out DIR; files are replaced atomically)
              rewards.csv  epoch,date,key,beacon_shares,witness_shares
                           epoch = days since 1970-01-01, date = YYYY-MM-DD (UTC)
              With --emissions BONES (the epoch's IoT emissions, 1 HNT = 10^8
              bones) the pools are split as Helium did: beacons 6 % and witnesses
              24 % of the emissions plus 20 % / 80 % of the unused data-transfer
              pool (50 %); per share = pool / total shares (15 decimals, half to
              even); amount = floor(per share x shares). rewards.csv then adds
              beacon_bones,witness_bones (hotspots with no bones are omitted)
              and pools.csv lists each epoch's pools and per-share amounts.
              --data-credits DC with --hnt-price USD size the data transfer that
              was paid; without them the whole data-transfer pool is unused.

            EXAMPLES
              pocmap rewards --verdicts out/ --out rewards/
              pocmap rewards --verdicts out/verdicts.ndjson --hotspots hotspots.csv \\
                --out rewards/ --emissions 5479452054794 \\
                --data-credits 120000000 --hnt-price 1.25

            Exit status: 0 success; 1 the output could not be written or the pool
            arithmetic failed; 2 bad usage or unreadable input (verdict lines that
            cannot be read stop the command unless --lenient is given).
            """
    )

    @Option(
        name: .long,
        help: ArgumentHelp("verdicts.ndjson[.gz] or a directory holding it. Repeatable.", valueName: "DIR|FILE")
    )
    var verdicts: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Hotspot registry (CSV/NDJSON) to check rewarded keys against.", valueName: "FILE")
    )
    var hotspots: [String] = []

    @Option(name: .long, help: ArgumentHelp("Output directory (created when missing).", valueName: "DIR"))
    var out: String?

    @Option(
        name: .long,
        help: ArgumentHelp("IoT emissions of each epoch in bones (10^8 bones = 1 HNT).", valueName: "BONES")
    )
    var emissions: UInt64?

    @Option(
        name: .long,
        help: ArgumentHelp("Data credits spent on data transfer per epoch (needs --hnt-price).", valueName: "DC")
    )
    var dataCredits: UInt64?

    @Option(name: .long, help: ArgumentHelp("HNT price in USD, for --data-credits.", valueName: "USD"))
    var hntPrice: String?

    @Flag(name: .long, help: "Skip verdict lines that cannot be read (each is still reported) instead of stopping.")
    var lenient = false

    @Flag(name: .long, help: "Print no summary on standard error (errors are still printed).")
    var quiet = false

    func run() throws {
        guard !verdicts.isEmpty else { throw CommandFailure.badInput("rewards: --verdicts DIR|FILE is required") }
        guard let out else { throw CommandFailure.badInput("rewards: --out DIR is required") }
        let input = try emissionsInput()

        var tally = VerdictRewards()
        for path in verdicts {
            guard let file = VerdictRewards.verdictFile(in: path) else {
                throw CommandFailure.badInput("rewards: \(path) holds no verdicts.ndjson or verdicts.ndjson.gz")
            }
            do {
                try tally.read(path: file)
            } catch {
                throw CommandFailure.badInput("rewards: \(error)")
            }
        }
        if !tally.rejects.isEmpty {
            for reject in tally.rejects.prefix(20) { printError("\(reject)") }
            if tally.rejects.count > 20 { printError("... and \(tally.rejects.count - 20) more unreadable line(s)") }
            if !lenient {
                throw CommandFailure.badInput(
                    "rewards: \(tally.rejects.count) verdict line(s) could not be read (listed above); "
                        + "pass --lenient to skip them"
                )
            }
        }
        if !hotspots.isEmpty {
            let registry: HotspotRegistry
            do {
                registry = try HotspotRegistry.load(paths: hotspots)
            } catch {
                throw CommandFailure.badInput("rewards: \(error)")
            }
            let missing = tally.unregisteredKeys(in: registry)
            if !missing.isEmpty {
                printError(
                    "warning: \(missing.count) rewarded key(s) are not in the registry: "
                        + missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", ..." : "")
                )
            }
        }

        let report: RewardsReport
        do {
            report = try RewardsReport(ledger: tally.ledger, emissions: input)
        } catch {
            throw CommandFailure.failed("rewards: \(error)")
        }
        let written: [String]
        do {
            written = try report.write(to: out)
        } catch {
            throw CommandFailure.failed("rewards: \(error)")
        }
        if !quiet {
            printError(
                "pocmap rewards: \(tally.verdicts) verdict(s) read, \(tally.beaconShareLines) beacon and "
                    + "\(tally.witnessShareLines) witness share(s) in \(tally.ledger.epochs.count) epoch(s); "
                    + "\(report.rewardRows) row(s); wrote " + written.joined(separator: ", ")
            )
        }
    }

    /// The pool inputs from the flags, or nil without --emissions.
    private func emissionsInput() throws -> EmissionsInput? {
        guard let emissions else {
            if dataCredits != nil || hntPrice != nil {
                throw CommandFailure.badInput("rewards: --data-credits and --hnt-price need --emissions")
            }
            return nil
        }
        switch (dataCredits, hntPrice) {
        case (nil, nil):
            return EmissionsInput(emissionsBones: emissions)
        case (.some(let credits), .some(let priceText)):
            guard let price = Decimal15(priceText), price.raw > 0 else {
                throw CommandFailure.badInput(
                    "rewards: --hnt-price must be a positive decimal in USD such as 1.25, not '\(priceText)'"
                )
            }
            return EmissionsInput(
                emissionsBones: emissions,
                dataTransfer: DataTransferUsage(dataCredits: credits, hntPriceUSD: price)
            )
        default:
            throw CommandFailure.badInput("rewards: --data-credits and --hnt-price go together")
        }
    }
}
