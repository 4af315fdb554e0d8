/// A beacon report: a hotspot's own account of a beacon it transmitted (`FORMATS.md` §1.2).
public struct BeaconReport: Hashable, Sendable {
    /// The key of the transmitting hotspot.
    public var pubKey: String
    /// When the network received the report, in milliseconds since the Unix epoch. All timing rules use it.
    public var receivedTimestampMs: Int
    /// The beacon payload; the join key with witnesses.
    public var data: PayloadBytes
    /// The transmit frequency in Hz.
    public var frequencyHz: Int
    /// The data rate, when reported.
    public var dataRate: DataRate?
    /// Conducted transmit power in integer dBm.
    public var txPowerDBm: Int
    /// The hotspot clock in nanoseconds since the epoch (kept, not used for checks).
    public var timestampNs: Int?
    /// The concentrator's microsecond counter (kept, not used).
    public var tmst: Int?
    /// The hotspot's local entropy (4 random bytes in Helium), for the optional payload derivation check.
    public var localEntropy: PayloadBytes?
    /// The remote entropy (32 bytes in Helium), for the optional payload derivation check.
    public var remoteEntropy: PayloadBytes?
    /// When the remote entropy was published, in whole seconds since the epoch.
    public var entropyTimestampSeconds: Int?
    /// The remote entropy version, 0 or 1.
    public var entropyVersion: Int?
    /// Where the record was read, when it came from a file.
    public var source: SourceLocation?

    /// Creates a beacon report.
    public init(
        pubKey: String,
        receivedTimestampMs: Int,
        data: PayloadBytes,
        frequencyHz: Int,
        dataRate: DataRate? = nil,
        txPowerDBm: Int,
        timestampNs: Int? = nil,
        tmst: Int? = nil,
        localEntropy: PayloadBytes? = nil,
        remoteEntropy: PayloadBytes? = nil,
        entropyTimestampSeconds: Int? = nil,
        entropyVersion: Int? = nil,
        source: SourceLocation? = nil
    ) {
        self.pubKey = pubKey
        self.receivedTimestampMs = receivedTimestampMs
        self.data = data
        self.frequencyHz = frequencyHz
        self.dataRate = dataRate
        self.txPowerDBm = txPowerDBm
        self.timestampNs = timestampNs
        self.tmst = tmst
        self.localEntropy = localEntropy
        self.remoteEntropy = remoteEntropy
        self.entropyTimestampSeconds = entropyTimestampSeconds
        self.entropyVersion = entropyVersion
        self.source = source
    }
}
