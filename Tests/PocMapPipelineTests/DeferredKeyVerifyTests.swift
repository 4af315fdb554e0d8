import Foundation
import PocMapCore
import Testing

@testable import PocMapIO
@testable import PocMapPipeline

/// `pocmap verify` reads witness reports in the canonical layout without their key strings (known hotspots' keys
/// come from the directory, unknown ones are given back by the reader). The verdicts must be exactly those of
/// the same reports read through the general path, keys included: known, unknown, an unknown key twice in one
/// PoC, unmatched witnesses of known and unknown hotspots, duplicate beacons.
@Suite("verify: deferred witness keys")
struct DeferredKeyVerifyTests {
    /// A witness line in the canonical layout (with `timestamp`), or with a space that sends it down the general
    /// path.
    static func witness(_ key: String, _ ms: Int, _ data: String, canonical: Bool) -> String {
        let line =
            #"{"pub_key":"\#(key)","received_timestamp":\#(ms),"data":"\#(data)","signal":-1100,"snr":50,"#
            + #""frequency":904100000,"datarate":"SF9BW125","timestamp":\#(ms)000000}"#
        return canonical ? line : line.replacingOccurrences(of: #""snr":50"#, with: #""snr": 50"#)
    }

    static func run(canonical: Bool, threads: Int, emissions: Bool) throws -> (String, String, String) {
        let scratch = try Scratch("deferred\(canonical)\(threads)\(emissions)")
        defer { scratch.remove() }
        let a = payload(1)
        let b = payload(2)
        let c = payload(3)
        let beacons = [
            beaconLine("alpha", 1_700_000_000_000, a), beaconLine("bravo", 1_700_000_100_000, b),
            beaconLine("echo", 1_700_000_100_500, b),  // repeats b's payload: duplicate_beacon
        ]
        let witnesses = [
            witness("charlie", 1_700_000_000_400, a, canonical: canonical),
            witness("stranger", 1_700_000_000_500, a, canonical: canonical),
            witness("stranger", 1_700_000_000_600, a, canonical: canonical),
            witness("nomad", 1_700_000_000_700, a, canonical: canonical),
            witness("delta", 1_700_000_000_800, a, canonical: canonical),
            witness("alpha", 1_700_000_100_300, b, canonical: canonical),
            witness("wanderer", 1_700_000_100_350, b, canonical: canonical),
            witness("echo", 1_700_000_150_000, c, canonical: canonical),  // unmatched, known
            witness("ghost", 1_700_000_150_100, c, canonical: canonical),  // unmatched, unknown
        ]
        let (_, verdicts) = try runSmall(scratch, beacons: beacons, witnesses: witnesses) { options in
            options.threads = threads
            if emissions { options.emissionsBones = 1_000_000 }
        }
        #expect(verdicts.count == 3 + 9)
        let text = try scratch.read("out/verdicts.ndjson")
        let hotspots = try scratch.read("out/hotspots.csv")
        let rewards = emissions ? try scratch.read("out/rewards.csv") : ""
        return (text, hotspots, rewards)
    }

    @Test("the canonical lines take the reader's fast path, the others do not")
    func linesTakeTheirPaths() {
        func fast(_ line: String) -> Bool {
            let bytes = Array(line.utf8)
            let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * bytes.count)
            defer { scratch.deallocate() }
            let source = SourceLocation(file: "w", line: 1)
            var items: [ReadResult<WitnessReport>] = []
            let decoded = bytes.withUnsafeBufferPointer {
                CanonicalWitnessLine.decode($0, source: source, scratch: scratch, into: &items)
            }
            return decoded != nil
        }
        #expect(fast(DeferredKeyVerifyTests.witness("alpha", 1_700_000_000_400, payload(1), canonical: true)))
        #expect(!fast(DeferredKeyVerifyTests.witness("alpha", 1_700_000_000_400, payload(1), canonical: false)))
    }

    @Test("verdicts, hotspot counts and rewards match the general path's", arguments: [1, 2], [false, true])
    func sameAsGeneralPath(threads: Int, emissions: Bool) throws {
        let fast = try DeferredKeyVerifyTests.run(canonical: true, threads: threads, emissions: emissions)
        let general = try DeferredKeyVerifyTests.run(canonical: false, threads: threads, emissions: emissions)
        #expect(fast.0 == general.0)
        #expect(fast.1 == general.1)
        #expect(fast.2 == general.2)
        // The witnesses of alpha's PoC earn shares, under their own keys.
        if emissions { #expect(fast.2.contains("charlie") && fast.2.contains("delta")) }
        let keys = try jsonLines(fast.0).map { $0["pub_key"] as? String ?? "?" }
        #expect(
            keys == [
                "alpha", "charlie", "stranger", "stranger", "nomad", "delta", "bravo", "echo", "alpha", "wanderer",
                "echo", "ghost",
            ]
        )
    }
}
