/// A witness report: a hotspot's account of a beacon it heard (`FORMATS.md` §1.3).
public struct WitnessReport: Hashable, Sendable {
    /// The key of the receiving hotspot.
    public var pubKey: String
    /// When the network received the report, in milliseconds since the Unix epoch. All timing rules use it.
    public var receivedTimestampMs: Int
    /// The payload heard on air; joined byte for byte with the beacon's `data`.
    public var data: PayloadBytes
    /// RSSI in tenths of dBm (ddBm: −1060 = −106.0 dBm). An input `rssi` in dBm is converted with
    /// `(rssi × 10).rounded()` (ties away from zero).
    public var signalDeciDBm: Int
    /// SNR in tenths of dB, when reported.
    public var snrDeciDB: Int?
    /// The receive frequency in Hz.
    public var frequencyHz: Int
    /// The data rate, when reported.
    public var dataRate: DataRate?
    /// The hotspot clock in nanoseconds since the epoch (kept, not used for checks).
    public var timestampNs: Int?
    /// The concentrator's microsecond counter (kept, not used).
    public var tmst: Int?
    /// Where the record was read, when it came from a file.
    public var source: SourceLocation?

    /// Creates a witness report.
    public init(
        pubKey: String,
        receivedTimestampMs: Int,
        data: PayloadBytes,
        signalDeciDBm: Int,
        snrDeciDB: Int? = nil,
        frequencyHz: Int,
        dataRate: DataRate? = nil,
        timestampNs: Int? = nil,
        tmst: Int? = nil,
        source: SourceLocation? = nil
    ) {
        self.pubKey = pubKey
        self.receivedTimestampMs = receivedTimestampMs
        self.data = data
        self.signalDeciDBm = signalDeciDBm
        self.snrDeciDB = snrDeciDB
        self.frequencyHz = frequencyHz
        self.dataRate = dataRate
        self.timestampNs = timestampNs
        self.tmst = tmst
        self.source = source
    }

    /// RSSI in dBm, `signalDeciDBm / 10.0` (the form the RSSI check compares, `POC-RULES.md` §1.2).
    public var rssiDBm: Double { Double(signalDeciDBm) / 10.0 }

    /// SNR in dB, when reported.
    public var snrDB: Double? { snrDeciDB.map { Double($0) / 10.0 } }
}
