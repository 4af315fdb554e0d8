import Foundation
import PocMapCore
import Testing
import _PocMapTestSupport

@testable import PocMapIO

/// A tiny, independent protobuf writer for building test messages.
private struct ProtoWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func key(_ field: Int, _ wireType: Int) { varint(UInt64(field << 3 | wireType)) }
    mutating func uint(_ field: Int, _ value: UInt64) {
        key(field, 0)
        varint(value)
    }
    mutating func int32(_ field: Int, _ value: Int32) {
        key(field, 0)
        varint(UInt64(bitPattern: Int64(value)))  // negative int32 is sign-extended to 10 bytes
    }
    mutating func sint32(_ field: Int, _ value: Int32) {
        key(field, 0)
        varint(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
    }
    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        key(field, 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// `[uint32 big-endian length][message]`.
    static func framed(_ message: [UInt8]) -> [UInt8] {
        let n = UInt32(message.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + message
    }
}

private let witnessKey: [UInt8] = [0x00] + (1...32).map { UInt8($0) }

/// A lora_witness_ingest_report_v1 with every field set.
private func witnessMessage(
    received: UInt64 = 1_675_572_018_500,
    signal: Int32 = -1060,
    snr: Int32 = -75,
    frequency: UInt64 = 904_500_000,
    datarate: UInt64 = 3,
    extra: (inout ProtoWriter) -> Void = { _ in }
) -> [UInt8] {
    var report = ProtoWriter()
    report.bytes(2, witnessKey)
    report.bytes(3, Array(0..<10))
    report.uint(4, 1_675_572_018_400_123_456)
    report.uint(5, 3_694_808_522)
    report.sint32(6, signal)
    report.int32(7, snr)
    report.uint(8, frequency)
    report.uint(10, datarate)
    report.bytes(11, [UInt8](repeating: 0xAB, count: 70))  // signature: skipped
    extra(&report)
    var outer = ProtoWriter()
    outer.uint(1, received)
    outer.bytes(2, report.bytes)
    return outer.bytes
}

@Suite("Helium protobuf ingest files")
struct IngestProtobufTests {
    static let realFile = TestPaths.realData(
        "disk91__helium-etl/sample_file/iot_beacon_ingest_report.1675572018068.gz"
    )
    static let realCSV = TestPaths.realData(
        "disk91__helium-etl/sample_file/iot_beacon_ingest_report.1675572018068.decoded.csv"
    )

    /// The decompressed content of the real file (through the project's own gzip reader).
    static func realStream() throws -> [UInt8] {
        let (source, _) = try ByteSourceOpener.open(
            raw: MemoryByteSource(bytes: [UInt8](try Data(contentsOf: realFile))),
            name: "real"
        )
        var all: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try block.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            all += block[0..<count]
        }
        return all
    }

    @Test func realBeaconFileDecodesToTheReportsOfTheCSVBesideIt() throws {
        let reader = try BeaconReader(path: Self.realFile.path)
        #expect(reader.format == .protobuf)
        let items = try reader.readAll()
        #expect(items.allSatisfy { $0.reject == nil }, "\(items.compactMap(\.reject).prefix(3))")
        let reports = items.compactMap(\.record)
        let rows = try String(contentsOf: Self.realCSV, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(reports.count == 1819 && rows.count == 1819)
        #expect(Set(reports.map(\.pubKey)).count == 1815)
        for (index, (report, row)) in zip(reports, rows).enumerated() {
            #expect(row.count == 12)
            let context = "report \(index + 1): \(row[2])"
            #expect(report.receivedTimestampMs == Int(row[0]), "\(context)")
            #expect(report.pubKey == row[2], "\(context)")
            #expect(report.frequencyHz == Int(row[3]), "\(context)")
            #expect(report.dataRate?.name == row[5], "\(context)")
            #expect(report.txPowerDBm == Int(row[6]), "\(context)")
            #expect((report.timestampNs ?? 0) == Int(row[7]), "\(context)")
            #expect(report.tmst == Int(row[8]), "\(context)")
            #expect(report.data.count == Int(row[9]), "\(context)")
            #expect((report.localEntropy?.count ?? 0) == Int(row[10]), "\(context)")
            #expect((report.remoteEntropy?.count ?? 0) == Int(row[11]), "\(context)")
            #expect(report.source == SourceLocation(file: Self.realFile.path, line: index + 1))
        }
        // All but two keys are ECC-compact (key tag 0x00), which HeliumAddress.publicKey(of:) decodes back and
        // checksums; the two others are Ed25519 keys (tag 0x01, addresses starting "13").
        let notECC = reports.filter { HeliumAddress.publicKey(of: $0.pubKey) == nil }
        #expect(notECC.count == 2 && notECC.allSatisfy { $0.pubKey.hasPrefix("13") })
        #expect(reader.counters.recordsRead == 1819 && reader.counters.accountingHolds && reader.counters.isGzip)
    }

    @Test func formatIsSniffedFromContentAndNamesChooseTheKind() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.realFile))
        let sniffed = try BeaconReader(bytes: bytes, name: "beacons.bin")
        #expect(sniffed.format == .protobuf)
        #expect(try sniffed.readAll().compactMap(\.record).count == 1819)
        #expect(InputFormat.inferred(fromFileName: "/x/iot_witness_ingest_report.1675572018068.gz") == .protobuf)
        #expect(InputFormat.inferred(fromFileName: "iot_witness_ingest_report.csv") == .protobuf)
        #expect(InputFormat.inferred(fromFileName: "my_iot_beacon_ingest_report.ndjson") == .ndjson)
        #expect(throws: InputError.self) {
            try WitnessReader(bytes: bytes, name: "iot_beacon_ingest_report.1675572018068.gz")
        }
        #expect(throws: InputError.self) {
            try HotspotReader(bytes: bytes, name: "h", options: ReaderOptions(format: .protobuf))
        }
        // NDJSON still needs its name (or --format): plain text is never taken for protobuf.
        #expect(throws: InputError.self) { try BeaconReader(bytes: Array("{}\n".utf8), name: "b.txt") }
    }

    @Test func witnessMessagesDecodeEveryField() throws {
        var stream = ProtoWriter.framed(witnessMessage())
        stream += ProtoWriter.framed(
            witnessMessage(signal: 45, snr: 120, datarate: 0) { report in
                report.uint(99, 7)  // an unknown field is skipped
            }
        )
        let items = try WitnessReader(bytes: stream, name: "iot_witness_ingest_report.1.gz").readAll()
        let first = try #require(items[0].record)
        #expect(first.pubKey == HeliumAddress(binaryKey: witnessKey)?.description)
        #expect(HeliumAddress.publicKey(of: first.pubKey) == Array(witnessKey.dropFirst()))
        #expect(first.receivedTimestampMs == 1_675_572_018_500)
        #expect(Array(first.data) == Array(0..<10))
        #expect(first.timestampNs == 1_675_572_018_400_123_456 && first.tmst == 3_694_808_522)
        #expect(first.signalDeciDBm == -1060 && first.snrDeciDB == -75)
        #expect(first.frequencyHz == 904_500_000 && first.dataRate == .sf9bw125)
        #expect(first.source?.description == "iot_witness_ingest_report.1.gz:1")
        let second = try #require(items[1].record)
        #expect(second.signalDeciDBm == 45 && second.snrDeciDB == 120)
        #expect(second.dataRate == .sf12bw125)  // proto3 omits enum value 0
    }

    @Test(
        arguments: [
            (witnessMessage(signal: -2500), "field 'signal': -2500 ddBm is not plausible"),
            (witnessMessage(frequency: 904_500), "field 'frequency': 904500 Hz is not plausible"),
            (witnessMessage(frequency: 0), "missing required field 'frequency'"),
            (witnessMessage(received: 0), "missing required field 'received_timestamp'"),
            (witnessMessage(datarate: 25), "unknown data_rate enum value 25"),
            (witnessMessage { $0.bytes(6, [1]) }, "field 6 has the length-delimited wire type"),
            ([0x08, 0x01], "lora_witness_ingest_report_v1 has no 'report'"),
            ([0x08], "malformed protobuf at byte 176: varint cut off"),
            ([0x12, 0x05, 0x01], "malformed protobuf at byte 176: length 5 runs past the end"),
            ([0x0B, 0x00], "field 1 has the start-group wire type"),
            ([0x2B, 0x00], "malformed protobuf at byte 176: groups (wire types 3 and 4) are not supported"),
            ([0x0F], "invalid wire type 7"),
            ([0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01], "varint longer than 64 bits"),
        ] as [([UInt8], String)]
    )
    func badMessagesAreRejectedWithTheirOffset(message: [UInt8], error: String) throws {
        let stream = ProtoWriter.framed(witnessMessage()) + ProtoWriter.framed(message)
            + ProtoWriter.framed(witnessMessage())
        let reader = try WitnessReader(bytes: stream, name: "w.pb", options: ReaderOptions(format: .protobuf))
        let items = try reader.readAll()
        #expect(items.count == 3)
        let reject = try #require(items[1].reject)
        #expect(reject.error.contains(error), "\(reject.error)")
        #expect(reject.source == SourceLocation(file: "w.pb", line: 2))
        #expect(items[0].record != nil && items[2].record != nil)
        #expect(reader.counters.accountingHolds && reader.counters.rejected == 1)
    }

    @Test func rejectOffsetsCountFromTheStreamStart() throws {
        let good = ProtoWriter.framed(witnessMessage())
        let stream = good + ProtoWriter.framed([0x08])
        let items = try WitnessReader(bytes: stream, name: "w.pb", options: ReaderOptions(format: .protobuf)).readAll()
        // Message 2 starts at byte good.count; its body (after the 4-byte prefix) at good.count + 4, and the
        // cut-off varint after the one-byte key at good.count + 5.
        #expect(
            items[1].reject?.error
                == "lora_witness_ingest_report_v1 at byte \(good.count): malformed protobuf at byte \(good.count + 5): varint cut off by the end of the message"
        )
    }

    @Test func truncatedStreamsEndWithOneReject() throws {
        let stream = try Self.realStream()
        // Offsets of the first messages.
        var starts: [Int] = [0]
        for _ in 0..<3 {
            let at = starts.last ?? 0
            let length = Int(stream[at]) << 24 | Int(stream[at + 1]) << 16 | Int(stream[at + 2]) << 8 | Int(stream[at + 3])
            starts.append(at + 4 + length)
        }
        let options = ReaderOptions(format: .protobuf)
        // Cut inside message 3's body.
        let inBody = try BeaconReader(bytes: Array(stream[0..<(starts[2] + 40)]), name: "b", options: options)
        let items = try inBody.readAll()
        #expect(items.count == 3 && items[0].record != nil && items[1].record != nil)
        #expect(items[2].reject?.error == "truncated at byte \(starts[2]): the stream ends after 36 of the message's \(starts[3] - starts[2] - 4) bytes")
        #expect(items[2].reject?.source.line == 3)
        #expect(inBody.counters.accountingHolds)
        // Cut inside message 3's length prefix.
        let inPrefix = try BeaconReader(bytes: Array(stream[0..<(starts[2] + 2)]), name: "b", options: options).readAll()
        #expect(inPrefix.count == 3)
        #expect(inPrefix[2].reject?.error.contains("inside a length prefix (2 of 4 bytes)") == true)
        // A cut exactly between messages is a clean end.
        #expect(try BeaconReader(bytes: Array(stream[0..<starts[2]]), name: "b", options: options).readAll().count == 2)
    }

    @Test func aTruncatedGzipFileKeepsWhatWasReadThenFails() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.realFile))
        let reader = try BeaconReader(bytes: Array(bytes[0..<(bytes.count / 2)]), name: "iot_beacon_ingest_report.1.gz")
        var records = 0
        var rejects: [Reject] = []
        var failure: InputError?
        do {
            while let chunk = try reader.nextChunk() {
                records += chunk.records.count
                rejects += chunk.rejects
            }
        } catch {
            failure = error
        }
        #expect(failure?.code == .gzipTruncated)
        #expect(records > 500 && records < 1819)
        #expect(rejects.count <= 1 && rejects.allSatisfy { $0.error.hasPrefix("cut off at byte") })
        #expect(reader.counters.accountingHolds)
    }

    @Test func anAbsurdLengthPrefixIsOneReject() throws {
        let stream = ProtoWriter.framed(witnessMessage()) + [0xFF, 0xFF, 0xFF, 0xF0, 0x08, 0x01]
        let reader = try WitnessReader(bytes: stream, name: "w.pb", options: ReaderOptions(format: .protobuf))
        let items = try reader.readAll()
        #expect(items.count == 2)
        #expect(items[1].reject?.error.contains("is 4294967280 bytes long, over the limit of 1048576 bytes") == true)
        #expect(items[1].reject?.text.hasPrefix("fffffff00801") == true)
    }

    /// Random bytes and randomly mutated real messages: never a crash, accounting always holds.
    @Test func fuzzedStreamsNeverCrash() throws {
        var random = SplitMix64(seed: 0x1F8B_0DEC)
        let real = Array(try Self.realStream().prefix(20_000))
        let options = ReaderOptions(format: .protobuf, chunkSize: 7, maxLineBytes: 4096)
        var decoded = 0
        var rejected = 0
        for round in 0..<400 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(random.next() % 600)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                if round % 4 == 0 && bytes.count > 4 { bytes[0] = 0; bytes[1] = 0 }  // plausible lengths
            } else {
                bytes = real
                for _ in 0..<(1 + Int(random.next() % 8)) {
                    let at = Int(random.next() % UInt64(bytes.count))
                    bytes[at] = UInt8(truncatingIfNeeded: random.next())
                }
                bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
            }
            let beacons = try BeaconReader(bytes: bytes, name: "f\(round)", options: options)
            let items = try beacons.readAll()
            #expect(items.count == beacons.counters.recordsRead && beacons.counters.accountingHolds)
            decoded += beacons.counters.decoded
            rejected += beacons.counters.rejected
            let witnesses = try WitnessReader(bytes: bytes, name: "f\(round)", options: options)
            _ = try witnesses.readAll()
            #expect(witnesses.counters.accountingHolds)
        }
        #expect(decoded > 0 && rejected > 0)
    }
}
