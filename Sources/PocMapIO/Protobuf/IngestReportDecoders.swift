import PocMapCore

/// Decodes one protobuf message of a Helium ingest file into a report (`FORMATS.md` §1.4). One decoder per
/// report type, as ``RecordDecoder`` is for text lines.
protocol IngestMessageDecoder {
    associatedtype Record: Sendable
    /// The protobuf message name, for messages.
    static var messageName: String { get }
    /// Decodes one message; `baseOffset` is the message's offset in the decompressed stream (for errors). Throws
    /// ``ProtobufWireError`` or ``IngestFieldError``; ``decode(_:baseOffset:source:)`` turns them into the reject's
    /// message.
    static func decodeFields(_ message: UnsafeRawBufferPointer, baseOffset: Int, source: SourceLocation) throws
        -> Record
}

extension IngestMessageDecoder {
    /// Decodes one message, its failure as the ``IngestDecodingError`` a reject carries.
    static func decode(_ message: UnsafeRawBufferPointer, baseOffset: Int, source: SourceLocation)
        throws(IngestDecodingError) -> Record
    {
        do {
            return try decodeFields(message, baseOffset: baseOffset, source: source)
        } catch let wire as ProtobufWireError {
            throw IngestDecodingError(wire)
        } catch let field as IngestFieldError {
            throw IngestDecodingError(field.message)
        } catch {
            throw IngestDecodingError("\(error)")  // not reached: only the two error types above are thrown
        }
    }

    /// The envelope both ingest reports share: {1 received_timestamp uint64 ms, 2 report (the request message)}.
    /// Returns the received time and the report's bytes with their offset inside `message`.
    static func envelope(_ message: UnsafeRawBufferPointer, baseOffset: Int)
        throws -> (received: UInt64, report: (bytes: UnsafeRawBufferPointer, offset: Int))
    {
        var outer = ProtobufWireReader(message, baseOffset: baseOffset)
        var received: UInt64 = 0
        var report: (bytes: UnsafeRawBufferPointer, offset: Int)?
        while let field = try outer.nextField() {
            switch (field.number, field.wireType) {
            case (1, .varint): received = try outer.varint()
            case (2, .lengthDelimited): report = try outer.lengthDelimited()
            case (1, _), (2, _): throw IngestFieldError.wireType(field.number, field.wireType, messageName)
            default: try outer.skip(field.wireType)
            }
        }
        guard let report else { throw IngestFieldError.missing("report", messageName) }
        return (received, report)
    }
}

/// Why one ingest message could not be read; becomes the `error` of a ``Reject``.
struct IngestDecodingError: Error {
    var message: String
    init(_ message: String) { self.message = message }
    init(_ wire: ProtobufWireError) { message = "malformed protobuf \(wire)" }
}

/// `lora_beacon_ingest_report_v1` {1 received_timestamp uint64 ms, 2 report lora_beacon_report_req_v1}, with
/// lora_beacon_report_req_v1 {2 pub_key, 3 local_entropy, 4 remote_entropy, 5 data (bytes), 6 frequency uint64
/// Hz, 7 channel int32 (not kept), 8 datarate enum data_rate, 9 tx_power int32 dBm, 10 timestamp uint64 ns,
/// 11 signature (not kept), 12 tmst uint32} (helium/proto `service/poc_lora.proto`).
enum BeaconIngestDecoder: IngestMessageDecoder {
    static let messageName = "lora_beacon_ingest_report_v1"

