import PocMapIO

/// The per-file counts behind the accounting invariant (`FORMATS.md` §2.2): every record read from an input is
/// a line of `verdicts.ndjson` or of `rejects.ndjson`. For the hotspot registry the lines are the rows of
/// `hotspots.csv`, the rows replaced by a later row with the same key, and the rejects.
struct VerifyCounts {
    var hotspots: FileCounters
    var beacons: FileCounters
    var witnesses: FileCounters
    var hotspotRows: Int
    var duplicateHotspots: Int
    var hotspotRejectLines: Int
    var beaconRejectLines: Int
    var witnessRejectLines: Int

    /// The result of the check, per file.
    struct Accounting {
        struct File {
            var role: String
            var read: Int
            var outputLines: Int
            var rejectLines: Int
            var holds: Bool { read == outputLines + rejectLines }
        }

        var files: [File]
        var holds: Bool { files.allSatisfy(\.holds) }

        /// The numbers of every file that fails, in one line.
        var message: String {
            let failing = files.filter { !$0.holds }.map {
                "\($0.role): read \($0.read) != \($0.outputLines) output lines + \($0.rejectLines) reject lines"
            }
            return "accounting invariant failed: " + failing.joined(separator: "; ")
        }
    }

    func accounting(tally: VerifyTally) -> Accounting {
        Accounting(files: [
            .init(
                role: "hotspots",
                read: hotspots.recordsRead,
                outputLines: hotspotRows + duplicateHotspots,
                rejectLines: hotspotRejectLines
            ),
            .init(
                role: "beacons",
                read: beacons.recordsRead,
                outputLines: tally.beaconLines,
                rejectLines: beaconRejectLines
            ),
            .init(
                role: "witnesses",
                read: witnesses.recordsRead,
                outputLines: tally.witnessLines,
                rejectLines: witnessRejectLines
            ),
        ])
    }
}