    static func decodeFields(_ message: UnsafeRawBufferPointer, baseOffset: Int, source: SourceLocation) throws
        -> BeaconReport
    {
        let (received, report) = try envelope(message, baseOffset: baseOffset)
        var inner = ProtobufWireReader(report.bytes, baseOffset: baseOffset + report.offset)
        var key: UnsafeRawBufferPointer?
        var local: UnsafeRawBufferPointer?
        var remote: UnsafeRawBufferPointer?
        var data: UnsafeRawBufferPointer?
        var frequency: UInt64 = 0
        var rate: UInt64 = 0
        var power: Int32 = 0
        var clock: UInt64 = 0
        var counter: UInt64 = 0
        let name = "lora_beacon_report_req_v1"
        while let field = try inner.nextField() {
            switch (field.number, field.wireType) {
            case (2, .lengthDelimited): key = try inner.lengthDelimited().bytes
            case (3, .lengthDelimited): local = try inner.lengthDelimited().bytes
            case (4, .lengthDelimited): remote = try inner.lengthDelimited().bytes
            case (5, .lengthDelimited): data = try inner.lengthDelimited().bytes
            case (6, .varint): frequency = try inner.varint()
            case (8, .varint): rate = try inner.varint()
            case (9, .varint): power = ProtobufWireReader.int32(try inner.varint())
            case (10, .varint): clock = try inner.varint()
            case (12, .varint): counter = try inner.varint()
            case (2...6, _), (8...10, _), (12, _): throw IngestFieldError.wireType(field.number, field.wireType, name)
            default: try inner.skip(field.wireType)
            }
        }
        let txPower = Int(power)
        guard PlausibleRanges.txPowerDBm.contains(txPower) else {
            throw IngestFieldError.implausible(
                "tx_power",
                "\(txPower) dBm",
                PlausibleRanges.txPowerDBm,
                "dBm"
            )
        }
        return BeaconReport(
            pubKey: try address(key),
            receivedTimestampMs: try timestamp(received),
            data: try payload(data),
            frequencyHz: try frequencyHz(frequency),
            dataRate: try dataRate(rate),
            txPowerDBm: txPower,
            timestampNs: try optionalInt(clock, "timestamp"),
            tmst: Int(UInt32(truncatingIfNeeded: counter)),  // uint32: protobuf keeps the low 32 bits
            localEntropy: local.map { PayloadBytes($0) },
            remoteEntropy: remote.map { PayloadBytes($0) },
            source: source
        )
    }
}

/// `lora_witness_ingest_report_v1` {1 received_timestamp uint64 ms, 2 report lora_witness_report_req_v1}, with
/// lora_witness_report_req_v1 {2 pub_key, 3 data, 4 timestamp uint64 ns, 5 tmst uint32, 6 signal sint32 ddBm,
/// 7 snr int32 ddB, 8 frequency uint64 Hz, 10 datarate enum data_rate, 11 signature (not kept)}
/// (helium/proto `service/poc_lora.proto`).
enum WitnessIngestDecoder: IngestMessageDecoder {
    static let messageName = "lora_witness_ingest_report_v1"

    static func decodeFields(_ message: UnsafeRawBufferPointer, baseOffset: Int, source: SourceLocation) throws
        -> WitnessReport
    {
        let (received, report) = try envelope(message, baseOffset: baseOffset)
        var inner = ProtobufWireReader(report.bytes, baseOffset: baseOffset + report.offset)
        var key: UnsafeRawBufferPointer?
        var data: UnsafeRawBufferPointer?
        var clock: UInt64 = 0
        var counter: UInt64 = 0
        var signal: Int64 = 0
        var snr: Int32 = 0
        var frequency: UInt64 = 0
        var rate: UInt64 = 0
        let name = "lora_witness_report_req_v1"
        while let field = try inner.nextField() {
            switch (field.number, field.wireType) {
            case (2, .lengthDelimited): key = try inner.lengthDelimited().bytes
            case (3, .lengthDelimited): data = try inner.lengthDelimited().bytes
            case (4, .varint): clock = try inner.varint()
            case (5, .varint): counter = try inner.varint()
            case (6, .varint): signal = ProtobufWireReader.zigZag(try inner.varint())
            case (7, .varint): snr = ProtobufWireReader.int32(try inner.varint())
            case (8, .varint): frequency = try inner.varint()
            case (10, .varint): rate = try inner.varint()
            case (2...8, _), (10, _): throw IngestFieldError.wireType(field.number, field.wireType, name)
            default: try inner.skip(field.wireType)
            }
        }
        guard PlausibleRanges.signalDeciDBm.contains(Int(signal)) else {
            throw IngestFieldError.implausible("signal", "\(signal) ddBm", PlausibleRanges.signalDeciDBm, "ddBm")
        }
        guard PlausibleRanges.snrDeciDB.contains(Int(snr)) else {
            throw IngestFieldError.implausible("snr", "\(snr) ddB", PlausibleRanges.snrDeciDB, "ddB")
        }
        return WitnessReport(
            pubKey: try address(key),
            receivedTimestampMs: try timestamp(received),
            data: try payload(data),
            signalDeciDBm: Int(signal),
            snrDeciDB: Int(snr),
            frequencyHz: try frequencyHz(frequency),
            dataRate: try dataRate(rate),
            timestampNs: try optionalInt(clock, "timestamp"),
            tmst: Int(UInt32(truncatingIfNeeded: counter)),  // uint32: protobuf keeps the low 32 bits
            source: source
        )
    }
}

/// A field of an ingest message that is present but unusable.
struct IngestFieldError: Error {
    var message: String

    static func wireType(_ number: Int, _ type: ProtobufWireReader.WireType, _ message: String) -> IngestFieldError {
        IngestFieldError(message: "\(message) field \(number) has the \(type) wire type, which its type cannot have")
    }

    static func missing(_ field: String, _ message: String) -> IngestFieldError {
        IngestFieldError(message: "\(message) has no '\(field)'")
    }

    static func implausible(_ field: String, _ value: String, _ range: ClosedRange<Int>, _ unit: String)
        -> IngestFieldError
    {
        IngestFieldError(
            message:
                "field '\(field)': \(value) is not plausible (expected \(range.lowerBound) to \(range.upperBound) \(unit))"
        )
    }
}

// MARK: Field conversions shared by both decoders

/// `pub_key` bytes → base58check address (version byte 0x00).
private func address(_ key: UnsafeRawBufferPointer?) throws -> String {
    guard let key, key.count > 0 else { throw IngestFieldError(message: "missing required field 'pub_key'") }
    guard let address = HeliumAddress(binaryKey: key) else {
        throw IngestFieldError(
            message:
                "field 'pub_key': \(key.count) bytes, longer than any Helium key (\(HeliumAddress.maxBinaryKeyBytes))"
        )
    }
    return address.description
}

/// `received_timestamp` (ms), which must be set and plausible.
private func timestamp(_ milliseconds: UInt64) throws -> Int {
    guard milliseconds > 0 else { throw IngestFieldError(message: "missing required field 'received_timestamp'") }
    guard milliseconds <= UInt64(PlausibleRanges.timestampMs.upperBound) else {
        throw IngestFieldError(
            message: "field 'received_timestamp': \(milliseconds) ms is not plausible (expected 1970 to 9999)"
        )
    }
    return Int(milliseconds)
}

/// The payload, required and non-empty.
private func payload(_ data: UnsafeRawBufferPointer?) throws -> PayloadBytes {
    guard let data, data.count > 0 else { throw IngestFieldError(message: "missing required field 'data'") }
    return PayloadBytes(data)
}

/// `frequency` in Hz, required and within ``PlausibleRanges/frequencyHz``.
private func frequencyHz(_ value: UInt64) throws -> Int {
    guard value > 0 else { throw IngestFieldError(message: "missing required field 'frequency'") }
    let range = PlausibleRanges.frequencyHz
    guard value <= UInt64(range.upperBound), Int(value) >= range.lowerBound else {
        throw IngestFieldError.implausible("frequency", "\(value) Hz", range, "Hz")
    }
    return Int(value)
}

/// The `data_rate` enum; proto3 writes nothing for 0 (SF12BW125).
private func dataRate(_ value: UInt64) throws -> DataRate {
    guard value <= UInt64(UInt8.max), let rate = DataRate(rawValue: UInt8(value)) else {
        throw IngestFieldError(message: "field 'datarate': unknown data_rate enum value \(value)")
    }
    return rate
}

/// An optional unsigned field: 0 (proto3's "not set") becomes nil.
private func optionalInt(_ value: UInt64, _ field: String) throws -> Int? {
    guard value > 0 else { return nil }
    guard value <= UInt64(Int.max) else {
        throw IngestFieldError(message: "field '\(field)': \(value) is out of the 64-bit signed range")
    }
    return Int(value)
}
